package io.vigil.classify;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.testing.KafkaResource;
import io.vigil.testing.PostgresResource;
import jakarta.inject.Inject;

/**
 * A real PostgreSQL outage: the service's database refuses connections and its sessions are terminated while
 * records arrive. The records wait, longer than max.poll.interval.ms without a rebalance, none is dead-lettered, and
 * they are classified once when the database is back.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class DatabaseOutageTest {

    private static final int ARTICLES = 12;

    @Inject
    MeterRegistry registry;

    @Test
    void recordsWaitForTheDatabaseInsteadOfGoingToTheDeadLetterTopic() throws SQLException {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        List<String> ceIds = new ArrayList<>();
        List<String> articleIds = new ArrayList<>();
        for (int i = 0; i < ARTICLES; i++) {
            String articleId = UUID.randomUUID().toString();
            String ceId = UUID.randomUUID().toString();
            articleIds.add(articleId);
            ceIds.add(ceId);
            records.add(KafkaTestClient.ingestedExample(ceId, articleId));
        }
        double retriesBefore = retries();
        Set<String> membersBefore = consumerGroupMembers();

        try (Connection admin = adminConnection(); Statement statement = admin.createStatement()) {
            try {
                statement.execute("ALTER DATABASE vigil ALLOW_CONNECTIONS false");
                statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        + "WHERE datname = 'vigil' AND pid <> pg_backend_pid()");
                KafkaTestClient.sendAll(records);

                await().atMost(Duration.ofSeconds(60)).until(() -> retries() >= retriesBefore + 3);
                // Longer than max.poll.interval.ms (10 s in tests): the connector keeps polling, paused, meanwhile
                await().atMost(Duration.ofSeconds(90)).until(() -> stalledSeconds() > 12);
                given().get("/q/health/ready").then().statusCode(503)
                        .body("checks.name", hasItem("articles-ingested consumer"));
                assertThat(deadLettered(articleIds)).isEmpty();
            } finally {
                statement.execute("ALTER DATABASE vigil ALLOW_CONNECTIONS true");
            }
        }

        Set<String> expected = KafkaTestClient.classifiedIds(ceIds);
        List<ConsumerRecord<String, String>> classified = KafkaTestClient.awaitClassified(expected);
        assertThat(classified).filteredOn(r -> expected.contains(KafkaTestClient.header(r, "ce_id")))
                .hasSize(ARTICLES);
        List<UUID> ids = articleIds.stream().map(UUID::fromString).toList();
        long stored = QuarkusTransaction.requiringNew().call(() -> ClassificationRecord.count("articleId in ?1", ids));
        assertThat(stored).isEqualTo(ARTICLES);
        assertThat(deadLettered(articleIds)).isEmpty();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(stalledSeconds()).isZero();
            given().get("/q/health/ready").then().statusCode(200);
        });
        // The same member throughout: the long wait caused no rebalance
        assertThat(consumerGroupMembers()).isEqualTo(membersBefore);
    }

    private double stalledSeconds() {
        return registry.get("vigil.consumer.stalled.seconds").gauge().value();
    }

    private static Set<String> consumerGroupMembers() {
        try (Admin admin = Admin.create(Map.<String, Object>of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.bootstrapServers()))) {
            return admin.describeConsumerGroups(List.of("classify-service")).all().get().get("classify-service")
                    .members().stream().map(MemberDescription::consumerId).collect(Collectors.toSet());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe the consumer group", e);
        }
    }

    private double retries() {
        return registry.find("vigil.consumer.batch.retries").counters().stream().mapToDouble(Counter::count).sum();
    }

    /** The records of these articles (by key) on the dead-letter topic, read to its current end. */
    private static List<ConsumerRecord<String, String>> deadLettered(List<String> articleIds) {
        return KafkaTestClient.readToEnd("articles.ingested.dlq").stream()
                .filter(r -> articleIds.contains(r.key())).toList();
    }

    /** A superuser session on the server's maintenance database, which stays open while the service's is closed. */
    private static Connection adminConnection() throws SQLException {
        String url = PostgresResource.jdbcUrl().replaceFirst("/vigil(\\?|$)", "/postgres$1");
        return DriverManager.getConnection(url, "vigil", "vigil");
    }
}
