package io.vigil.ingest.rest;

import java.time.Instant;
import java.util.UUID;

import io.vigil.ingest.Article;

/** An article as the read API shows it. */
public record ArticleView(
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

    static ArticleView of(Article article) {
        return new ArticleView(article.id, article.version, article.url, article.canonicalUrl, article.title,
                article.text, article.lang, article.publishedAt, article.source, article.ingestedAt,
                article.duplicateOf);
    }
}
