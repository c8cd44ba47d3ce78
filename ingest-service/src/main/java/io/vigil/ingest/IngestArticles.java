package io.vigil.ingest;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.ingest.messaging.ArticleIngestedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

/** Stores a submitted article once, together with the event announcing it, in one transaction. */
@ApplicationScoped
public class IngestArticles {

    private static final Logger LOG = Logger.getLogger(IngestArticles.class);

    private final ObjectMapper objectMapper;
    private final Event<ArticleStored> articleStored;
    private final MeterRegistry meterRegistry;

    public IngestArticles(ObjectMapper objectMapper, Event<ArticleStored> articleStored, MeterRegistry meterRegistry) {
        this.objectMapper = objectMapper;
        this.articleStored = articleStored;
        this.meterRegistry = meterRegistry;
    }

    @Transactional
    public IngestResult ingest(ArticleSubmission submission) {
        String canonicalUrl = submission.url() == null ? null
                : UrlCanonicalizer.canonicalize(submission.url()).orElseThrow();
        String textHash = TextFingerprint.of(submission.title(), submission.text());

        IngestResult result = Article.findSame(canonicalUrl, textHash)
                .map(existing -> new IngestResult(existing.id, IngestResult.Status.DUPLICATE))
                .orElseGet(() -> insert(submission, canonicalUrl, textHash));
        countReceived(result.status().name().toLowerCase(java.util.Locale.ROOT));
        return result;
    }

    /** Counts a submission refused before reaching the store (invalid or too large). */
    public void countRejected() {
        countReceived("rejected");
    }

    private IngestResult insert(ArticleSubmission submission, String canonicalUrl, String textHash) {
        Article article = new Article();
        article.id = UUID.randomUUID();
        article.version = 1;
        article.url = submission.url();
        article.canonicalUrl = canonicalUrl;
        article.title = submission.title();
        article.text = submission.text();
        article.lang = submission.lang();
        article.publishedAt = submission.publishedAt();
        article.source = submission.source() == null ? "api" : submission.source();
        // PostgreSQL keeps microseconds; truncating here keeps the event and the row identical.
        article.ingestedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        article.textHash = textHash;

        if (!article.insertIfNew()) {
            // A concurrent transaction stored the same article between our check and our insert.
            Article winner = Article.findSame(canonicalUrl, textHash)
                    .orElseThrow(() -> new IllegalStateException("Conflicting article vanished"));
            return new IngestResult(winner.id, IngestResult.Status.DUPLICATE);
        }
        writeOutbox(article);
        MDC.put("articleId", article.id.toString());
        try {
            LOG.infof("Accepted article from %s", article.source);
        } finally {
            MDC.remove("articleId");
        }
        articleStored.fire(new ArticleStored(article.id));
        return new IngestResult(article.id, IngestResult.Status.ACCEPTED);
    }

    private void writeOutbox(Article article) {
        OutboxEvent event = new OutboxEvent();
        event.id = UUID.randomUUID();
        event.articleId = article.id;
        event.eventType = ArticleIngestedEvent.TYPE;
        event.payload = toJson(ArticleIngestedEvent.of(article));
        event.createdAt = article.ingestedAt;
        event.nextAttemptAt = article.ingestedAt;
        event.persist();
    }

    private String toJson(ArticleIngestedEvent event) {
        try {
            return objectMapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not serialise the ingested event", e);
        }
    }

    private void countReceived(String status) {
        meterRegistry.counter("vigil_articles_received_total", "status", status).increment();
    }
}
