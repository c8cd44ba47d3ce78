package io.vigil.alert.messaging;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The fields of {@code vigil.article.classified} (docs/events.md) that alert-service reads. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClassifiedArticleEvent(
        String id,
        String url,
        String title,
        String text,
        String lang,
        String publishedAt,
        List<Topic> topics,
        List<Country> countries,
        List<String> focus) {

    public ClassifiedArticleEvent {
        topics = topics == null ? List.of() : List.copyOf(topics);
        countries = countries == null ? List.of() : List.copyOf(countries);
        focus = focus == null ? List.of() : List.copyOf(focus);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Topic(String id, double score) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Country(String code, List<String> frameworks) {
        public Country {
            frameworks = frameworks == null ? List.of() : List.copyOf(frameworks);
        }
    }
}
