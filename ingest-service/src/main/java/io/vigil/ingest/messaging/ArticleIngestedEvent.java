package io.vigil.ingest.messaging;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.vigil.ingest.Article;

/** The JSON data of a {@code vigil.article.ingested} CloudEvent (docs/events.md). */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ArticleIngestedEvent(
        UUID id,
        int version,
        String url,
        String canonicalUrl,
        String title,
        String text,
        String lang,
        Instant publishedAt,
        String source,
        Instant ingestedAt,
        UUID duplicateOf) {

    public static final String TYPE = "vigil.article.ingested";
    public static final String SOURCE = "/vigil/ingest-service";

    public static ArticleIngestedEvent of(Article article) {
        return new ArticleIngestedEvent(article.id, article.version, article.url, article.canonicalUrl,
                article.title, article.text, article.lang, article.publishedAt, article.source,
                article.ingestedAt, article.duplicateOf);
    }
}
