package io.vigil.ingest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An event waiting to be published, written in the same transaction as the article change it reports. */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent extends PanacheEntityBase {

    /** Also the CloudEvent id, so a re-publication carries the same id and consumers can de-duplicate. */
    @Id
    public UUID id;

    @Column(name = "article_id")
    public UUID articleId;

    @Column(name = "event_type")
    public String eventType;

    /** The event's JSON data exactly as it will be published. */
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

    private static final int INSERT_CHUNK = 500;

    /** Inserts new rows with a few multi-row statements instead of one entity insert each. */
    public static void insertAll(List<OutboxEvent> events) {
        for (int from = 0; from < events.size(); from += INSERT_CHUNK) {
            List<OutboxEvent> chunk = events.subList(from, Math.min(events.size(), from + INSERT_CHUNK));
            getEntityManager().createNativeQuery("""
                    INSERT INTO {h-schema}outbox_event (id, article_id, event_type, payload, created_at, next_attempt_at)
                    SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:articleIds AS uuid[]), CAST(:eventTypes AS text[]),
                                         CAST(:payloads AS text[]), CAST(:createdAts AS timestamptz[]),
                                         CAST(:nextAttemptAts AS timestamptz[]))
                    """)
                    .setParameter("ids", column(chunk, event -> event.id))
                    .setParameter("articleIds", column(chunk, event -> event.articleId))
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
     * Locks up to {@code limit} due, unpublished rows for the current transaction. Rows locked by another
     * relay instance are skipped rather than waited for, so two instances never publish one row at once.
     */
    @SuppressWarnings("unchecked")
    public static List<OutboxEvent> claimDue(Instant now, int limit) {
        return getEntityManager().createNativeQuery("""
                SELECT * FROM {h-schema}outbox_event
                WHERE published_at IS NULL AND next_attempt_at <= :now
                ORDER BY created_at, id
                LIMIT :limit
                FOR UPDATE SKIP LOCKED
                """, OutboxEvent.class)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList();
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
            case java.time.OffsetDateTime offset -> offset.toInstant();
            case java.sql.Timestamp timestamp -> timestamp.toInstant();
            default -> throw new IllegalStateException("Unexpected timestamp type " + value.getClass());
        };
    }

    public record PendingSummary(long count, Instant oldestCreatedAt) {
    }
}
