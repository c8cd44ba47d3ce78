package io.vigil.alert;

import static io.vigil.alert.Pipeline.subscribe;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.alert.client.WebhookResponse;
import io.vigil.testing.KafkaResource;
import io.vigil.testing.PostgresResource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Several workers claim from the real PostgreSQL queue at once, as the threads of two alert-service instances
 * would: the test's own claimers, each claiming small batches and recording them as sent, beside the service's
 * own delivery worker, which sends what it claims to a real receiver. No delivery may be leased twice.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class DeliveryQueueConcurrencyTest {

    private static final int DELIVERIES = 600;
    private static final int CLAIMERS = 6;
    private static final int CLAIM_SIZE = 4;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    DeliveryQueue queue;

    @Inject
    EntityManager entityManager;

    @Test
    void concurrentClaimersNeverLeaseTheSameDeliveryTwice() throws Exception {
        String path = "/claimed-concurrently";
        UUID subscriptionId = UUID.fromString(subscribe(path, """
                "topics": ["cyber"], "countries": ["UZ"]""").id());
        queueDeliveries(subscriptionId);

        List<UUID> claimedByTest = claimConcurrently(subscriptionId);

        assertEquals(claimedByTest.size(), new HashSet<>(claimedByTest).size(), "a claimer got a delivery twice");
        await().atMost(PATIENCE).until(() -> countDeliveries(subscriptionId, "delivered") == DELIVERIES);
        // A second lease of the same delivery would show as a second recorded attempt.
        assertEquals(0L, countWhere("delivery WHERE subscription_id = :id AND attempts <> 1", subscriptionId));
        assertEquals((long) DELIVERIES, countWhere("delivery_attempt WHERE subscription_id = :id", subscriptionId));
        List<String> sentByService = Pipeline.receiver().receivedOn(path).stream()
                .map(WebhookReceiver.Received::webhookId).toList();
        assertEquals(sentByService.size(), new HashSet<>(sentByService).size(), "the service sent a webhook twice");
        Set<String> claimedByTestIds = claimedByTest.stream().map(id -> "msg_" + id).collect(Collectors.toSet());
        assertTrue(sentByService.stream().noneMatch(claimedByTestIds::contains),
                "the service sent a delivery the test had leased");
        assertEquals(DELIVERIES, claimedByTest.size() + sentByService.size());
    }

    /** Alerts and their pending deliveries as AlertService writes them, all due now. */
    private void queueDeliveries(UUID subscriptionId) {
        QuarkusTransaction.requiringNew().run(() -> {
            entityManager.createNativeQuery("""
                    INSERT INTO alert (id, subscription_id, article_id, payload, created_at)
                    SELECT gen_random_uuid(), :id, 'concurrency-' || n,
                           '{"type":"alert.created","article":{"id":"concurrency-' || n || '"}}', now()
                      FROM generate_series(1, :count) AS n""")
                    .setParameter("id", subscriptionId).setParameter("count", DELIVERIES).executeUpdate();
            entityManager.createNativeQuery("""
                    INSERT INTO delivery (alert_id, subscription_id, status, attempts, next_attempt_at, created_at, updated_at)
                    SELECT id, subscription_id, 'pending', 0, now(), now(), now() FROM alert WHERE subscription_id = :id""")
                    .setParameter("id", subscriptionId).executeUpdate();
        });
    }

    /** Each claimer claims until a claim brings none of this test's deliveries, recording each one as sent. */
    private List<UUID> claimConcurrently(UUID subscriptionId) throws Exception {
        CyclicBarrier start = new CyclicBarrier(CLAIMERS);
        ExecutorService claimers = Executors.newFixedThreadPool(CLAIMERS);
        try {
            List<Future<List<UUID>>> results = new ArrayList<>();
            for (int i = 0; i < CLAIMERS; i++) {
                results.add(claimers.submit(() -> {
                    List<UUID> mine = new ArrayList<>();
                    start.await();
                    boolean claimedOurs;
                    do {
                        claimedOurs = false;
                        for (ClaimedDelivery delivery : queue.claim(CLAIM_SIZE)) {
                            if (delivery.subscriptionId().equals(subscriptionId)) {
                                queue.record(delivery, Instant.now(),
                                        new WebhookResponse(204, Duration.ZERO, null, null, Optional.empty()));
                                mine.add(delivery.alertId());
                                claimedOurs = true;
                            } else {
                                // Left over by another test: handed back untouched.
                                queue.postpone(delivery.alertId(), Duration.ofSeconds(2));
                            }
                        }
                    } while (claimedOurs);
                    return mine;
                }));
            }
            List<UUID> all = new ArrayList<>();
            for (Future<List<UUID>> result : results) {
                all.addAll(result.get());
            }
            return all;
        } finally {
            claimers.shutdown();
        }
    }

    private long countDeliveries(UUID subscriptionId, String status) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                        "SELECT count(*) FROM delivery WHERE subscription_id = :id AND status = :status")
                .setParameter("id", subscriptionId).setParameter("status", status).getSingleResult()).longValue());
    }

    private long countWhere(String fromWhere, UUID subscriptionId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                        "SELECT count(*) FROM " + fromWhere).setParameter("id", subscriptionId).getSingleResult()).longValue());
    }
}
