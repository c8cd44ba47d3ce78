package io.vigil.alert;

import static io.vigil.alert.Pipeline.subscribe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vigil.alert.client.WebhookResponse;
import io.vigil.testing.KafkaResource;
import io.vigil.testing.PostgresResource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * The attempts of one claimed batch recorded in one transaction: successes as one JDBC batch, failures through
 * the subscription's endpoint state, each with its own outcome and attempt log entry, in the order given.
 */
@QuarkusTest
@TestProfile(DeliveryRecordingTest.RetriesAnHourAway.class)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class DeliveryRecordingTest {

    /**
     * The refused delivery asks to be retried in an hour (Retry-After), which the profile's maximum backoff allows:
     * with the test default of one second, the service's own worker could deliver it to the subscription's receiver
     * between the recording and the assertions, clearing the endpoint's failing state the test looks at.
     */
    public static class RetriesAnHourAway implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vigil.delivery.max-backoff", "1h");
        }
    }

    @Inject
    DeliveryQueue queue;

    @Inject
    EntityManager entityManager;

    @Test
    void aBatchOfMixedAttemptsIsRecordedAttemptByAttempt() {
        UUID subscriptionId = UUID.fromString(subscribe("/recorded-in-a-batch", """
                "topics": ["cyber"], "countries": ["MN"]""").id());
        UUID delivered = queueDelivery(subscriptionId, "recorded-delivered");
        UUID refused = queueDelivery(subscriptionId, "recorded-refused");
        UUID deleted = UUID.randomUUID();
        Instant attemptedAt = Instant.parse("2026-11-22T10:00:00.123Z");

        List<DeliveryOutcome> outcomes = queue.record(List.of(
                new WebhookAttempt(claimed(delivered, subscriptionId), attemptedAt, answered(204, "ok")),
                new WebhookAttempt(claimed(refused, subscriptionId), attemptedAt,
                        answered(503, "busy", Duration.ofHours(1))),
                new WebhookAttempt(claimed(deleted, subscriptionId), attemptedAt, answered(200, "ok"))));

        assertEquals(List.of(DeliveryOutcome.SUCCESS, DeliveryOutcome.RETRY, DeliveryOutcome.FAILED), outcomes);
        assertEquals(List.of("delivered", "1"), deliveryState(delivered));
        assertEquals(List.of("pending", "1"), deliveryState(refused));
        assertEquals(List.of("success", "204", "17", "ok", attemptedAt.toString()), attemptLog(delivered));
        assertEquals(List.of("retry", "503", "17", "busy", attemptedAt.toString()), attemptLog(refused));
        assertNotNull(failingSince(subscriptionId), "a failure after the success leaves the endpoint failing");

        assertEquals(List.of(DeliveryOutcome.SUCCESS), queue.record(List.of(
                new WebhookAttempt(claimed(refused, subscriptionId), Instant.now(), answered(200, "ok")))));
        assertEquals(List.of("delivered", "2"), deliveryState(refused));
        assertNull(failingSince(subscriptionId), "a success clears the endpoint's failing state");
    }

    private static WebhookResponse answered(int status, String body) {
        return new WebhookResponse(status, Duration.ofMillis(17), body, null, Optional.empty());
    }

    private static WebhookResponse answered(int status, String body, Duration retryAfter) {
        return new WebhookResponse(status, Duration.ofMillis(17), body, null, Optional.of(retryAfter));
    }

    private static ClaimedDelivery claimed(UUID alertId, UUID subscriptionId) {
        return new ClaimedDelivery(alertId, subscriptionId, "article", 0, "{}", "http://127.0.0.1:1/unused",
                List.of(WebhookSigner.newSecret()), DeliveryChannel.WEBHOOK, false, List.of());
    }

    /** Due in an hour, so that the service's own worker leaves it alone. */
    private UUID queueDelivery(UUID subscriptionId, String articleId) {
        UUID alertId = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            entityManager.createNativeQuery("""
                    INSERT INTO alert (id, subscription_id, article_id, payload, created_at)
                    VALUES (:id, :subscription, :article, '{}', now())""")
                    .setParameter("id", alertId).setParameter("subscription", subscriptionId)
                    .setParameter("article", articleId).executeUpdate();
            entityManager.createNativeQuery("""
                    INSERT INTO delivery (alert_id, subscription_id, status, attempts, next_attempt_at, created_at, updated_at)
                    VALUES (:id, :subscription, 'pending', 0, now() + interval '1 hour', now(), now())""")
                    .setParameter("id", alertId).setParameter("subscription", subscriptionId).executeUpdate();
        });
        return alertId;
    }

    private List<String> deliveryState(UUID alertId) {
        return row("SELECT status, cast(attempts AS text) FROM delivery WHERE alert_id = :id", alertId);
    }

    private List<String> attemptLog(UUID alertId) {
        return row("""
                SELECT outcome, cast(status_code AS text), cast(latency_ms AS text), response_excerpt,
                       to_char(attempted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                  FROM delivery_attempt WHERE alert_id = :id ORDER BY id LIMIT 1""", alertId);
    }

    private Object failingSince(UUID subscriptionId) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                        "SELECT endpoint_failing_since FROM subscription WHERE id = :id")
                .setParameter("id", subscriptionId).getSingleResult());
    }

    private List<String> row(String sql, UUID alertId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Object[] row = (Object[]) entityManager.createNativeQuery(sql).setParameter("id", alertId).getSingleResult();
            return java.util.Arrays.stream(row).map(String::valueOf).toList();
        });
    }
}
