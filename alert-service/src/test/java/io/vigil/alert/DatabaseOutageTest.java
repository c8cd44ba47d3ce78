package io.vigil.alert;

import static io.vigil.alert.Pipeline.admin;
import static io.vigil.alert.Pipeline.article;
import static io.vigil.alert.Pipeline.deliveriesOf;
import static io.vigil.alert.Pipeline.subscribe;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vigil.alert.Pipeline.CreatedSubscription;
import io.vigil.testing.KafkaResource;
import io.vigil.testing.PostgresResource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * A real PostgreSQL outage under a consumer with work to do: the service's database refuses connections and its
 * sessions are killed while classified articles arrive. Nothing may be dead-lettered; once the database is back
 * every alert is created once and every webhook sent once, and the delivery poller and digest closer, which
 * failed on every tick meanwhile, are still running.
 */
@QuarkusTest
@TestProfile(DatabaseOutageTest.ShortPollIntervalAndTickingCloser.class)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class DatabaseOutageTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String DATABASE = "vigil";
    private static final String GROUP = "alert-service";
    private static final String DEAD_LETTER_TOPIC = Pipeline.TOPIC + ".dlq";
    /** Longer than the profile's max.poll.interval.ms: a consumer that stopped polling would be out of its group. */
    private static final double OUTAGE_SECONDS = 8;

    /**
     * The consumer must poll at least every 5 s to stay in its group, which the outage outlasts; the digest closer
     * ticks every second so that its failures during the outage, and its recovery, happen in the test.
     */
    public static class ShortPollIntervalAndTickingCloser implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mp.messaging.incoming.articles-classified.max.poll.interval.ms", "5000",
                    "vigil.digest.close-interval", "1s");
        }
    }

    @Inject
    MeterRegistry registry;

    @Inject
    EntityManager entityManager;

    @AfterEach
    void databaseBack() throws SQLException {
        allowConnections(true);
    }

    @Test
    void aDatabaseOutageDeadLettersNothingAndLosesNothing() throws Exception {
        CreatedSubscription first = subscribe("/outage-first", """
                "topics": ["energy-security"], "countries": ["LT"]""");
        CreatedSubscription second = subscribe("/outage-second", """
                "topics": ["energy-security"], "countries": ["LT"]""");
        List<String> articles = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                UUID.randomUUID().toString());
        String retried = UUID.randomUUID().toString();
        Pipeline.receiver().respondWith("/outage-retried", 503);
        subscribe("/outage-retried", """
                "topics": ["energy-security"], "countries": ["LV"]""");
        String collected = UUID.randomUUID().toString();
        String digestPath = "/outage-digest-released";
        String digestUrl = Pipeline.receiver().url(digestPath);
        String digestSubscription = admin().body("""
                {"name": "outage digest", "topics": ["energy-security"], "countries": ["EE"], "deliveryMode": "daily",
                 "webhook": {"url": "%s"}}""".formatted(digestUrl))
                .post("/api/subscriptions").then().statusCode(201).extract().path("id");

        try (Admin kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaResource.bootstrapServers()))) {
            String member = await().atMost(PATIENCE).until(() -> consumerMember(kafka), id -> id != null);
            long deadLettersBefore = endOffset(kafka, DEAD_LETTER_TOPIC);
            double retriesBefore = retries();

            allowConnections(false);
            Pipeline.publishTogether(articles.stream()
                    .map(id -> Pipeline.event(UUID.randomUUID().toString(), id, article(id, "energy-security", 0.9, "LT")))
                    .toArray(org.apache.kafka.clients.producer.ProducerRecord[]::new));

            await().atMost(PATIENCE).until(() -> stalledSeconds() >= OUTAGE_SECONDS);
            assertTrue(retries() > retriesBefore, "retries counted");
            admin().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'articles-classified consumer' }.status", equalTo("DOWN"));
            assertEquals(deadLettersBefore, endOffset(kafka, DEAD_LETTER_TOPIC), "nothing dead-lettered");
            articles.forEach(id -> assertTrue(deliveriesOf("/outage-first", id).isEmpty()));

            allowConnections(true);

            await().atMost(PATIENCE).until(() -> articles.stream().allMatch(id ->
                    deliveriesOf("/outage-first", id).size() == 1 && deliveriesOf("/outage-second", id).size() == 1));
            for (String id : articles) {
                assertEquals(1L, alerts(first.id(), id));
                assertEquals(1L, alerts(second.id(), id));
            }
            assertEquals(deadLettersBefore, endOffset(kafka, DEAD_LETTER_TOPIC), "still nothing dead-lettered");
            assertEquals(member, consumerMember(kafka), "the consumer stayed in its group through the outage");
            admin().get("/q/health/ready").then().statusCode(200);
            assertEquals(0.0, stalledSeconds());
            admin().get("/q/metrics").then().body(org.hamcrest.Matchers.containsString(
                    "vigil_consumer_batch_retries_total{reason="));

            // Only the delivery poller picks a retry up (nothing nudges it): it survived its failing ticks.
            Pipeline.publish(UUID.randomUUID().toString(), retried, article(retried, "energy-security", 0.9, "LV"));
            await().atMost(PATIENCE).until(() -> deliveriesOf("/outage-retried", retried).size() == 2);

            // Only the scheduled closer releases what a digest subscription switched to immediate had collected.
            Pipeline.publish(UUID.randomUUID().toString(), collected, article(collected, "energy-security", 0.9, "EE"));
            await().atMost(PATIENCE).until(() -> alerts(digestSubscription, collected) == 1);
            admin().body("""
                    {"name": "outage digest", "topics": ["energy-security"], "countries": ["EE"],
                     "deliveryMode": "immediate", "webhook": {"url": "%s"}}""".formatted(digestUrl))
                    .put("/api/subscriptions/" + digestSubscription).then().statusCode(200);
            await().atMost(PATIENCE).until(() -> deliveriesOf(digestPath, collected).size() == 1);

            articles.forEach(id -> {
                assertEquals(1, deliveriesOf("/outage-first", id).size());
                assertEquals(1, deliveriesOf("/outage-second", id).size());
            });
            admin().get("/api/subscriptions/" + first.id() + "/deliveries").then()
                    .body("status", hasItem("delivered"))
                    .body("findAll { it.status == 'delivered' && it.attempts == 1 }.size()", equalTo(articles.size()));
        }
    }

    /** ALLOW_CONNECTIONS refuses new sessions even to superusers; the running ones are terminated. */
    private static void allowConnections(boolean allowed) throws SQLException {
        String maintenanceUrl = PostgresResource.jdbcUrl().replaceFirst("/" + DATABASE + "(\\?.*)?$", "/postgres");
        try (Connection connection = DriverManager.getConnection(maintenanceUrl, "vigil", "vigil");
             Statement statement = connection.createStatement()) {
            statement.execute("ALTER DATABASE " + DATABASE + " ALLOW_CONNECTIONS " + allowed);
            if (!allowed) {
                statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        + "WHERE datname = '" + DATABASE + "' AND pid <> pg_backend_pid()");
            }
        }
    }

    private double retries() {
        return registry.find("vigil.consumer.batch.retries").counters().stream().mapToDouble(Counter::count).sum();
    }

    private double stalledSeconds() {
        return registry.get("vigil.consumer.stalled").gauge().value();
    }

    private long alerts(String subscriptionId, String articleId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                        "SELECT count(*) FROM alert WHERE subscription_id = :subscription AND article_id = :article")
                .setParameter("subscription", UUID.fromString(subscriptionId))
                .setParameter("article", articleId)
                .getSingleResult()).longValue());
    }

    private static String consumerMember(Admin kafka) throws Exception {
        return kafka.describeConsumerGroups(List.of(GROUP)).all().get(10, TimeUnit.SECONDS).get(GROUP).members()
                .stream()
                .filter(member -> member.assignment().topicPartitions().stream()
                        .anyMatch(partition -> partition.topic().equals(Pipeline.TOPIC)))
                .map(MemberDescription::consumerId)
                .findFirst().orElse(null);
    }

    private static long endOffset(Admin kafka, String topic) throws Exception {
        if (!kafka.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic)) {
            return 0;
        }
        List<TopicPartition> partitions = kafka.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        return kafka.listOffsets(partitions.stream().collect(java.util.stream.Collectors.toMap(p -> p,
                        p -> OffsetSpec.latest()))).all().get(10, TimeUnit.SECONDS)
                .values().stream().mapToLong(info -> info.offset()).sum();
    }
}
