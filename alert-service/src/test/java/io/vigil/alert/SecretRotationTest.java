package io.vigil.alert;

import static io.vigil.alert.Pipeline.admin;
import static io.vigil.alert.Pipeline.article;
import static io.vigil.alert.Pipeline.deliveriesOf;
import static io.vigil.alert.Pipeline.publish;
import static io.vigil.alert.Pipeline.subscribe;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.alert.Pipeline.CreatedSubscription;
import io.vigil.testing.KafkaResource;
import io.vigil.testing.PostgresResource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class SecretRotationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    EntityManager entityManager;

    @Test
    void oldAndNewSecretsBothSignDuringTheOverlapThenOnlyTheNewOne() {
        String path = "/rotating";
        CreatedSubscription subscription = subscribe(path, """
                "topics": ["crisis-management"], "countries": ["AM"]""");
        String newSecret = admin().urlEncodingEnabled(false).post("/api/subscriptions/" + subscription.id() + "/secret:rotate")
                .then().statusCode(200)
                .body("secret", startsWith("whsec_"))
                .body("previousSecretExpiresAt", notNullValue())
                .extract().path("secret");
        assertNotEquals(subscription.secret(), newSecret);
        String duringOverlap = UUID.randomUUID().toString();

        publish(UUID.randomUUID().toString(), duringOverlap, article(duringOverlap, "crisis-management", 0.9, "AM"));

        WebhookReceiver.Received signedTwice = await().atMost(PATIENCE)
                .until(() -> deliveriesOf(path, duringOverlap), list -> !list.isEmpty()).getFirst();
        assertEquals(2, signedTwice.signature().split(" ").length);
        assertTrue(WebhookReceiver.verify(subscription.secret(), signedTwice), "old secret still verifies");
        assertTrue(WebhookReceiver.verify(newSecret, signedTwice), "new secret verifies");

        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                        "UPDATE subscription SET previous_secret_expires_at = now() - interval '1 second' WHERE id = :id")
                .setParameter("id", UUID.fromString(subscription.id())).executeUpdate());
        String afterOverlap = UUID.randomUUID().toString();

        publish(UUID.randomUUID().toString(), afterOverlap, article(afterOverlap, "crisis-management", 0.9, "AM"));

        WebhookReceiver.Received signedOnce = await().atMost(PATIENCE)
                .until(() -> deliveriesOf(path, afterOverlap), list -> !list.isEmpty()).getFirst();
        assertTrue(WebhookReceiver.verify(newSecret, signedOnce));
        assertFalse(WebhookReceiver.verify(subscription.secret(), signedOnce));
        admin().get("/api/subscriptions/" + subscription.id()).then()
                .body("webhook.secret", org.hamcrest.Matchers.nullValue());
    }
}
