package io.vigil.classify.messaging;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The data of a {@code vigil.article.ingested} event (docs/events.md). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IngestedArticleEvent(UUID id, Integer version, String url, String canonicalUrl, String title, String text,
                                   String lang, Instant publishedAt, String source, Instant ingestedAt,
                                   UUID duplicateOf) {

    /** The fields the contract always sets; an event without them cannot be classified. */
    void requireContractFields() {
        StringBuilder missing = new StringBuilder();
        if (id == null) {
            missing.append(" id");
        }
        if (version == null || version < 1) {
            missing.append(" version");
        }
        if (text == null) {
            missing.append(" text");
        }
        if (ingestedAt == null) {
            missing.append(" ingestedAt");
        }
        if (!missing.isEmpty()) {
            throw new InvalidEventException("missing or invalid field(s):" + missing);
        }
    }
}
