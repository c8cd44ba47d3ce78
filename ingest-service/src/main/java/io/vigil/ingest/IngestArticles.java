package io.vigil.ingest;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

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
        Map<String, Article.Stored> storedByUrl = new HashMap<>();
        Map<String, UUID> idByHash = new HashMap<>();
        for (Article.Stored stored : Article.findSame(
                candidates.stream().map(Candidate::canonicalUrl).filter(Objects::nonNull).distinct().toList(),
                hashes)) {
            idByHash.put(stored.textHash(), stored.id());
            if (stored.canonicalUrl() != null) {
                storedByUrl.put(stored.canonicalUrl(), stored);
            }
        }
        ArticleVersion.articleIdsByTextHash(hashes).forEach(idByHash::putIfAbsent);

        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        NearDuplicates nearDuplicates = new NearDuplicates(candidates, now);
        List<Article> fresh = new ArrayList<>();
        Map<String, UUID> freshIdByUrl = new HashMap<>();
        Map<UUID, Article> locked = new HashMap<>();
        List<OutboxEvent> outbox = new ArrayList<>();
        List<IngestResult> decisions = new ArrayList<>(candidates.size());
        for (Candidate candidate : candidates) {
            UUID sameText = idByHash.get(candidate.textHash());
            Article.Stored sameUrl = candidate.canonicalUrl() == null ? null
                    : storedByUrl.get(candidate.canonicalUrl());
            UUID sameUrlInBatch = candidate.canonicalUrl() == null ? null : freshIdByUrl.get(candidate.canonicalUrl());
            if (sameText != null) {
                decisions.add(IngestResult.duplicateOf(sameText));
            } else if (sameUrl != null) {
                decisions.add(storeNewVersion(sameUrl.id(), candidate, now, locked, nearDuplicates, outbox));
                idByHash.put(candidate.textHash(), sameUrl.id());
            } else if (sameUrlInBatch != null) {
                decisions.add(IngestResult.duplicateOf(sameUrlInBatch));
            } else {
                Article article = candidate.toArticle(now);
                article.duplicateOf = nearDuplicates.groupOf(article.simhash);
                nearDuplicates.addEarlierInBatch(article);
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
        fresh.stream().filter(article -> inserted.contains(article.id)).forEach(article -> outbox.add(outboxEvent(article)));
        if (!outbox.isEmpty()) {
            articlesStored.fire(new ArticlesStored(outbox));
        }
        OutboxEvent.insertAll(outbox);

        List<IngestResult> results = new ArrayList<>(decisions.size());
        for (IngestResult decision : decisions) {
            UUID winner = winnerOfLostInsert.get(decision.id());
            results.add(winner == null ? decision : IngestResult.duplicateOf(winner));
        }
        results.stream().collect(Collectors.groupingBy(IngestResult::status, Collectors.counting()))
                .forEach((status, count) -> countReceived(status.name().toLowerCase(Locale.ROOT), count));
        return results;
    }

    private IngestResult storeNewVersion(UUID articleId, Candidate candidate, Instant now, Map<UUID, Article> locked,
            NearDuplicates nearDuplicates, List<OutboxEvent> outbox) {
        Article current = locked.get(articleId);
        if (current == null) {
            // Serialises concurrent updates of one article; reads the row as another transaction may have left it.
            current = Article.getEntityManager().find(Article.class, articleId, LockModeType.PESSIMISTIC_WRITE);
            locked.put(articleId, current);
            if (current.textHash.equals(candidate.textHash())) {
                return IngestResult.duplicateOf(current.id);
            }
            OutboxEvent.keepPendingPayloads(current.id, toJson(ArticleIngestedEvent.of(current)));
        } else {
            // The event of the version stored earlier in this batch is not written yet; it keeps its data itself.
            latestEventOf(current.id, outbox).payload = toJson(ArticleIngestedEvent.of(current));
        }
        ArticleVersion.archive(current);
        ArticleSubmission submission = candidate.submission();
        current.version++;
        current.url = submission.url();
        current.title = submission.title();
        current.text = submission.text();
        current.lang = submission.lang();
        current.publishedAt = candidate.publishedAt();
        current.source = candidate.sourceOrDefault();
        current.textHash = candidate.textHash();
        current.setSimhash(candidate.simhash());
        current.ingestedAt = now;
        nearDuplicates.updated(current);
        outbox.add(outboxEvent(current));
        return IngestResult.accepted(current);
    }

    private static OutboxEvent latestEventOf(UUID articleId, List<OutboxEvent> outbox) {
        for (int i = outbox.size() - 1; i >= 0; i--) {
            if (outbox.get(i).articleId.equals(articleId)) {
                return outbox.get(i);
            }
        }
        throw new IllegalStateException("No event for the article updated earlier in this batch");
    }

    /**
     * Finds the near-duplicate group of each new article of a batch: the stored articles sharing a SimHash
     * band with any article of the batch are read once, then each article is compared with those sharing
     * one of its bands and with every earlier new article of the batch.
     */
    private final class NearDuplicates {

        private final List<Map<Integer, List<Article.Fingerprint>>> storedByBand = new ArrayList<>();
        private final Map<UUID, Article.Fingerprint> updatedInBatch = new HashMap<>();
        private final List<Article.Fingerprint> earlierInBatch = new ArrayList<>();

        NearDuplicates(List<Candidate> candidates, Instant now) {
            for (int band = 0; band < SimHash.BANDS; band++) {
                storedByBand.add(new HashMap<>());
            }
            List<Long> fingerprints = candidates.stream().map(Candidate::simhash).distinct().toList();
            for (Article.Fingerprint stored : Article.sharingABandWithAny(fingerprints,
                    now.minus(config.nearDuplicateWindow()))) {
                for (int band = 0; band < SimHash.BANDS; band++) {
                    storedByBand.get(band).computeIfAbsent(SimHash.band(stored.simhash(), band), key -> new ArrayList<>())
                            .add(stored);
                }
            }
        }

        /** The earliest article of the near-duplicate group the fingerprint falls into, if any. */
        UUID groupOf(long simhash) {
            Closest closest = new Closest(simhash, config.nearDuplicateDistance());
            // A stored article sharing several bands is looked at once per band, which does not change the closest.
            for (int band = 0; band < SimHash.BANDS; band++) {
                for (Article.Fingerprint other : storedByBand.get(band).getOrDefault(SimHash.band(simhash, band), List.of())) {
                    if (updatedInBatch.isEmpty() || !updatedInBatch.containsKey(other.id())) {
                        closest.consider(other);
                    }
                }
            }
            // Articles given a new version earlier in this batch are compared as they are now.
            for (Article.Fingerprint updated : updatedInBatch.values()) {
                if (updated.sharesABandWith(simhash)) {
                    closest.consider(updated);
                }
            }
            earlierInBatch.forEach(closest::consider);
            return closest.group();
        }

        void addEarlierInBatch(Article article) {
            earlierInBatch.add(fingerprintOf(article));
        }

        void updated(Article article) {
            updatedInBatch.put(article.id, fingerprintOf(article));
        }

        private static Article.Fingerprint fingerprintOf(Article article) {
            return new Article.Fingerprint(article.id, article.simhash, article.duplicateOf, article.ingestedAt);
        }
    }

    /** The nearest fingerprint within the distance, the earlier stored one of two as near. */
    private static final class Closest {

        private final long simhash;
        private Article.Fingerprint nearest;
        private int nearestDistance;

        Closest(long simhash, int maxDistance) {
            this.simhash = simhash;
            this.nearestDistance = maxDistance + 1;
        }

        void consider(Article.Fingerprint other) {
            int distance = SimHash.distance(other.simhash(), simhash);
            if (distance < nearestDistance || (distance == nearestDistance && nearest != null
                    && other.ingestedAt().isBefore(nearest.ingestedAt()))) {
                nearest = other;
                nearestDistance = distance;
            }
        }

        /** The group's first article: the nearest one's, or the nearest one itself. */
        UUID group() {
            if (nearest == null) {
                return null;
            }
            return nearest.duplicateOf() != null ? nearest.duplicateOf() : nearest.id();
        }
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
        List<Article.Stored> stored = Article.findSame(
                lost.stream().map(a -> a.canonicalUrl).filter(Objects::nonNull).toList(),
                lost.stream().map(a -> a.textHash).toList());
        for (Article article : lost) {
            UUID winner = stored.stream()
                    .filter(s -> s.textHash().equals(article.textHash)
                            || (article.canonicalUrl != null && article.canonicalUrl.equals(s.canonicalUrl())))
                    .map(Article.Stored::id).findFirst()
                    .orElseThrow(() -> new IllegalStateException("Conflicting article vanished"));
            winners.put(article.id, winner);
        }
        return winners;
    }

    /** Counts a submission refused before reaching the store (invalid or too large). */
    public void countRejected() {
        countReceived("rejected", 1);
    }

    private OutboxEvent outboxEvent(Article article) {
        OutboxEvent event = new OutboxEvent();
        event.id = UUID.randomUUID();
        event.articleId = article.id;
        event.articleVersion = article.version;
        event.eventType = ArticleIngestedEvent.TYPE;
        event.createdAt = article.ingestedAt;
        event.nextAttemptAt = article.ingestedAt;
        event.data = ArticleIngestedEvent.of(article);
        if (LOG.isDebugEnabled()) {
            MDC.put("articleId", article.id.toString());
            try {
                LOG.debugf("Accepted article version %d from %s", article.version, article.source);
            } finally {
                MDC.remove("articleId");
            }
        }
        return event;
    }

    private String toJson(ArticleIngestedEvent event) {
        try {
            return objectMapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not serialise the ingested event", e);
        }
    }

    private void countReceived(String status, long count) {
        meterRegistry.counter("vigil.articles.received", "status", status).increment(count);
    }

    private record Candidate(ArticleSubmission submission, String canonicalUrl, String textHash, long simhash) {

        static Candidate of(ArticleSubmission submission) {
            String canonicalUrl = submission.url() == null ? null
                    : UrlCanonicalizer.canonicalize(submission.url()).orElseThrow();
            byte[] normalized = TextFingerprint.normalizedUtf8(submission.title() + " " + submission.text());
            return new Candidate(submission, canonicalUrl, TextFingerprint.sha256(normalized),
                    SimHash.ofUtf8(normalized));
        }

        /** At the precision PostgreSQL stores, so the event built from the stored row says what was submitted. */
        Instant publishedAt() {
            return submission.publishedAt() == null ? null : submission.publishedAt().truncatedTo(ChronoUnit.MICROS);
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
            article.publishedAt = publishedAt();
            article.source = sourceOrDefault();
            article.ingestedAt = ingestedAt;
            article.textHash = textHash;
            article.setSimhash(simhash);
            return article;
        }
    }
}
