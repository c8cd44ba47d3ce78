package io.vigil.ingest;

import java.time.Instant;

/** An article as a client submitted it, already validated. */
public record ArticleSubmission(String url, String title, String text, String lang, Instant publishedAt, String source) {
}
