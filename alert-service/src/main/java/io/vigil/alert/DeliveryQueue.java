package io.vigil.alert;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.vigil.alert.client.WebhookResponse;
import io.vigil.alert.config.VigilConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** The durable delivery queue in PostgreSQL: claims with a lease, records attempts, schedules retries. */
@ApplicationScoped
public class DeliveryQueue {

    private final EntityManager entityManager;
    private final VigilConfig.Delivery config;
    private final RetryPolicy retryPolicy;
    private final AlertMetrics metrics;

    public DeliveryQueue(EntityManager entityManager, VigilConfig config, AlertMetrics metrics) {
        this.entityManager = entityManager;
        this.config = config.delivery();
        this.metrics = metrics;
        this.retryPolicy = new RetryPolicy(this.config.initialBackoff(), this.config.maxBackoff(),
                this.config.maxAttempts(), Math::random);
    }

    /**
     * Leases up to {@code limit} due deliveries. SKIP LOCKED lets several workers (or instances) claim
     * disjoint rows; the lease makes a delivery due again if its worker dies between send and record.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    @SuppressWarnings("unchecked")
    public List<ClaimedDelivery> claim(int limit) {
        List<Object[]> rows = entityManager.createNativeQuery("""
                WITH claimed AS (
                    UPDATE delivery
                       SET locked_until = now() + cast(:leaseMillis AS double precision) * interval '1 millisecond',
                           updated_at = now()
                     WHERE alert_id IN (SELECT alert_id FROM delivery
                                         WHERE status = 'pending'
                                           AND next_attempt_at <= now()
                                           AND (locked_until IS NULL OR locked_until <= now())
                                         ORDER BY next_attempt_at
                                         FOR UPDATE SKIP LOCKED
                                         LIMIT :limit)
                    RETURNING alert_id, subscription_id, attempts)
                SELECT c.alert_id, c.subscription_id, a.article_id, c.attempts, a.payload, s.webhook_url, s.webhook_secret
                  FROM claimed c
                  JOIN alert a ON a.id = c.alert_id
                  JOIN subscription s ON s.id = c.subscription_id""")
                .setParameter("leaseMillis", config.lease().toMillis())
                .setParameter("limit", limit)
                .getResultList();
        return rows.stream()
                .map(row -> new ClaimedDelivery((UUID) row[0], (UUID) row[1], (String) row[2],
                        ((Number) row[3]).intValue(), (String) row[4], (String) row[5], (String) row[6]))
                .toList();
    }

    /** Records one attempt and decides what happens next: done, retry later, or dead. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public DeliveryOutcome record(ClaimedDelivery claimed, Instant attemptedAt, WebhookResponse response) {
        Delivery delivery = Delivery.findById(claimed.alertId());
        if (delivery == null) {
            return DeliveryOutcome.FAILED;
        }
        delivery.attempts++;
        delivery.lockedUntil = null;
        delivery.updatedAt = Instant.now();
        DeliveryOutcome outcome;
        if (response.successful()) {
            outcome = DeliveryOutcome.SUCCESS;
            delivery.status = DeliveryStatus.DELIVERED.dbValue();
        } else if (retryPolicy.exhausted(delivery.attempts)) {
            outcome = DeliveryOutcome.FAILED;
            delivery.status = DeliveryStatus.FAILED.dbValue();
        } else {
            outcome = DeliveryOutcome.RETRY;
            delivery.nextAttemptAt = Instant.now().plus(retryPolicy.delayAfter(delivery.attempts));
        }
        DeliveryAttempt attempt = new DeliveryAttempt();
        attempt.alertId = claimed.alertId();
        attempt.subscriptionId = claimed.subscriptionId();
        attempt.attemptedAt = attemptedAt;
        attempt.outcome = outcome.dbValue();
        attempt.statusCode = response.statusCode();
        attempt.latencyMs = response.latency().toMillis();
        attempt.error = response.error();
        attempt.responseExcerpt = response.excerpt();
        attempt.persist();
        return outcome;
    }

    @Transactional
    public void refreshGauges() {
        Object[] row = (Object[]) entityManager.createNativeQuery("""
                SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0)
                  FROM delivery WHERE status = 'pending'""").getSingleResult();
        metrics.queueState(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
    }
}
