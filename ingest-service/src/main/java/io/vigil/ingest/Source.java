package io.vigil.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A feed (RSS, Atom or RDF) or news sitemap polled for articles, with the health of its last fetches. */
@Entity
@Table(name = "source")
public class Source extends PanacheEntityBase {

    /** The window of "items in the last 24 h". */
    public static final Duration YIELD_WINDOW = Duration.ofHours(24);

    @Id
    public UUID id;

    public String name;

    public String url;

    @Column(name = "poll_interval_secs")
    public int pollIntervalSecs;

    @Column(name = "next_fetch_at")
    public Instant nextFetchAt;

    public String etag;

    @Column(name = "last_modified")
    public String lastModified;

    @Column(name = "last_fetched_at")
    public Instant lastFetchedAt;

    @Column(name = "last_status")
    public String lastStatus;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "consecutive_failures")
    public int consecutiveFailures;

    @Column(name = "articles_found")
    public long articlesFound;

    @Enumerated(EnumType.STRING)
    public SourceKind kind = SourceKind.AUTO;

    /** What the last read document was; differs from {@link #kind} only for {@code AUTO} sources. */
    @Enumerated(EnumType.STRING)
    @Column(name = "detected_kind")
    public SourceKind detectedKind;

    public boolean paused;

    @Column(name = "last_success_at")
    public Instant lastSuccessAt;

    @Column(name = "last_error_at")
    public Instant lastErrorAt;

    /** Short stable code of the last error (timeout, too-large, malformed-xml...), for metrics and alerting. */
    @Column(name = "last_error_reason")
    public String lastErrorReason;

    /** How long after a failure the next try waits; 0 while the source is healthy. */
    @Column(name = "backoff_secs")
    public long backoffSecs;

    /** Locks the source due first; sources another instance is fetching and paused ones are skipped. */
    @SuppressWarnings("unchecked")
    public static Optional<Source> claimDue(Instant now) {
        return getEntityManager().createNativeQuery("""
                SELECT * FROM {h-schema}source
                WHERE next_fetch_at <= :now AND NOT paused
                ORDER BY next_fetch_at
                LIMIT 1
                FOR UPDATE SKIP LOCKED
                """, Source.class)
                .setParameter("now", now)
                .getResultStream().findFirst();
    }

    /** Locks one source for a poll asked for now; empty when it does not exist or is being polled. */
    @SuppressWarnings("unchecked")
    public static Optional<Source> claim(UUID id) {
        return getEntityManager().createNativeQuery(
                        "SELECT * FROM {h-schema}source WHERE id = :id FOR UPDATE SKIP LOCKED", Source.class)
                .setParameter("id", id)
                .getResultStream().findFirst();
    }

    /** Remembers how many articles a poll stored, for the "items in the last 24 h" figure. */
    public static void recordYield(UUID sourceId, Instant polledAt, long articles) {
        getEntityManager().createNativeQuery(
                        "INSERT INTO {h-schema}source_yield (source_id, polled_at, articles) VALUES (:id, :at, :articles)")
                .setParameter("id", sourceId)
                .setParameter("at", polledAt)
                .setParameter("articles", articles)
                .executeUpdate();
    }

    /** Articles stored per source in the last 24 hours; sources without any are absent. */
    public static Map<UUID, Long> articlesLastDayBySource() {
        List<?> rows = getEntityManager().createNativeQuery("""
                SELECT source_id, sum(articles) FROM {h-schema}source_yield
                WHERE polled_at > :since GROUP BY source_id
                """).setParameter("since", Instant.now().minus(YIELD_WINDOW)).getResultList();
        Map<UUID, Long> articles = new HashMap<>();
        for (Object row : rows) {
            Object[] columns = (Object[]) row;
            articles.put((UUID) columns[0], ((Number) columns[1]).longValue());
        }
        return articles;
    }

    public long articlesLastDay() {
        Number sum = (Number) getEntityManager().createNativeQuery(
                        "SELECT coalesce(sum(articles), 0) FROM {h-schema}source_yield WHERE source_id = :id AND polled_at > :since")
                .setParameter("id", id)
                .setParameter("since", Instant.now().minus(YIELD_WINDOW))
                .getSingleResult();
        return sum.longValue();
    }

    /** Drops yields older than the window (with an hour's margin for clocks of other instances). */
    public static void forgetOldYields() {
        getEntityManager().createNativeQuery("DELETE FROM {h-schema}source_yield WHERE polled_at < :before")
                .setParameter("before", Instant.now().minus(YIELD_WINDOW).minus(Duration.ofHours(1)))
                .executeUpdate();
    }
}
