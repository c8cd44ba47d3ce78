package io.vigil.classify;

import java.time.Instant;

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

    public static boolean seen(String ceId) {
        return findById(ceId) != null;
    }

    public static void record(String ceId, Instant processedAt) {
        ProcessedEvent event = new ProcessedEvent();
        event.ceId = ceId;
        event.processedAt = processedAt;
        event.persist();
    }
}
