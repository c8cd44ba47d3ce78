package io.vigil.alert;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vigil.testing.KafkaResource;

/**
 * The outside of the service for flow tests: a Kafka producer writing {@code articles.classified} as
 * classify-service does, the admin API, and one real webhook receiver shared by the test JVM.
 */
final class Pipeline {

    static final String TOPIC = "articles.classified";

    /** The literal {@code vigil.article.classified} example of docs/events.md. */
    static final String DOCUMENTED_EXAMPLE = """
            {
              "id": "0b9c6f3e-8f5d-4b61-9a55-3f1a2a9e0c11",
              "version": 1,
              "url": "https://example.az/news/123",
              "canonicalUrl": "https://example.az/news/123",
              "title": "…",
              "text": "…",
              "lang": "az",
              "publishedAt": "2026-11-12T08:30:00Z",
              "source": "azertag",
              "ingestedAt": "2026-11-12T08:31:02.117Z",
              "duplicateOf": null,
              "classifiedAt": "2026-11-12T08:31:02.420Z",
              "topics": [
                {"id": "cyber", "score": 0.82,
                 "evidence": [{"text": "kibertəhlükəsizlik", "start": 28, "end": 46}]}
              ],
              "countries": [
                {"code": "AZ", "mentions": 3, "frameworks": ["PFP"],
                 "evidence": [{"text": "Azərbaycan", "start": 0, "end": 10}]}
              ],
              "focus": ["AZ"]
            }""";
    static final String DOCUMENTED_ARTICLE_ID = "0b9c6f3e-8f5d-4b61-9a55-3f1a2a9e0c11";

    record CreatedSubscription(String id, String secret) {
    }

    private static WebhookReceiver receiver;
    private static KafkaProducer<String, String> producer;

    private Pipeline() {
    }

    static synchronized WebhookReceiver receiver() {
        if (receiver == null) {
            receiver = new WebhookReceiver();
            Runtime.getRuntime().addShutdownHook(new Thread(receiver::close));
        }
        return receiver;
    }

    private static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties config = new Properties();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.bootstrapServers());
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer test-admin-key").contentType(ContentType.JSON);
    }

    static CreatedSubscription subscribe(String path, String criteria) {
        var response = admin().body("{\"name\": \"" + path + "\", " + criteria
                        + ", \"webhook\": {\"url\": \"" + receiver().url(path) + "\"}}")
                .post("/api/subscriptions")
                .then().statusCode(201).extract();
        return new CreatedSubscription(response.path("id"), response.path("webhook.secret"));
    }

    /** The documented example with another article id, topic and country (named and in focus). */
    static String article(String articleId, String topic, double score, String country) {
        return DOCUMENTED_EXAMPLE
                .replace(DOCUMENTED_ARTICLE_ID, articleId)
                .replace("\"cyber\", \"score\": 0.82", "\"" + topic + "\", \"score\": " + score)
                .replace("\"code\": \"AZ\"", "\"code\": \"" + country + "\"")
                .replace("\"focus\": [\"AZ\"]", "\"focus\": [\"" + country + "\"]");
    }

    static void publish(String eventId, String articleId, String value) {
        publishTogether(event(eventId, articleId, value));
    }

    /** Sends back to back, then waits for all: the events travel in one producer batch and reach one poll. */
    @SafeVarargs
    static void publishTogether(ProducerRecord<String, String>... events) {
        List<Future<?>> sent = Arrays.stream(events)
                .<Future<?>>map(producer()::send).toList();
        try {
            for (Future<?> each : sent) {
                each.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish the test events", e);
        }
    }

    static ProducerRecord<String, String> event(String eventId, String articleId, String value) {
        ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, articleId, value);
        record.headers()
                .add("ce_specversion", bytes("1.0"))
                .add("ce_id", bytes(eventId))
                .add("ce_source", bytes("/vigil/classify-service"))
                .add("ce_type", bytes("vigil.article.classified"))
                .add("ce_subject", bytes(articleId))
                .add("ce_time", bytes(Instant.now().toString()))
                .add("content-type", bytes("application/json"));
        return record;
    }

    static List<WebhookReceiver.Received> deliveriesOf(String path, String articleId) {
        return receiver().receivedOn(path).stream()
                .filter(request -> request.bodyText().contains("\"id\":\"" + articleId + "\""))
                .toList();
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
