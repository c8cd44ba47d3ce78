package io.vigil.ingest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

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
