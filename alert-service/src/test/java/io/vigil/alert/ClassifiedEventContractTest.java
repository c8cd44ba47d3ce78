package io.vigil.alert;

import static io.restassured.RestAssured.given;
import static io.vigil.alert.Pipeline.DOCUMENTED_ARTICLE_ID;
import static io.vigil.alert.Pipeline.DOCUMENTED_EXAMPLE;
import static io.vigil.alert.Pipeline.TOPIC;
import static io.vigil.alert.Pipeline.admin;
import static io.vigil.alert.Pipeline.article;
import static io.vigil.alert.Pipeline.deliveriesOf;
import static io.vigil.alert.Pipeline.publish;
import static io.vigil.alert.Pipeline.subscribe;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.alert.Pipeline.CreatedSubscription;
import io.vigil.testing.KafkaResource;
import io.vigil.testing.PostgresResource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/** Consumes {@code articles.classified} as docs/events.md writes it and follows the alert to a real receiver. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class ClassifiedEventContractTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final ObjectMapper json = new ObjectMapper();

    @Inject
    EntityManager entityManager;

    @Test
    void documentedExampleIsDeliveredSignedAndVerifiable() throws Exception {
        String path = "/contract";
        CreatedSubscription subscription = subscribe(path, """
                "topics": ["cyber"], "countries": ["AZ"], "frameworks": ["PFP"], "languages": ["az"], "minScore": 0.8""");
        long before = Instant.now().getEpochSecond();

        publish(UUID.randomUUID().toString(), DOCUMENTED_ARTICLE_ID, DOCUMENTED_EXAMPLE);

        WebhookReceiver.Received delivered = await().atMost(PATIENCE)
                .until(() -> deliveriesOf(path, DOCUMENTED_ARTICLE_ID), list -> !list.isEmpty()).getFirst();
        assertTrue(WebhookReceiver.verify(subscription.secret(), delivered), "signature verifies with the secret");
        assertTrue(delivered.webhookId().startsWith("msg_"));
        long timestamp = Long.parseLong(delivered.timestamp());
        assertTrue(timestamp >= before - 1 && timestamp <= Instant.now().getEpochSecond() + 1);

        JsonNode body = json.readTree(delivered.body());
        assertEquals("alert.created", body.get("type").asText());
        assertEquals(subscription.id(), body.get("subscriptionId").asText());
        assertEquals(DOCUMENTED_ARTICLE_ID, body.at("/article/id").asText());
        assertEquals("https://example.az/news/123", body.at("/article/url").asText());
        assertEquals("az", body.at("/article/lang").asText());
        assertEquals("2026-11-12T08:30:00Z", body.at("/article/publishedAt").asText());
        assertEquals("cyber", body.at("/topics/0/id").asText());
        assertEquals(0.82, body.at("/topics/0/score").asDouble());
        assertEquals("AZ", body.at("/countries/0/code").asText());
        assertEquals("PFP", body.at("/countries/0/frameworks/0").asText());
        assertEquals("AZ", body.at("/focus/0").asText());
        assertEquals("cyber", body.at("/matched/topics/0").asText());
        assertEquals("AZ", body.at("/matched/countries/0").asText());
        assertEquals("PFP", body.at("/matched/frameworks/0").asText());
        assertFalse(body.get("timestamp").asText().isEmpty());
    }

    @Test
    void replaysOfTheSameArticleCreateOneAlert() {
        String path = "/replay";
        CreatedSubscription subscription = subscribe(path, """
                "topics": ["cyber"], "countries": ["AZ"]""");
        String articleId = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        String otherEventId = UUID.randomUUID().toString();

        publish(eventId, articleId, article(articleId, "cyber", 0.9, "AZ"));
        publish(eventId, articleId, article(articleId, "cyber", 0.9, "AZ"));
        publish(otherEventId, articleId, article(articleId, "cyber", 0.9, "AZ"));

        await().atMost(PATIENCE).until(() -> processed(otherEventId));
        await().atMost(PATIENCE).until(() -> !deliveriesOf(path, articleId).isEmpty());
        long alerts = QuarkusTransaction.requiringNew().call(() -> Alert.count(
                "subscriptionId = ?1 and articleId = ?2", UUID.fromString(subscription.id()), articleId));
        assertEquals(1, alerts);
        admin().get("/api/subscriptions/" + subscription.id() + "/deliveries").then()
                .body("findAll { it.articleId == '" + articleId + "' }.size()", equalTo(1))
                .body("find { it.articleId == '" + articleId + "' }.status", equalTo("delivered"));
        assertEquals(1, deliveriesOf(path, articleId).size());
    }

    @Test
    void failingReceiverGetsRetriesWithTheSameWebhookId() {
        String path = "/flaky";
        Pipeline.receiver().respondWith(path, 500, 500);
        CreatedSubscription subscription = subscribe(path, """
                "topics": ["terrorism"], "countries": ["IQ"]""");
        String articleId = UUID.randomUUID().toString();

        publish(UUID.randomUUID().toString(), articleId, article(articleId, "terrorism", 0.7, "IQ"));

        List<WebhookReceiver.Received> attempts = await().atMost(PATIENCE)
                .until(() -> deliveriesOf(path, articleId), list -> list.size() == 3);
        assertEquals(1, attempts.stream().map(WebhookReceiver.Received::webhookId).distinct().count());
        assertTrue(attempts.stream().allMatch(attempt -> WebhookReceiver.verify(subscription.secret(), attempt)));
        await().atMost(PATIENCE).untilAsserted(() ->
                admin().get("/api/subscriptions/" + subscription.id() + "/deliveries").then()
                        .body("[0].articleId", equalTo(articleId))
                        .body("[0].status", equalTo("delivered"))
                        .body("[0].attempts", equalTo(3))
                        .body("[0].webhookId", equalTo(attempts.getFirst().webhookId()))
                        .body("[0].attemptLog.statusCode", equalTo(List.of(500, 500, 200)))
                        .body("[0].attemptLog.outcome", equalTo(List.of("retry", "retry", "success")))
                        .body("[0].attemptLog[0].responseExcerpt", equalTo("receiver says no")));
        given().get("/q/metrics").then()
                .body(containsString("vigil_webhook_deliveries_total{outcome=\"retry\"}"))
                .body(containsString("vigil_alerts_created_total"))
                .body(containsString("vigil_webhook_delivery_seconds_count"));
    }

    @Test
    void receiverThatNeverRecoversEndsFailedAfterTheLastAttempt() {
        String path = "/down";
        Pipeline.receiver().respondWith(path, 503, 503, 503, 503, 503, 503);
        CreatedSubscription subscription = subscribe(path, """
                "topics": ["cbrn"], "countries": ["JP"]""");
        String articleId = UUID.randomUUID().toString();

        publish(UUID.randomUUID().toString(), articleId, article(articleId, "cbrn", 0.95, "JP"));

        await().atMost(PATIENCE).untilAsserted(() ->
                admin().get("/api/subscriptions/" + subscription.id() + "/deliveries").then()
                        .body("[0].status", equalTo("failed"))
                        .body("[0].attempts", equalTo(4))
                        .body("[0].attemptLog[3].outcome", equalTo("failed")));
        admin().get("/api/dashboard").then()
                .body("subscriptions.find { it.id == '" + subscription.id() + "' }.failedLast24h", equalTo(1));
    }

    @Test
    void destinationThatTurnedInternalIsNotCalled() {
        CreatedSubscription subscription = subscribe("/moved", """
                "topics": ["energy-security"], "countries": ["UA"]""");
        // As if DNS or a direct database edit had moved the endpoint inside after it was validated.
        QuarkusTransaction.requiringNew().run(() -> entityManager
                .createNativeQuery("UPDATE subscription SET webhook_url = 'http://127.0.0.2:9/moved' WHERE id = :id")
                .setParameter("id", UUID.fromString(subscription.id())).executeUpdate());
        String articleId = UUID.randomUUID().toString();

        publish(UUID.randomUUID().toString(), articleId, article(articleId, "energy-security", 0.9, "UA"));

        await().atMost(PATIENCE).untilAsserted(() ->
                admin().get("/api/subscriptions/" + subscription.id() + "/deliveries").then()
                        .body("[0].attemptLog[0].error", org.hamcrest.Matchers.containsString("not sent"))
                        .body("[0].attemptLog[0].error", org.hamcrest.Matchers.containsString("127.0.0.2")));
    }

    @Test
    void articleOutsideTheCriteriaIsNotDelivered() {
        String path = "/maritime";
        CreatedSubscription subscription = subscribe(path, """
                "topics": ["maritime-security"], "countries": ["KW"], "minScore": 0.6""");
        String lowScore = UUID.randomUUID().toString();
        String otherCountry = UUID.randomUUID().toString();
        String matching = UUID.randomUUID().toString();
        String lowScoreEvent = UUID.randomUUID().toString();
        String otherCountryEvent = UUID.randomUUID().toString();

        publish(lowScoreEvent, lowScore, article(lowScore, "maritime-security", 0.55, "KW"));
        publish(otherCountryEvent, otherCountry, article(otherCountry, "maritime-security", 0.9, "OM"));
        publish(UUID.randomUUID().toString(), matching, article(matching, "maritime-security", 0.9, "KW"));

        await().atMost(PATIENCE).until(() -> !deliveriesOf(path, matching).isEmpty());
        await().atMost(PATIENCE).until(() -> processed(lowScoreEvent) && processed(otherCountryEvent));
        assertTrue(deliveriesOf(path, lowScore).isEmpty());
        assertTrue(deliveriesOf(path, otherCountry).isEmpty());
        admin().get("/api/subscriptions/" + subscription.id() + "/deliveries").then()
                .body("articleId", equalTo(List.of(matching)));
    }

    @Test
    void poisonMessagesGoToTheDeadLetterTopicAndConsumptionContinues() {
        String path = "/after-poison";
        subscribe(path, """
                "topics": ["border-security"], "countries": ["GE"]""");
        String notJson = "poison-" + UUID.randomUUID();
        String withoutId = "poison-" + UUID.randomUUID();
        String healthy = UUID.randomUUID().toString();

        publish(UUID.randomUUID().toString(), notJson, "this is not JSON");
        publish(UUID.randomUUID().toString(), withoutId, "{\"title\": \"no id\", \"topics\": []}");
        publish(UUID.randomUUID().toString(), healthy, article(healthy, "border-security", 0.8, "GE"));

        await().atMost(PATIENCE).until(() -> !deliveriesOf(path, healthy).isEmpty());
        Map<String, ConsumerRecord<String, String>> deadLetters = readDeadLetters(List.of(notJson, withoutId));
        assertEquals("this is not JSON", deadLetters.get(notJson).value());
        assertTrue(header(deadLetters.get(notJson), "dead-letter-reason").contains("not a classified-article JSON"));
        assertTrue(header(deadLetters.get(withoutId), "dead-letter-reason").contains("missing required field id"));
        assertEquals(TOPIC, header(deadLetters.get(withoutId), "dead-letter-topic"));
        assertEquals("vigil.article.classified", header(deadLetters.get(withoutId), "ce_type"));
    }

    @Test
    void recordThatFailsInsideTheTransactionIsDeadLetteredAndTheRestOfItsPollIsProcessed() {
        String path = "/around-a-failing-record";
        subscribe(path, """
                "topics": ["maritime-security"], "countries": ["UA"]""");
        String before = UUID.randomUUID().toString();
        String failing = "failing-" + UUID.randomUUID();
        String after = UUID.randomUUID().toString();

        // Readable, but PostgreSQL refuses a NUL character in the event id: the poll's transaction fails.
        Pipeline.publishTogether(
                Pipeline.event(UUID.randomUUID().toString(), before, article(before, "maritime-security", 0.9, "UA")),
                Pipeline.event("nul\u0000" + UUID.randomUUID(), failing, article(failing, "maritime-security", 0.9, "UA")),
                Pipeline.event(UUID.randomUUID().toString(), after, article(after, "maritime-security", 0.9, "UA")));

        await().atMost(PATIENCE).until(() -> deliveriesOf(path, before).size() == 1 && deliveriesOf(path, after).size() == 1);
        ConsumerRecord<String, String> deadLetter = readDeadLetters(List.of(failing)).get(failing);
        assertFalse(header(deadLetter, "dead-letter-reason").isBlank());
        assertTrue(deliveriesOf(path, failing).isEmpty());
        admin().get("/q/metrics").then()
                .body(containsString("vigil_events_dead_lettered_total{reason=\"failed\"}"));
    }

    private Map<String, ConsumerRecord<String, String>> readDeadLetters(List<String> keys) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, ConsumerRecord<String, String>> found = new HashMap<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC + ".dlq"));
            await().atMost(PATIENCE).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (keys.contains(record.key())) {
                        found.put(record.key(), record);
                    }
                }
                return found.keySet().containsAll(keys);
            });
        }
        return found;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private boolean processed(String eventId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("SELECT count(*) FROM processed_event WHERE ce_id = :id")
                .setParameter("id", eventId).getSingleResult()).longValue() == 1);
    }
}
