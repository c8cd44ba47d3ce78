package io.vigil.ingest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A feed (RSS, Atom or RDF) polled for articles, with the health of its last fetches. */
@Entity
@Table(name = "source")
public class Source extends PanacheEntityBase {

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

    /** Locks up to {@code limit} due sources; those another instance is fetching are skipped. */
    @SuppressWarnings("unchecked")
    public static List<Source> claimDue(Instant now, int limit) {
        return getEntityManager().createNativeQuery("""
                SELECT * FROM {h-schema}source
                WHERE next_fetch_at <= :now
                ORDER BY next_fetch_at
                LIMIT :limit
                FOR UPDATE SKIP LOCKED
                """, Source.class)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList();
    }
}
