package io.vigil.classify;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An incoming event already handled, by its ce_id: re-deliveries are skipped. */
@Entity
@Table(name = "processed_event")
public class ProcessedEvent extends PanacheEntityBase {

    @Id
    @Column(name = "ce_id")
    public String ceId;

    @Column(name = "processed_at", nullable = false)
    public Instant processedAt;

    /** The ids among {@code ceIds} already processed, in one query. */
    public static Set<String> seenAmong(Collection<String> ceIds) {
        if (ceIds.isEmpty()) {
            return Set.of();
        }
        List<String> seen = getEntityManager()
                .createQuery("select e.ceId from ProcessedEvent e where e.ceId in :ids", String.class)
                .setParameter("ids", ceIds).getResultList();
        return new HashSet<>(seen);
    }

    public static void record(String ceId, Instant processedAt) {
        ProcessedEvent event = new ProcessedEvent();
        event.ceId = ceId;
        event.processedAt = processedAt;
        event.persist();
    }
}
