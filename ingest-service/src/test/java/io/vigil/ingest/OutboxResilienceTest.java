package io.vigil.ingest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import javax.sql.DataSource;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.testing.KafkaResource;
import io.vigil.testing.PostgresResource;
import jakarta.inject.Inject;

/**
 * The broker refuses the relay's records for a while (the topic's maximum message size is lowered below
 * the event size); the accepted article must stay in the outbox with its error and reach Kafka once the
 * broker accepts again.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class OutboxResilienceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ConfigResource TOPIC =
            new ConfigResource(ConfigResource.Type.TOPIC, IngestedTopic.TOPIC);

    @Inject
    DataSource dataSource;

    @Test
    void refusedEventStaysPendingAndIsPublishedWhenTheBrokerAcceptsAgain() throws Exception {
        try (IngestedTopic topic = new IngestedTopic(); Admin admin = IngestedTopic.admin()) {
            setMaxMessageBytes(admin, AlterConfigOp.OpType.SET, "64");
            String id;
            try {
                id = given().auth().oauth2("test-admin-key").contentType("application/json")
                        .body("{\"title\":\"Outage\",\"text\":\"Published after the outage " + UUID.randomUUID() + "\"}")
                        .post("/api/articles").then().statusCode(202).extract().path("id");

                await().atMost(Duration.ofSeconds(20)).until(() -> outboxRow(id).attempts() >= 2);
                OutboxRow pending = outboxRow(id);
                assertEquals(false, pending.published());
                assertEquals(true, pending.lastError().contains("RecordTooLarge"), pending.lastError());
                assertEquals(0, topic.recordsFor(id).size());
            } finally {
                setMaxMessageBytes(admin, AlterConfigOp.OpType.DELETE, null);
            }

            topic.awaitRecord(id);
            await().atMost(Duration.ofSeconds(10)).until(() -> outboxRow(id).published());
            assertEquals(1, topic.recordsFor(id).size());
        }
    }

    /**
     * The outbox row names the article version it announces and the relay reads that version from the article
     * row; versions that are still unpublished when a newer one replaces the row (from another request, or
     * earlier in the same batch) must still be published with their own text.
     */
    @Test
    void versionsReplacedBeforePublicationArePublishedWithTheirOwnText() throws Exception {
        String url = "https://outbox.example.com/story/" + UUID.randomUUID();
        List<String> texts = List.of("First text " + UUID.randomUUID(), "Second text " + UUID.randomUUID(),
                "Third text " + UUID.randomUUID());
        try (IngestedTopic topic = new IngestedTopic(); Admin admin = IngestedTopic.admin()) {
            setMaxMessageBytes(admin, AlterConfigOp.OpType.SET, "64");
            String id;
            try {
                id = given().auth().oauth2("test-admin-key").contentType("application/json")
                        .body(Map.of("title", "Story", "text", texts.get(0), "url", url))
                        .post("/api/articles").then().statusCode(202).extract().path("id");
                await().atMost(Duration.ofSeconds(20)).until(() -> outboxRow(id).attempts() >= 1);
                given().auth().oauth2("test-admin-key").contentType("application/json")
                        .body(Map.of("items", List.of(Map.of("title", "Story", "text", texts.get(1), "url", url),
                                Map.of("title", "Story", "text", texts.get(2), "url", url))))
                        .post("/api/articles:batch").then().statusCode(200)
                        .body("items.version", contains(2, 3));
                assertEquals(0, topic.recordsFor(id).size());
            } finally {
                setMaxMessageBytes(admin, AlterConfigOp.OpType.DELETE, null);
            }

            await().atMost(Duration.ofSeconds(20)).until(() -> {
                topic.awaitRecord(id);
                return topic.recordsFor(id).size() >= 3;
            });
            Map<Integer, String> textByVersion = new TreeMap<>();
            for (var record : topic.recordsFor(id)) {
                JsonNode data = JSON.readTree(record.value());
                textByVersion.put(data.get("version").asInt(), data.get("text").asText());
                assertEquals(url, data.get("url").asText());
            }
            assertEquals(Map.of(1, texts.get(0), 2, texts.get(1), 3, texts.get(2)), textByVersion);
        }
    }

    private static void setMaxMessageBytes(Admin admin, AlterConfigOp.OpType operation, String value)
            throws Exception {
        AlterConfigOp change = new AlterConfigOp(new ConfigEntry("max.message.bytes", value), operation);
        admin.incrementalAlterConfigs(Map.of(TOPIC, List.of(change))).all().get();
    }

    private record OutboxRow(int attempts, String lastError, boolean published) {
    }

    private OutboxRow outboxRow(String articleId) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT attempts, last_error, published_at IS NOT NULL FROM ingest.outbox_event WHERE article_id = ?")) {
            query.setObject(1, UUID.fromString(articleId));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return new OutboxRow(rows.getInt(1), rows.getString(2), rows.getBoolean(3));
            }
        }
    }
}
