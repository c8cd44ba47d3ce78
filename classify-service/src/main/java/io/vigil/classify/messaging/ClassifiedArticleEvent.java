package io.vigil.classify.messaging;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.vigil.classify.Classification;

/** The data of a {@code vigil.article.classified} event: the ingested article with the detected language and the classification. */
public record ClassifiedArticleEvent(UUID id, int version, String url, String canonicalUrl, String title, String text,
                                     String lang, Instant publishedAt, String source, Instant ingestedAt,
                                     UUID duplicateOf, Instant classifiedAt, List<Classification.TopicTag> topics,
                                     List<Classification.CountryTag> countries, List<String> focus) {

    static ClassifiedArticleEvent of(IngestedArticleEvent article, Classification classification, Instant classifiedAt) {
        return new ClassifiedArticleEvent(article.id(), article.version(), article.url(), article.canonicalUrl(),
                article.title() == null ? "" : article.title(), article.text(), classification.lang(),
                article.publishedAt(), article.source(), article.ingestedAt(), article.duplicateOf(), classifiedAt,
                classification.topics(), classification.countries(), classification.focus());
    }
}
