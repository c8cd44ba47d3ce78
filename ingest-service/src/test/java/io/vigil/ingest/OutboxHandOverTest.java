package io.vigil.ingest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

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
 * The relay publishes the events an ingest transaction hands over in memory, and still publishes the outbox
 * rows nobody handed over, such as those of an instance that died before publishing its events.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class OutboxHandOverTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DataSource dataSource;

    @Test
    void batchEventsArePublishedOnceEachAndTheirRowsMarkedPublished() throws Exception {
        List<Map<String, String>> items = List.of(
                Map.of("title", "One", "text", "First handed-over story " + UUID.randomUUID()),
                Map.of("title", "Two", "text", "Second handed-over story " + UUID.randomUUID()),
                Map.of("title", "Three", "text", "Third handed-over story " + UUID.randomUUID()));
        try (IngestedTopic topic = new IngestedTopic()) {
            List<String> ids = given().auth().oauth2("test-admin-key").contentType("application/json")
                    .body(Map.of("items", items))
                    .post("/api/articles:batch").then().statusCode(200).extract().path("items.id");

            for (int i = 0; i < ids.size(); i++) {
                topic.awaitRecord(ids.get(i));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> unpublishedRows(ids) == 0);
            for (int i = 0; i < ids.size(); i++) {
                assertEquals(1, topic.recordsFor(ids.get(i)).size());
                JsonNode data = JSON.readTree(topic.recordsFor(ids.get(i)).getFirst().value());
                assertEquals(items.get(i).get("text"), data.get("text").asText());
                assertEquals(1, data.get("version").asInt());
            }
        }
    }

    @Test
    void rowsNobodyHandedOverArePublishedFromTheOutbox() throws Exception {
        UUID articleId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        String text = "Stored by an instance that died before publishing " + articleId;
        // As another instance leaves them when it dies: committed, never attempted, the hand-over grace over.
        Instant createdAt = Instant.now().minus(Duration.ofMinutes(2));
        try (IngestedTopic topic = new IngestedTopic(); Connection connection = dataSource.getConnection()) {
            try (PreparedStatement article = connection.prepareStatement("""
                    INSERT INTO ingest.article (id, version, title, text, source, ingested_at, text_hash)
                    VALUES (?, 1, 'Orphan', ?, 'api', ?, ?)""")) {
                article.setObject(1, articleId);
                article.setString(2, text);
                article.setTimestamp(3, Timestamp.from(createdAt));
                article.setString(4, TextFingerprint.of("Orphan", text));
                article.executeUpdate();
            }
            try (PreparedStatement event = connection.prepareStatement("""
                    INSERT INTO ingest.outbox_event (id, article_id, article_version, event_type, created_at,
                                                     next_attempt_at)
                    VALUES (?, ?, 1, 'vigil.article.ingested', ?, ?)""")) {
                event.setObject(1, eventId);
                event.setObject(2, articleId);
                event.setTimestamp(3, Timestamp.from(createdAt));
                event.setTimestamp(4, Timestamp.from(createdAt.plus(Duration.ofMinutes(1))));
                event.executeUpdate();
            }

            var record = topic.awaitRecord(articleId.toString());
            assertEquals(eventId.toString(), IngestedTopic.header(record, "ce_id"));
            assertEquals(text, JSON.readTree(record.value()).get("text").asText());
            await().atMost(Duration.ofSeconds(10)).until(() -> unpublishedRows(List.of(articleId.toString())) == 0);
        }
    }

    private long unpublishedRows(List<String> articleIds) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("""
                        SELECT count(*) FROM ingest.outbox_event
                        WHERE published_at IS NULL AND article_id = ANY(CAST(? AS uuid[]))""")) {
            query.setArray(1, connection.createArrayOf("text", articleIds.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
