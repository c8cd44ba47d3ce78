package io.vigil.alert;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "subscription")
public class Subscription extends PanacheEntityBase {

    @Id
    public UUID id;

    public String name;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> topics;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> countries;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> frameworks;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> languages;

    @Column(name = "min_score")
    public double minScore;

    @Column(name = "webhook_url")
    public String webhookUrl;

    @Column(name = "webhook_secret")
    public String webhookSecret;

    /** The issued key that created it; null when created with the environment admin key. */
    @Column(name = "owner_key_id")
    public UUID ownerKeyId;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public SubscriptionCriteria criteria() {
        return new SubscriptionCriteria(topics, countries, frameworks, languages, minScore);
    }

    public void apply(SubscriptionCriteria criteria, String name, String webhookUrl) {
        this.name = name;
        this.topics = criteria.topics();
        this.countries = criteria.countries();
        this.frameworks = criteria.frameworks();
        this.languages = criteria.languages();
        this.minScore = criteria.minScore();
        this.webhookUrl = webhookUrl;
        this.updatedAt = Instant.now();
    }
}
