package io.vigil.ingest;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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

/**
 * Stores submitted articles once each, together with the events announcing them, in one transaction
 * per call: a batch costs a few multi-row statements rather than a round trip per article.
 */
@ApplicationScoped
public class IngestArticles {

    private static final Logger LOG = Logger.getLogger(IngestArticles.class);

    private final ObjectMapper objectMapper;
    private final Event<ArticlesStored> articlesStored;
    private final MeterRegistry meterRegistry;

    public IngestArticles(ObjectMapper objectMapper, Event<ArticlesStored> articlesStored, MeterRegistry meterRegistry) {
        this.objectMapper = objectMapper;
        this.articlesStored = articlesStored;
        this.meterRegistry = meterRegistry;
    }

    @Transactional
    public IngestResult ingest(ArticleSubmission submission) {
        return ingestAll(List.of(submission)).getFirst();
    }

    /** @return one result per submission, in the same order */
    @Transactional
    public List<IngestResult> ingestAll(List<ArticleSubmission> submissions) {
        List<Candidate> candidates = submissions.stream().map(Candidate::of).toList();
        Map<String, UUID> idByUrl = new HashMap<>();
        Map<String, UUID> idByHash = new HashMap<>();
        for (Article stored : Article.findSame(
                candidates.stream().map(Candidate::canonicalUrl).filter(Objects::nonNull).distinct().toList(),
                candidates.stream().map(Candidate::textHash).distinct().toList())) {
            idByHash.put(stored.textHash, stored.id);
            if (stored.canonicalUrl != null) {
                idByUrl.put(stored.canonicalUrl, stored.id);
            }
        }

        Instant ingestedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<Article> fresh = new ArrayList<>();
        List<UUID> decidedIds = new ArrayList<>(candidates.size());
        for (Candidate candidate : candidates) {
            UUID existing = candidate.canonicalUrl() == null ? null : idByUrl.get(candidate.canonicalUrl());
            if (existing == null) {
                existing = idByHash.get(candidate.textHash());
            }
            if (existing != null) {
                decidedIds.add(existing);
                continue;
            }
            // Later items of the same batch repeating this article become its duplicates.
            Article article = candidate.toArticle(ingestedAt);
            fresh.add(article);
            decidedIds.add(article.id);
            idByHash.put(article.textHash, article.id);
            if (article.canonicalUrl != null) {
                idByUrl.put(article.canonicalUrl, article.id);
            }
        }

        Set<UUID> inserted = Article.insertIfNew(fresh);
        Map<UUID, UUID> winnerOfLostInsert = resolveLostInserts(fresh, inserted);
        for (Article article : fresh) {
            if (inserted.contains(article.id)) {
                writeOutbox(article);
            }
        }
        if (!inserted.isEmpty()) {
            articlesStored.fire(new ArticlesStored(inserted.size()));
        }

        List<IngestResult> results = new ArrayList<>(candidates.size());
        Set<UUID> reported = new HashSet<>();
        for (UUID decided : decidedIds) {
            UUID id = winnerOfLostInsert.getOrDefault(decided, decided);
            boolean accepted = inserted.contains(id) && reported.add(id);
            results.add(new IngestResult(id, accepted ? IngestResult.Status.ACCEPTED : IngestResult.Status.DUPLICATE));
        }
        results.forEach(result -> countReceived(result.status().name().toLowerCase(Locale.ROOT)));
        return results;
    }

    /**
     * A concurrent transaction stored some of the same articles between our read and our insert; their
     * rows are the ones to report.
     */
    private static Map<UUID, UUID> resolveLostInserts(List<Article> fresh, Set<UUID> inserted) {
        Map<UUID, UUID> winners = new HashMap<>();
        List<Article> lost = fresh.stream().filter(article -> !inserted.contains(article.id)).toList();
        if (lost.isEmpty()) {
            return winners;
        }
        List<Article> stored = Article.findSame(
                lost.stream().map(a -> a.canonicalUrl).filter(Objects::nonNull).toList(),
                lost.stream().map(a -> a.textHash).toList());
        for (Article article : lost) {
            UUID winner = stored.stream()
                    .filter(s -> s.textHash.equals(article.textHash)
                            || (article.canonicalUrl != null && article.canonicalUrl.equals(s.canonicalUrl)))
                    .map(s -> s.id).findFirst()
                    .orElseThrow(() -> new IllegalStateException("Conflicting article vanished"));
            winners.put(article.id, winner);
        }
        return winners;
    }

    /** Counts a submission refused before reaching the store (invalid or too large). */
    public void countRejected() {
        countReceived("rejected");
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
        MDC.put("articleId", article.id.toString());
        try {
            LOG.infof("Accepted article version %d from %s", article.version, article.source);
        } finally {
            MDC.remove("articleId");
        }
    }

    private String toJson(ArticleIngestedEvent event) {
        try {
            return objectMapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not serialise the ingested event", e);
        }
    }

    private void countReceived(String status) {
        meterRegistry.counter("vigil.articles.received", "status", status).increment();
    }

    private record Candidate(ArticleSubmission submission, String canonicalUrl, String textHash) {

        static Candidate of(ArticleSubmission submission) {
            String canonicalUrl = submission.url() == null ? null
                    : UrlCanonicalizer.canonicalize(submission.url()).orElseThrow();
            return new Candidate(submission, canonicalUrl, TextFingerprint.of(submission.title(), submission.text()));
        }

        Article toArticle(Instant ingestedAt) {
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
            article.ingestedAt = ingestedAt;
            article.textHash = textHash;
            return article;
        }
    }
}
