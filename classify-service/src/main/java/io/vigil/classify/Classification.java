package io.vigil.classify;

import java.util.List;

/**
 * What the classifier says about one article. Evidence offsets are UTF-16 indices (Java String indices) into
 * {@code title + "\n" + text}.
 */
public record Classification(String lang, List<TopicTag> topics, List<CountryTag> countries, List<String> focus) {

    public record Evidence(String text, int start, int end) {
    }

    /** A topic the article substantively discusses; {@code score} 0.5 means exactly at the topic's threshold. */
    public record TopicTag(String id, double score, List<Evidence> evidence) {
    }

    /** A country the article names, how often, and the NATO partnership frameworks it belongs to. */
    public record CountryTag(String code, int mentions, List<String> frameworks, List<Evidence> evidence) {
    }
}
