package io.vigil.alert;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One alert per (subscription, article); the payload is frozen so every retry sends the same bytes. */
@Entity
@Table(name = "alert")
public class Alert extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "subscription_id")
    public UUID subscriptionId;

    @Column(name = "article_id")
    public String articleId;

    public String payload;

    @Column(name = "created_at")
    public Instant createdAt;

    public String webhookId() {
        return "msg_" + id;
    }
}
