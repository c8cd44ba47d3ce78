package io.vigil.ingest;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
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
import io.vigil.ingest.config.IngestConfig;
import io.vigil.ingest.messaging.ArticleIngestedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
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
    private final IngestConfig.Ingest config;

    public IngestArticles(ObjectMapper objectMapper, Event<ArticlesStored> articlesStored, MeterRegistry meterRegistry,
            IngestConfig config) {
        this.config = config.ingest();
        this.objectMapper = objectMapper;
        this.articlesStored = articlesStored;
        this.meterRegistry = meterRegistry;
    }

    @Transactional
    public IngestResult ingest(ArticleSubmission submission) {
        return ingestAll(List.of(submission)).getFirst();
    }

    /**
     * Decides for each submission, in order: a text already known (also as an earlier version) is a
     * duplicate; a known canonical URL with a new text is the next version of that article; anything else
     * is a new article, marked as a near-duplicate when its SimHash is close to a recent article's.
     *
     * @return one result per submission, in the same order
     */
    @Transactional
    public List<IngestResult> ingestAll(List<ArticleSubmission> submissions) {
        List<Candidate> candidates = submissions.stream().map(Candidate::of).toList();
        List<String> hashes = candidates.stream().map(Candidate::textHash).distinct().toList();
        Map<String, Article> storedByUrl = new HashMap<>();
        Map<String, UUID> idByHash = new HashMap<>();
        for (Article stored : Article.findSame(
                candidates.stream().map(Candidate::canonicalUrl).filter(Objects::nonNull).distinct().toList(),
                hashes)) {
            idByHash.put(stored.textHash, stored.id);
            if (stored.canonicalUrl != null) {
                storedByUrl.put(stored.canonicalUrl, stored);
            }
        }
        ArticleVersion.withTextHashes(hashes).forEach(old -> idByHash.putIfAbsent(old.textHash, old.articleId));

        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<Article> fresh = new ArrayList<>();
        Map<String, UUID> freshIdByUrl = new HashMap<>();
        Set<UUID> locked = new HashSet<>();
        List<IngestResult> decisions = new ArrayList<>(candidates.size());
        for (Candidate candidate : candidates) {
            UUID sameText = idByHash.get(candidate.textHash());
            Article sameUrl = candidate.canonicalUrl() == null ? null : storedByUrl.get(candidate.canonicalUrl());
            UUID sameUrlInBatch = candidate.canonicalUrl() == null ? null : freshIdByUrl.get(candidate.canonicalUrl());
            if (sameText != null) {
                decisions.add(IngestResult.duplicateOf(sameText));
            } else if (sameUrl != null) {
                decisions.add(storeNewVersion(sameUrl, candidate, now, locked));
                idByHash.put(candidate.textHash(), sameUrl.id);
            } else if (sameUrlInBatch != null) {
                decisions.add(IngestResult.duplicateOf(sameUrlInBatch));
            } else {
                Article article = candidate.toArticle(now);
                article.duplicateOf = nearDuplicateOf(article, fresh, now);
                fresh.add(article);
                decisions.add(IngestResult.accepted(article));
                idByHash.put(article.textHash, article.id);
                if (article.canonicalUrl != null) {
                    freshIdByUrl.put(article.canonicalUrl, article.id);
                }
            }
        }

        Set<UUID> inserted = Article.insertIfNew(fresh);
        Map<UUID, UUID> winnerOfLostInsert = resolveLostInserts(fresh, inserted);
        fresh.stream().filter(article -> inserted.contains(article.id)).forEach(this::writeOutbox);
        boolean published = decisions.stream().anyMatch(IngestResult::accepted);
        if (published) {
            articlesStored.fire(new ArticlesStored(decisions.size()));
        }

        List<IngestResult> results = new ArrayList<>(decisions.size());
        for (IngestResult decision : decisions) {
            UUID winner = winnerOfLostInsert.get(decision.id());
            results.add(winner == null ? decision : IngestResult.duplicateOf(winner));
        }
        results.forEach(result -> countReceived(result.status().name().toLowerCase(Locale.ROOT)));
        return results;
    }

    private IngestResult storeNewVersion(Article current, Candidate candidate, Instant now, Set<UUID> locked) {
        if (locked.add(current.id)) {
            // Serialises concurrent updates of one article; re-reads the row another transaction may have changed.
            Article.getEntityManager().refresh(current, LockModeType.PESSIMISTIC_WRITE);
            if (current.textHash.equals(candidate.textHash())) {
                return IngestResult.duplicateOf(current.id);
            }
        }
        ArticleVersion.archive(current);
        ArticleSubmission submission = candidate.submission();
        current.version++;
        current.url = submission.url();
        current.title = submission.title();
        current.text = submission.text();
        current.lang = submission.lang();
        current.publishedAt = submission.publishedAt();
        current.source = candidate.sourceOrDefault();
        current.textHash = candidate.textHash();
        current.setSimhash(candidate.simhash());
        current.ingestedAt = now;
        writeOutbox(current);
        return IngestResult.accepted(current);
    }

    /** The earliest article of the near-duplicate group this article falls into, if any. */
    private UUID nearDuplicateOf(Article article, List<Article> earlierInBatch, Instant now) {
        int maxDistance = config.nearDuplicateDistance();
        return java.util.stream.Stream.concat(
                        Article.sharingABand(article.simhash, now.minus(config.nearDuplicateWindow())).stream(),
                        earlierInBatch.stream())
                .filter(other -> SimHash.distance(other.simhash, article.simhash) <= maxDistance)
                .min(Comparator.comparingInt((Article other) -> SimHash.distance(other.simhash, article.simhash))
                        .thenComparing(other -> other.ingestedAt))
                .map(other -> other.duplicateOf != null ? other.duplicateOf : other.id)
                .orElse(null);
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

    private record Candidate(ArticleSubmission submission, String canonicalUrl, String textHash, long simhash) {

        static Candidate of(ArticleSubmission submission) {
            String canonicalUrl = submission.url() == null ? null
                    : UrlCanonicalizer.canonicalize(submission.url()).orElseThrow();
            String normalized = TextFingerprint.normalize(submission.title() + " " + submission.text());
            return new Candidate(submission, canonicalUrl, TextFingerprint.sha256(normalized),
                    SimHash.of(normalized));
        }

        String sourceOrDefault() {
            return submission.source() == null ? "api" : submission.source();
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
            article.source = sourceOrDefault();
            article.ingestedAt = ingestedAt;
            article.textHash = textHash;
            article.setSimhash(simhash);
            return article;
        }
    }
}
