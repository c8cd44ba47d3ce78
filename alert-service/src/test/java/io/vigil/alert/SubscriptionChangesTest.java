package io.vigil.alert;

import static io.vigil.alert.Pipeline.admin;
import static io.vigil.alert.Pipeline.deliveriesOf;
import static io.vigil.alert.Pipeline.publish;
import static io.vigil.alert.Pipeline.subscribe;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

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

/** The in-memory index follows subscription changes, including those other instances commit. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class SubscriptionChangesTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    EntityManager entityManager;

    @Inject
    DataSource dataSource;

    private boolean processed(String eventId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("SELECT count(*) FROM processed_event WHERE ce_id = :id")
                .setParameter("id", eventId).getSingleResult()).longValue() == 1);
    }

    /** Alerts are created in the transaction that marks the event processed, so this is final once processed. */
    private boolean alerted(CreatedSubscription subscription, String articleId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("SELECT count(*) FROM alert WHERE subscription_id = :subscription AND article_id = :article")
                .setParameter("subscription", UUID.fromString(subscription.id()))
                .setParameter("article", articleId)
                .getSingleResult()).longValue() > 0);
    }

    /** Publishes and waits until the article has been matched. */
    private String publishArticle(String topic, double score, String country) {
        String articleId = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        publish(eventId, articleId, Pipeline.article(articleId, topic, score, country));
        await().atMost(PATIENCE).until(() -> processed(eventId));
        return articleId;
    }

    /** Alert of the article awaiting a digest, and no delivery of its own queued. */
    private boolean collectedForDigest(CreatedSubscription subscription, String articleId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery("""
                SELECT count(*) FROM alert a
                 WHERE a.subscription_id = :subscription AND a.article_id = :article AND a.awaiting_digest
                   AND NOT EXISTS (SELECT 1 FROM delivery d WHERE d.alert_id = a.id)""")
                .setParameter("subscription", UUID.fromString(subscription.id()))
                .setParameter("article", articleId)
                .getSingleResult()).longValue() == 1);
    }

    private static void replace(CreatedSubscription subscription, String path, String criteria) {
        admin().body("{\"name\": \"" + path + "\", " + criteria + ", \"webhook\": {\"url\": \""
                        + Pipeline.receiver().url(path) + "\"}}")
                .put("/api/subscriptions/" + subscription.id()).then().statusCode(200);
    }

    @Test
    void updatedAndDeletedSubscriptionsMatchAccordingly() {
        String path = "/changes/updated";
        CreatedSubscription subscription = subscribe(path, "\"topics\": [\"border-security\"], \"countries\": [\"GE\"]");
        String inGeorgia = publishArticle("border-security", 0.9, "GE");
        await().atMost(PATIENCE).until(() -> deliveriesOf(path, inGeorgia).size() == 1);

        replace(subscription, path, "\"topics\": [\"border-security\"], \"countries\": [\"MD\"]");
        assertFalse(alerted(subscription, publishArticle("border-security", 0.9, "GE")),
                "the old criteria no longer match");
        String inMoldova = publishArticle("border-security", 0.9, "MD");
        await().atMost(PATIENCE).until(() -> deliveriesOf(path, inMoldova).size() == 1);

        admin().delete("/api/subscriptions/" + subscription.id()).then().statusCode(204);
        String afterDelete = publishArticle("border-security", 0.9, "MD");
        assertTrue(deliveriesOf(path, afterDelete).isEmpty());
    }

    /** Only the delivery mode changes, so the criteria alone would leave the index entry as it was. */
    @Test
    void aDeliveryModeChangedThroughTheApiDecidesHowTheNextAlertIsDelivered() {
        String path = "/changes/mode";
        String criteria = "\"topics\": [\"military-exercises\"], \"countries\": [\"KZ\"]";
        CreatedSubscription subscription = subscribe(path, criteria);
        String immediate = publishArticle("military-exercises", 0.9, "KZ");
        await().atMost(PATIENCE).until(() -> deliveriesOf(path, immediate).size() == 1);

        replace(subscription, path, criteria + ", \"deliveryMode\": \"hourly\"");
        String collected = publishArticle("military-exercises", 0.9, "KZ");
        assertTrue(collectedForDigest(subscription, collected), "an hourly subscription's alert waits for its digest");

        replace(subscription, path, criteria + ", \"deliveryMode\": \"immediate\"");
        String immediateAgain = publishArticle("military-exercises", 0.9, "KZ");
        assertFalse(collectedForDigest(subscription, immediateAgain));
        await().atMost(PATIENCE).until(() -> deliveriesOf(path, immediateAgain).size() == 1);
    }

    /**
     * Another instance's transaction that changed a subscription early but commits late: it commits behind the
     * changes already seen, and must still be applied.
     */
    @Test
    void aChangeCommittedLateByALongTransactionIsNotMissed() throws Exception {
        String latePath = "/changes/late";
        String promptPath = "/changes/prompt";
        CreatedSubscription late = subscribe(latePath, "\"topics\": [\"cbrn\"], \"countries\": [\"AM\"], \"minScore\": 0.9");

        try (Connection otherInstance = dataSource.getConnection()) {
            otherInstance.setAutoCommit(false);
            try (PreparedStatement lower = otherInstance.prepareStatement(
                    "UPDATE subscription SET min_score = 0.2, updated_at = now() WHERE id = ?")) {
                lower.setObject(1, UUID.fromString(late.id()));
                lower.executeUpdate();
            }

            subscribe(promptPath, "\"topics\": [\"cbrn\"], \"countries\": [\"JO\"]");
            String prompt = publishArticle("cbrn", 0.9, "JO");
            await().atMost(PATIENCE).until(() -> deliveriesOf(promptPath, prompt).size() == 1);
            assertFalse(alerted(late, publishArticle("cbrn", 0.3, "AM")), "not committed yet");

            otherInstance.commit();
        }
        assertTrue(alerted(late, publishArticle("cbrn", 0.3, "AM")), "the late change applies");
    }
}
