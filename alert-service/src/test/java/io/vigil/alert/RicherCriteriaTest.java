package io.vigil.alert;

import static io.vigil.alert.Pipeline.admin;
import static io.vigil.alert.Pipeline.deliveriesOf;
import static io.vigil.alert.Pipeline.publish;
import static io.vigil.alert.Pipeline.subscribe;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
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

/** Keyword queries, muting and previews against real traffic. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class RicherCriteriaTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    EntityManager entityManager;

    private static String articleWithText(String articleId, String text) {
        return Pipeline.article(articleId, "regional-conflict", 0.7, "AM").replace("\"text\": \"…\"",
                "\"text\": \"" + text + "\"");
    }

    private boolean processed(String eventId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("SELECT count(*) FROM processed_event WHERE ce_id = :id")
                .setParameter("id", eventId).getSingleResult()).longValue() == 1);
    }

    @Test
    void keywordQuerySubscriptionReceivesMatchingArticles() {
        String path = "/keywords";
        String word = "zorblax" + UUID.randomUUID().toString().substring(0, 6);
        subscribe(path, "\"query\": \"" + word + " AND ceasefire\"");
        String matching = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        String otherEvent = UUID.randomUUID().toString();

        publish(otherEvent, other, articleWithText(other, word + " without the other word"));
        publish(UUID.randomUUID().toString(), matching, articleWithText(matching, "The " + word + " ceasefire held."));

        await().atMost(PATIENCE).until(() -> deliveriesOf(path, matching).size() == 1);
        await().atMost(PATIENCE).until(() -> processed(otherEvent));
        assertTrue(deliveriesOf(path, other).isEmpty());
    }

    @Test
    void previewShowsWhichRecentArticlesADraftWouldMatch() {
        String word = "quorvex" + UUID.randomUUID().toString().substring(0, 6);
        String articleId = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        publish(eventId, articleId, articleWithText(articleId, "Talks on " + word + " resumed."));
        await().atMost(PATIENCE).until(() -> processed(eventId));

        admin().urlEncodingEnabled(false)
                .body("{\"query\": \"" + word + "\", \"countries\": [\"AM\"], \"focusOnly\": true}")
                .post("/api/subscriptions:preview")
                .then().statusCode(200)
                .body("matching", equalTo(1))
                .body("matches[0].articleId", equalTo(articleId))
                .body("matches[0].matched.countries", hasItem("AM"));
        admin().urlEncodingEnabled(false).body("{\"query\": \"" + word + "\", \"countries\": [\"KW\"]}")
                .post("/api/subscriptions:preview")
                .then().statusCode(200).body("matching", equalTo(0));
        admin().urlEncodingEnabled(false).body("{\"query\": \"(" + word + " AND\"}")
                .post("/api/subscriptions:preview")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("Lucene"));
    }

    @Test
    void mutedSubscriptionGetsNoAlertsUntilUnmuted() {
        String path = "/muted";
        CreatedSubscription subscription = subscribe(path, """
                "topics": ["mine-action"], "countries": ["AZ"], "mutedUntil": "%s\"""".formatted(
                Instant.now().plus(Duration.ofDays(1))));
        String duringMute = UUID.randomUUID().toString();
        String duringMuteEvent = UUID.randomUUID().toString();

        publish(duringMuteEvent, duringMute, Pipeline.article(duringMute, "mine-action", 0.9, "AZ"));
        await().atMost(PATIENCE).until(() -> processed(duringMuteEvent));
        admin().get("/api/subscriptions/" + subscription.id() + "/deliveries").then().body("size()", equalTo(0));

        admin().body("{\"name\": \"unmuted\", \"topics\": [\"mine-action\"], \"countries\": [\"AZ\"], "
                        + "\"webhook\": {\"url\": \"" + Pipeline.receiver().url(path) + "\"}}")
                .put("/api/subscriptions/" + subscription.id()).then().statusCode(200);
        String afterMute = UUID.randomUUID().toString();
        publish(UUID.randomUUID().toString(), afterMute, Pipeline.article(afterMute, "mine-action", 0.9, "AZ"));

        await().atMost(PATIENCE).until(() -> deliveriesOf(path, afterMute).size() == 1);
        assertTrue(deliveriesOf(path, duringMute).isEmpty());
    }
}
