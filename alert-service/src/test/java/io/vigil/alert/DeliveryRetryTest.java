package io.vigil.alert;

import static io.vigil.alert.Pipeline.admin;
import static io.vigil.alert.Pipeline.article;
import static io.vigil.alert.Pipeline.deliveriesOf;
import static io.vigil.alert.Pipeline.publish;
import static io.vigil.alert.Pipeline.subscribe;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.alert.Pipeline.CreatedSubscription;
import io.vigil.alert.WebhookReceiver.Reply;
import io.vigil.testing.KafkaResource;
import io.vigil.testing.PostgresResource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/** How deliveries react to what receivers answer: throttling, Gone, long outages, manual redelivery. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class DeliveryRetryTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    EntityManager entityManager;

    @Test
    void retryAfterIsHonouredOnThrottling() {
        String path = "/throttled";
        Pipeline.receiver().respondWith(path, new Reply(429, Map.of("Retry-After", "1")), Reply.status(200));
        subscribe(path, """
                "topics": ["hybrid-disinformation"], "countries": ["MD"]""");
        String articleId = UUID.randomUUID().toString();

        publish(UUID.randomUUID().toString(), articleId, article(articleId, "hybrid-disinformation", 0.9, "MD"));

        List<WebhookReceiver.Received> attempts = await().atMost(PATIENCE)
                .until(() -> deliveriesOf(path, articleId), list -> list.size() == 2);
        Duration gap = Duration.between(attempts.get(0).at(), attempts.get(1).at());
        // Without Retry-After the first retry waits at most the 100 ms initial backoff of the test profile.
        assertTrue(gap.compareTo(Duration.ofMillis(950)) >= 0, "second attempt came after " + gap);
    }

    @Test
    void goneDisablesTheEndpointUntilTheSubscriptionIsEdited() {
        String path = "/gone";
        Pipeline.receiver().respondWith(path, 410);
        CreatedSubscription subscription = subscribe(path, """
                "topics": ["peace-operations"], "countries": ["XK"]""");
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();

        publish(UUID.randomUUID().toString(), first, article(first, "peace-operations", 0.9, "XK"));
        await().atMost(PATIENCE).untilAsserted(() ->
                admin().get("/api/subscriptions/" + subscription.id()).then()
                        .body("webhook.enabled", equalTo(false))
                        .body("webhook.disabledReason", containsString("410")));
        admin().get("/api/subscriptions/" + subscription.id() + "/deliveries").then()
                .body("[0].status", equalTo("failed"))
                .body("[0].attempts", equalTo(1));

        publish(UUID.randomUUID().toString(), second, article(second, "peace-operations", 0.9, "XK"));
        await().atMost(PATIENCE).untilAsserted(() ->
                admin().get("/api/subscriptions/" + subscription.id() + "/deliveries").then()
                        .body("find { it.articleId == '" + second + "' }.status", equalTo("pending")));
        assertTrue(deliveriesOf(path, second).isEmpty(), "a disabled endpoint is not called");

        admin().body("{\"name\": \"moved\", \"topics\": [\"peace-operations\"], \"countries\": [\"XK\"], "
                        + "\"webhook\": {\"url\": \"" + Pipeline.receiver().url(path) + "\"}}")
                .put("/api/subscriptions/" + subscription.id())
                .then().statusCode(200).body("webhook.enabled", equalTo(true)).body("webhook.disabledAt", nullValue());
        await().atMost(PATIENCE).until(() -> deliveriesOf(path, second).size() == 1);
        Pipeline.admin().get("/q/metrics").then()
                .body(containsString("vigil_webhook_endpoint_disablements_total{reason=\"gone\"}"));
    }

    @Test
    void aDayOfFailuresDisablesTheEndpoint() {
        String path = "/failing-for-a-day";
        Pipeline.receiver().respondWith(path, 500);
        CreatedSubscription subscription = subscribe(path, """
                "topics": ["military-exercises"], "countries": ["GE"]""");
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                        "UPDATE subscription SET endpoint_failing_since = now() - interval '25 hours' WHERE id = :id")
                .setParameter("id", UUID.fromString(subscription.id())).executeUpdate());
        String articleId = UUID.randomUUID().toString();

        publish(UUID.randomUUID().toString(), articleId, article(articleId, "military-exercises", 0.9, "GE"));

        await().atMost(PATIENCE).untilAsserted(() ->
                admin().get("/api/subscriptions/" + subscription.id()).then()
                        .body("webhook.enabled", equalTo(false))
                        .body("webhook.failingSince", notNullValue())
                        .body("webhook.disabledReason", containsString("failing since")));
        assertEquals(1, deliveriesOf(path, articleId).size());
        admin().get("/api/subscriptions/" + subscription.id() + "/deliveries").then()
                .body("[0].status", equalTo("pending"));
    }

    @Test
    void deadDeliveryCanBeRedeliveredWithTheSameWebhookId() {
        String path = "/dead-then-fixed";
        Pipeline.receiver().respondWith(path, 500, 500, 500, 500);
        CreatedSubscription subscription = subscribe(path, """
                "topics": ["cbrn"], "countries": ["KZ"]""");
        String articleId = UUID.randomUUID().toString();

        publish(UUID.randomUUID().toString(), articleId, article(articleId, "cbrn", 0.9, "KZ"));
        await().atMost(PATIENCE).untilAsserted(() ->
                admin().get("/api/subscriptions/" + subscription.id() + "/deliveries").then()
                        .body("[0].status", equalTo("failed"))
                        .body("[0].attempts", equalTo(4)));
        String alertId = admin().get("/api/subscriptions/" + subscription.id() + "/deliveries")
                .then().extract().path("[0].alertId");

        admin().urlEncodingEnabled(false).post("/api/subscriptions/" + subscription.id() + "/deliveries/" + alertId + ":redeliver")
                .then().statusCode(202).body("redelivered", equalTo(1));

        await().atMost(PATIENCE).untilAsserted(() ->
                admin().get("/api/subscriptions/" + subscription.id() + "/deliveries").then()
                        .body("[0].status", equalTo("delivered"))
                        .body("[0].attemptLog.size()", equalTo(5)));
        List<WebhookReceiver.Received> received = deliveriesOf(path, articleId);
        assertEquals(5, received.size());
        assertEquals(1, received.stream().map(WebhookReceiver.Received::webhookId).distinct().count());
        admin().urlEncodingEnabled(false).post("/api/subscriptions/" + subscription.id() + "/deliveries/" + UUID.randomUUID() + ":redeliver")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void failedDeliveriesSinceAnInstantCanBeRedelivered() {
        String path = "/outage";
        Pipeline.receiver().respondWith(path, 503, 503, 503, 503, 503, 503, 503, 503);
        CreatedSubscription subscription = subscribe(path, """
                "topics": ["border-security"], "countries": ["TM"]""");
        Instant before = Instant.now().minusSeconds(1);
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();

        publish(UUID.randomUUID().toString(), first, article(first, "border-security", 0.9, "TM"));
        publish(UUID.randomUUID().toString(), second, article(second, "border-security", 0.9, "TM"));
        await().atMost(PATIENCE).untilAsserted(() ->
                admin().get("/api/subscriptions/" + subscription.id() + "/deliveries").then()
                        .body("findAll { it.status == 'failed' }.size()", equalTo(2)));

        admin().urlEncodingEnabled(false).post("/api/subscriptions/" + subscription.id() + "/deliveries:redeliver?since=" + before)
                .then().statusCode(202).body("redelivered", equalTo(2));

        await().atMost(PATIENCE).untilAsserted(() ->
                admin().get("/api/subscriptions/" + subscription.id() + "/deliveries").then()
                        .body("findAll { it.status == 'delivered' }.size()", equalTo(2)));
        admin().urlEncodingEnabled(false).post("/api/subscriptions/" + subscription.id() + "/deliveries:redeliver?since=yesterday")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void hostThatKeepsFailingIsHeldBackByItsBreaker() {
        String path = "/breaker";
        try (WebhookReceiver ownHost = new WebhookReceiver()) {
            ownHost.respondWith(path, 500, 500, 500, 500, 500, 500);
            String subscriptionId = admin().body("{\"name\": \"breaker\", \"topics\": [\"cyber\"], "
                            + "\"countries\": [\"TJ\"], \"webhook\": {\"url\": \"" + ownHost.url(path) + "\"}}")
                    .post("/api/subscriptions").then().statusCode(201).extract().path("id");
            String articleId = UUID.randomUUID().toString();

            publish(UUID.randomUUID().toString(), articleId, article(articleId, "cyber", 0.9, "TJ"));

            List<WebhookReceiver.Received> attempts = await().atMost(PATIENCE)
                    .until(() -> ownHost.receivedOn(path), list -> list.size() == 4);
            // The third failure opens the breaker for 1 s; without it the fourth attempt waits at most 400 ms.
            Duration gap = Duration.between(attempts.get(2).at(), attempts.get(3).at());
            assertTrue(gap.compareTo(Duration.ofMillis(900)) >= 0, "fourth attempt came after " + gap);
            await().atMost(PATIENCE).untilAsserted(() ->
                    admin().get("/api/subscriptions/" + subscriptionId + "/deliveries").then()
                            .body("[0].status", equalTo("failed"))
                            .body("[0].attempts", equalTo(4)));
            admin().get("/q/metrics").then().body(containsString("vigil_webhook_short_circuited_total"));
        }
    }
}
