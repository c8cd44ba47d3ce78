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

    /** {@link TopicsMode#dbValue()}. */
    @Column(name = "topics_mode")
    public String topicsMode;

    @Column(name = "focus_only")
    public boolean focusOnly;

    @Column(name = "keyword_query")
    public String keywordQuery;

    /** No alerts are created before this instant. */
    @Column(name = "muted_until")
    public Instant mutedUntil;

    /** {@link DeliveryMode#dbValue()}. */
    @Column(name = "delivery_mode")
    public String deliveryMode = DeliveryMode.IMMEDIATE.dbValue();

    /** Where digests are emailed; immediate alerts are never emailed. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "email_recipients")
    public List<String> emailRecipients = List.of();

    /** Null for a digest subscription that is delivered by email only. */
    @Column(name = "webhook_url")
    public String webhookUrl;

    @Column(name = "webhook_secret")
    public String webhookSecret;

    @Column(name = "previous_webhook_secret")
    public String previousWebhookSecret;

    @Column(name = "previous_secret_expires_at")
    public Instant previousSecretExpiresAt;

    /** The issued key that created it; null when created with the environment admin key. */
    @Column(name = "owner_key_id")
    public UUID ownerKeyId;

    @Column(name = "endpoint_disabled_at")
    public Instant endpointDisabledAt;

    @Column(name = "endpoint_disabled_reason")
    public String endpointDisabledReason;

    @Column(name = "endpoint_failing_since")
    public Instant endpointFailingSince;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public SubscriptionCriteria criteria() {
        return new SubscriptionCriteria(topics, TopicsMode.parse(topicsMode).orElseThrow(), countries, frameworks,
                focusOnly, languages, minScore, keywordQuery);
    }

    public void apply(SubscriptionCriteria criteria, String name, String webhookUrl, Instant mutedUntil) {
        this.name = name;
        this.mutedUntil = mutedUntil;
        this.topics = criteria.topics();
        this.topicsMode = criteria.topicsMode().dbValue();
        this.focusOnly = criteria.focusOnly();
        this.keywordQuery = criteria.query();
        this.countries = criteria.countries();
        this.frameworks = criteria.frameworks();
        this.languages = criteria.languages();
        this.minScore = criteria.minScore();
        this.webhookUrl = webhookUrl;
        this.updatedAt = Instant.now();
        enableEndpoint();
    }

    public void deliverAs(DeliveryMode mode, List<String> emailRecipients) {
        this.deliveryMode = mode.dbValue();
        this.emailRecipients = List.copyOf(emailRecipients);
    }

    public DeliveryMode mode() {
        return DeliveryMode.parse(deliveryMode).orElseThrow();
    }

    /** Editing or redelivering is the operator saying the receiver is fixed. */
    public void enableEndpoint() {
        this.endpointDisabledAt = null;
        this.endpointDisabledReason = null;
        this.endpointFailingSince = null;
    }

    public void disableEndpoint(Instant at, String reason) {
        this.endpointDisabledAt = at;
        this.endpointDisabledReason = reason;
    }

    /** The old secret keeps signing next to the new one for {@code overlap}, so receivers can switch at leisure. */
    public String rotateSecret(Instant now, java.time.Duration overlap) {
        this.previousWebhookSecret = webhookSecret;
        this.previousSecretExpiresAt = now.plus(overlap);
        this.webhookSecret = WebhookSigner.newSecret();
        this.updatedAt = now;
        return webhookSecret;
    }

    public boolean mutedAt(Instant now) {
        return mutedUntil != null && now.isBefore(mutedUntil);
    }

    public boolean endpointDisabled() {
        return endpointDisabledAt != null;
    }
}
