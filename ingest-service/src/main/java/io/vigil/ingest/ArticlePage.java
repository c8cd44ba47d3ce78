package io.vigil.ingest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A summary-only feed item waiting for (or done with) the fetch of its article page. */
@Entity
@Table(name = "article_page")
public class ArticlePage extends PanacheEntityBase {

    @Id
    @Column(name = "link_hash")
    public String linkHash;

    public String link;

    @Column(name = "source_id")
    public UUID sourceId;

    /** The feed item as parsed, in JSON. */
    public String item;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "done_at")
    public Instant doneAt;

    public String outcome;

    /**
     * Queues the item unless its link was queued before (still waiting or remembered as done).
     *
     * @return whether the item was queued
     */
    public static boolean queueIfNew(String canonicalLink, UUID sourceId, String item, Instant now) {
        return getEntityManager().createNativeQuery("""
                INSERT INTO {h-schema}article_page (link_hash, link, source_id, item, created_at, next_attempt_at)
                VALUES (:linkHash, :link, :sourceId, :item, :now, :now)
                ON CONFLICT (link_hash) DO NOTHING
                """)
                .setParameter("linkHash", TextFingerprint.sha256(canonicalLink))
                .setParameter("link", canonicalLink)
                .setParameter("sourceId", sourceId)
                .setParameter("item", item)
                .setParameter("now", now)
                .executeUpdate() == 1;
    }

    /** Locks the page waiting longest, skipping those another instance is fetching; null when none is due. */
    @SuppressWarnings("unchecked")
    public static ArticlePage claimNextDue(Instant now) {
        List<ArticlePage> due = getEntityManager().createNativeQuery("""
                SELECT * FROM {h-schema}article_page
                WHERE done_at IS NULL AND next_attempt_at <= :now
                ORDER BY next_attempt_at
                LIMIT 1
                FOR UPDATE SKIP LOCKED
                """, ArticlePage.class)
                .setParameter("now", now)
                .getResultList();
        return due.isEmpty() ? null : due.getFirst();
    }

    public static void postpone(String linkHash, Instant until) {
        update("nextAttemptAt = ?1 where linkHash = ?2", until, linkHash);
    }

    public static long forgetDoneBefore(Instant cutoff) {
        return delete("doneAt < ?1", cutoff);
    }
}
