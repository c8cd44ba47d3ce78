package io.vigil.alert;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.hibernate.Session;
import org.jboss.logging.Logger;

import io.vigil.alert.client.WebhookResponse;
import io.vigil.alert.config.VigilConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** The durable delivery queue in PostgreSQL: claims with a lease, records attempts, schedules retries. */
@ApplicationScoped
public class DeliveryQueue {

    private static final Logger LOG = Logger.getLogger(DeliveryQueue.class);

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
                                           AND (delivery.channel = 'email'
                                                OR NOT EXISTS (SELECT 1 FROM subscription s
                                                                WHERE s.id = delivery.subscription_id
                                                                  AND s.endpoint_disabled_at IS NOT NULL))
                                         ORDER BY next_attempt_at
                                         FOR UPDATE SKIP LOCKED
                                         LIMIT :limit)
                    RETURNING alert_id, subscription_id, attempts, channel)
                SELECT c.alert_id, c.subscription_id, a.article_id, c.attempts, a.payload, s.webhook_url, s.webhook_secret,
                       CASE WHEN s.previous_secret_expires_at > now() THEN s.previous_webhook_secret END,
                       c.channel, a.digest_id IS NOT NULL, array_to_string(s.email_recipients, ',')
                  FROM claimed c
                  JOIN alert a ON a.id = c.alert_id
                  JOIN subscription s ON s.id = c.subscription_id""")
                .setParameter("leaseMillis", config.lease().toMillis())
                .setParameter("limit", limit)
                .getResultList();
        return rows.stream()
                .map(row -> new ClaimedDelivery((UUID) row[0], (UUID) row[1], (String) row[2],
                        ((Number) row[3]).intValue(), (String) row[4], (String) row[5],
                        row[7] == null ? List.of((String) row[6]) : List.of((String) row[6], (String) row[7]),
                        DeliveryChannel.fromDb((String) row[8]), (Boolean) row[9], emailRecipients((String) row[10])))
                .toList();
    }

    /** Stored addresses never contain a comma (SubscriptionValidator refuses it). */
    private static List<String> emailRecipients(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split(","));
    }

    /**
     * Records one attempt and decides what happens next: done, retry later (honouring Retry-After), or dead.
     * A 410 or a day of failures disables the endpoint; its pending deliveries wait for an operator.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public DeliveryOutcome record(ClaimedDelivery claimed, Instant attemptedAt, WebhookResponse response) {
        return record(List.of(new WebhookAttempt(claimed, attemptedAt, response))).getFirst();
    }

    /**
     * Records the webhook attempts of one claimed batch in one transaction, in the order given.
     *
     * <p>A success needs no decision, so successes are written as one JDBC batch of one statement each (delivery
     * done, attempt logged, endpoint no longer failing), without loading an entity; a commit and a round trip per
     * batch instead of per webhook were most of the CPU a webhook cost. Failures go through
     * {@link #recordAttempt}, which reads the subscription's endpoint state to choose between retry, failure
     * and disabling.
     *
     * @return the outcome of each attempt, in the order given; {@link DeliveryOutcome#FAILED} for a delivery that
     *         no longer exists
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<DeliveryOutcome> record(List<WebhookAttempt> attempts) {
        DeliveryOutcome[] outcomes = new DeliveryOutcome[attempts.size()];
        List<Integer> successes = new ArrayList<>(attempts.size());
        for (int i = 0; i < attempts.size(); i++) {
            if (attempts.get(i).response().successful()) {
                successes.add(i);
            }
        }
        if (!successes.isEmpty()) {
            int[] recorded = recordSuccesses(successes.stream().map(attempts::get).toList());
            for (int i = 0; i < recorded.length; i++) {
                outcomes[successes.get(i)] = recorded[i] == 0 ? DeliveryOutcome.FAILED : DeliveryOutcome.SUCCESS;
            }
        }
        for (int i = 0; i < attempts.size(); i++) {
            if (outcomes[i] == null) {
                WebhookAttempt attempt = attempts.get(i);
                outcomes[i] = recordAttempt(attempt.delivery(), attempt.attemptedAt(), false, attempt.response());
            }
        }
        return List.of(outcomes);
    }

    /** @return per attempt, the number of attempt rows written: 0 when its delivery was deleted meanwhile */
    private int[] recordSuccesses(List<WebhookAttempt> successes) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    WITH done AS (
                        UPDATE delivery
                           SET status = 'delivered', attempts = attempts + 1, locked_until = NULL, updated_at = ?
                         WHERE alert_id = ?
                        RETURNING alert_id, subscription_id),
                    recovered AS (
                        UPDATE subscription SET endpoint_failing_since = NULL
                         WHERE id = (SELECT subscription_id FROM done) AND ? AND endpoint_failing_since IS NOT NULL)
                    INSERT INTO delivery_attempt (alert_id, subscription_id, attempted_at, outcome, status_code,
                                                  latency_ms, error, response_excerpt)
                    SELECT alert_id, subscription_id, ?, 'success', ?, ?, NULL, ? FROM done""")) {
                for (WebhookAttempt success : successes) {
                    WebhookResponse response = success.response();
                    statement.setObject(1, now);
                    statement.setObject(2, success.delivery().alertId());
                    statement.setBoolean(3, success.delivery().channel() == DeliveryChannel.WEBHOOK);
                    statement.setObject(4, success.attemptedAt().atOffset(ZoneOffset.UTC));
                    statement.setInt(5, response.statusCode());
                    statement.setLong(6, response.latency().toMillis());
                    statement.setString(7, response.excerpt());
                    statement.addBatch();
                }
                return statement.executeBatch();
            }
        });
    }

    /**
     * Records one email attempt: accepted by the SMTP server, or failed with {@code error}. It follows the same
     * retry budget as webhooks; the webhook endpoint's failing/disabled state is not touched.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public DeliveryOutcome recordEmail(ClaimedDelivery claimed, Instant attemptedAt, Duration latency, String error) {
        return recordAttempt(claimed, attemptedAt, error == null,
                new WebhookResponse(null, latency, null, error, Optional.empty()));
    }

    private DeliveryOutcome recordAttempt(ClaimedDelivery claimed, Instant attemptedAt, boolean successful,
            WebhookResponse response) {
        boolean webhook = claimed.channel() == DeliveryChannel.WEBHOOK;
        Delivery delivery = Delivery.findById(claimed.alertId());
        Subscription subscription = Subscription.findById(claimed.subscriptionId());
        if (delivery == null || subscription == null) {
            return DeliveryOutcome.FAILED;
        }
        Instant now = Instant.now();
        delivery.attempts++;
        delivery.lockedUntil = null;
        delivery.updatedAt = now;
        DeliveryOutcome outcome;
        if (successful) {
            outcome = DeliveryOutcome.SUCCESS;
            delivery.status = DeliveryStatus.DELIVERED.dbValue();
            if (webhook) {
                subscription.endpointFailingSince = null;
            }
        } else {
            if (webhook && subscription.endpointFailingSince == null) {
                subscription.endpointFailingSince = attemptedAt;
            }
            if (response.gone() || retryPolicy.exhausted(delivery.attempts)) {
                outcome = DeliveryOutcome.FAILED;
                delivery.status = DeliveryStatus.FAILED.dbValue();
            } else {
                outcome = DeliveryOutcome.RETRY;
                Duration delay = response.requestedDelay()
                        .map(requested -> requested.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : requested)
                        .orElseGet(() -> retryPolicy.delayAfter(delivery.attempts));
                delivery.nextAttemptAt = now.plus(delay);
            }
            if (webhook) {
                disableIfHopeless(subscription, response, now);
            }
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

    private void disableIfHopeless(Subscription subscription, WebhookResponse response, Instant now) {
        if (subscription.endpointDisabled()) {
            return;
        }
        if (response.gone()) {
            subscription.disableEndpoint(now, "endpoint answered 410 Gone");
            metrics.endpointDisabled("gone");
            LOG.warnf("Endpoint of subscription %s disabled: 410 Gone", subscription.id);
        } else if (!subscription.endpointFailingSince.isAfter(now.minus(config.disableEndpointAfter()))) {
            subscription.disableEndpoint(now, "failing since " + subscription.endpointFailingSince);
            metrics.endpointDisabled("failing");
            LOG.warnf("Endpoint of subscription %s disabled: failing since %s", subscription.id,
                    subscription.endpointFailingSince);
        }
    }

    /** Holds a claimed delivery back without spending an attempt, e.g. while its host's breaker is open. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void postpone(UUID alertId, Duration delay) {
        entityManager.createNativeQuery("""
                UPDATE delivery
                   SET next_attempt_at = now() + cast(:delayMillis AS double precision) * interval '1 millisecond',
                       locked_until = NULL, updated_at = now()
                 WHERE alert_id = :alertId AND status = 'pending'""")
                .setParameter("delayMillis", delay.toMillis())
                .setParameter("alertId", alertId)
                .executeUpdate();
    }

    /** Puts deliveries back in the queue with a fresh retry budget; the attempt log keeps their history. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int redeliver(UUID subscriptionId, List<UUID> alertIds) {
        if (alertIds.isEmpty()) {
            return 0;
        }
        return entityManager.createNativeQuery("""
                UPDATE delivery
                   SET status = 'pending', attempts = 0, next_attempt_at = now(), locked_until = NULL, updated_at = now()
                 WHERE subscription_id = :subscriptionId AND alert_id IN (:alertIds)""")
                .setParameter("subscriptionId", subscriptionId)
                .setParameter("alertIds", alertIds)
                .executeUpdate();
    }

    @Transactional
    public void refreshGauges() {
        Object[] row = (Object[]) entityManager.createNativeQuery("""
                SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0)
                  FROM delivery WHERE status = 'pending'""").getSingleResult();
        metrics.queueState(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
        metrics.endpointsDisabled(Subscription.count("endpointDisabledAt is not null"));
    }
}
