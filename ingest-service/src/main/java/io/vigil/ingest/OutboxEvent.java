package io.vigil.ingest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import org.hibernate.query.NativeQuery;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.vigil.ingest.messaging.ArticleIngestedEvent;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

/** An event waiting to be published, written in the same transaction as the article change it reports. */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent extends PanacheEntityBase {

    /** Also the CloudEvent id, so a re-publication carries the same id and consumers can de-duplicate. */
    @Id
    public UUID id;

    @Column(name = "article_id")
    public UUID articleId;

    /** The article version the event announces; the relay reads the event's data from that article row. */
    @Column(name = "article_version")
    public int articleVersion;

    @Column(name = "event_type")
    public String eventType;

    /**
     * The event's JSON data, kept only when the article row no longer holds the version announced (it got a
     * newer version before the event was published) and on rows written before the outbox named versions.
     */
    public String payload;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "published_at")
    public Instant publishedAt;

    public int attempts;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    /** The event's data as the storing transaction knew it; not a column: the relay's in-memory copy. */
    @Transient
    public ArticleIngestedEvent data;

    private static final int INSERT_CHUNK = 500;

    /** Inserts new rows with a few multi-row statements instead of one entity insert each. */
    public static void insertAll(List<OutboxEvent> events) {
        for (int from = 0; from < events.size(); from += INSERT_CHUNK) {
            List<OutboxEvent> chunk = events.subList(from, Math.min(events.size(), from + INSERT_CHUNK));
            getEntityManager().createNativeQuery("""
                    INSERT INTO {h-schema}outbox_event (id, article_id, article_version, event_type, payload, created_at,
                                                        next_attempt_at)
                    SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:articleIds AS uuid[]), CAST(:versions AS int[]),
                                         CAST(:eventTypes AS text[]), CAST(:payloads AS text[]),
                                         CAST(:createdAts AS timestamptz[]), CAST(:nextAttemptAts AS timestamptz[]))
                    """)
                    .setParameter("ids", column(chunk, event -> event.id))
                    .setParameter("articleIds", column(chunk, event -> event.articleId))
                    .setParameter("versions", column(chunk, event -> event.articleVersion))
                    .setParameter("eventTypes", column(chunk, event -> event.eventType))
                    .setParameter("payloads", column(chunk, event -> event.payload))
                    .setParameter("createdAts", column(chunk, event -> event.createdAt))
                    .setParameter("nextAttemptAts", column(chunk, event -> event.nextAttemptAt))
                    .executeUpdate();
        }
    }

    /** One column of the chunk as text values, which PostgreSQL casts to the column types. */
    private static String[] column(List<OutboxEvent> chunk, Function<OutboxEvent, Object> field) {
        return chunk.stream().map(field).map(value -> value == null ? null : value.toString()).toArray(String[]::new);
    }

    /**
     * A claimed row with what its event needs: the payload kept on the row, or else the article version it
     * names (null when the article row has moved on to a newer version without the payload being kept).
     */
    public record Claimed(UUID id, UUID articleId, String eventType, Instant createdAt, int attempts, String payload,
            ArticleIngestedEvent article) {
    }

    /**
     * Locks up to {@code limit} due, unpublished rows for the current transaction and reads the article
     * version each one announces in the same statement. Rows locked by another relay instance are skipped
     * rather than waited for, so two instances never publish one row at once.
     */
    public static List<Claimed> claimDue(Instant now, int limit) {
        var query = getEntityManager().createNativeQuery("""
                SELECT o.id, o.article_id, o.event_type, o.created_at, o.attempts, o.payload,
                       a.version, a.url, a.canonical_url, a.title, a.text, a.lang, a.published_at, a.source,
                       a.ingested_at, a.duplicate_of
                FROM {h-schema}outbox_event o
                LEFT JOIN {h-schema}article a
                       ON o.payload IS NULL AND a.id = o.article_id AND a.version = o.article_version
                WHERE o.published_at IS NULL AND o.next_attempt_at <= :now
                ORDER BY o.created_at, o.id
                LIMIT :limit
                FOR UPDATE OF o SKIP LOCKED
                """)
                .setParameter("now", now)
                .setParameter("limit", limit);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.unwrap(NativeQuery.class)
                .addScalar("id", UUID.class).addScalar("article_id", UUID.class)
                // Timestamps as OffsetDateTime: the driver parses them directly, where Instant goes through a new
                // Calendar per value.
                .addScalar("event_type", String.class).addScalar("created_at", OffsetDateTime.class)
                .addScalar("attempts", Integer.class).addScalar("payload", String.class)
                .addScalar("version", Integer.class).addScalar("url", String.class)
                .addScalar("canonical_url", String.class).addScalar("title", String.class)
                .addScalar("text", String.class).addScalar("lang", String.class)
                .addScalar("published_at", OffsetDateTime.class).addScalar("source", String.class)
                .addScalar("ingested_at", OffsetDateTime.class).addScalar("duplicate_of", UUID.class)
                .getResultList();
        List<Claimed> claimed = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            UUID articleId = (UUID) row[1];
            ArticleIngestedEvent article = row[6] == null ? null
                    : new ArticleIngestedEvent(articleId, (Integer) row[6], (String) row[7], (String) row[8],
                            (String) row[9], (String) row[10], (String) row[11], toInstant(row[12]),
                            (String) row[13], toInstant(row[14]), (UUID) row[15]);
            claimed.add(new Claimed((UUID) row[0], articleId, (String) row[2], toInstant(row[3]), (Integer) row[4],
                    (String) row[5], article));
        }
        return claimed;
    }

    /**
     * Keeps the event data of the article's unpublished events on their rows, before the article row
     * changes to a newer version; a relay publishing one of them right now holds its lock, so this waits
     * and then finds it published.
     */
    public static void keepPendingPayloads(UUID articleId, String payload) {
        getEntityManager().createNativeQuery("""
                UPDATE {h-schema}outbox_event SET payload = :payload
                WHERE article_id = :articleId AND published_at IS NULL AND payload IS NULL
                """)
                .setParameter("payload", payload)
                .setParameter("articleId", articleId)
                .executeUpdate();
    }

    /** Leaves a row pending after a failed publication, to be tried again at {@code nextAttemptAt}. */
    public static void recordFailure(UUID id, String error, Instant nextAttemptAt) {
        getEntityManager().createNativeQuery("""
                UPDATE {h-schema}outbox_event SET attempts = attempts + 1, last_error = :error,
                                                  next_attempt_at = :nextAttemptAt
                WHERE id = :id
                """)
                .setParameter("error", error)
                .setParameter("nextAttemptAt", nextAttemptAt)
                .setParameter("id", id)
                .executeUpdate();
    }

    /**
     * Marks rows published with one statement that leaves the payload as it is; an entity update would
     * write every column and so compress the payload again.
     */
    public static void markPublished(List<UUID> ids, Instant publishedAt) {
        if (ids.isEmpty()) {
            return;
        }
        getEntityManager().createNativeQuery("""
                UPDATE {h-schema}outbox_event SET published_at = :publishedAt, last_error = NULL
                WHERE id = ANY(CAST(:ids AS uuid[]))
                """)
                .setParameter("publishedAt", publishedAt)
                .setParameter("ids", ids.stream().map(UUID::toString).toArray(String[]::new))
                .executeUpdate();
    }

    /**
     * Whether any unpublished row is due or waiting for a retry; rows a relay has in memory (not attempted,
     * not due before the hand-over grace has passed) do not count.
     */
    public static boolean anyToPublish(Instant now) {
        return (Boolean) getEntityManager().createNativeQuery("""
                SELECT EXISTS (SELECT 1 FROM {h-schema}outbox_event
                               WHERE published_at IS NULL AND (next_attempt_at <= :now OR attempts > 0))
                """, Boolean.class).setParameter("now", now).getSingleResult();
    }

    /** Count and age of the unpublished rows, for the outbox gauges. */
    public static PendingSummary pendingSummary() {
        Object[] row = (Object[]) getEntityManager().createNativeQuery("""
                SELECT count(*), min(created_at) FROM {h-schema}outbox_event WHERE published_at IS NULL
                """).getSingleResult();
        return new PendingSummary(((Number) row[0]).longValue(), toInstant(row[1]));
    }

    private static Instant toInstant(Object value) {
        return switch (value) {
            case null -> null;
            case Instant instant -> instant;
            case OffsetDateTime offset -> offset.toInstant();
            case java.sql.Timestamp timestamp -> timestamp.toInstant();
            default -> throw new IllegalStateException("Unexpected timestamp type " + value.getClass());
        };
    }

    public record PendingSummary(long count, Instant oldestCreatedAt) {
    }
}
