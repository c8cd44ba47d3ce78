package io.vigil.alert;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of the durable delivery queue, one per alert. */
@Entity
@Table(name = "delivery")
public class Delivery extends PanacheEntityBase {

    @Id
    @Column(name = "alert_id")
    public UUID alertId;

    @Column(name = "subscription_id")
    public UUID subscriptionId;

    /** {@link DeliveryChannel#dbValue()}. */
    public String channel = DeliveryChannel.WEBHOOK.dbValue();

    /** {@link DeliveryStatus#dbValue()}. */
    public String status;

    public int attempts;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "locked_until")
    public Instant lockedUntil;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
