package io.vigil.ingest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.testing.KafkaResource;
import io.vigil.testing.PostgresResource;
import jakarta.inject.Inject;

/** Producer side of the {@code vigil.article.ingested} contract in docs/events.md. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class IngestedEventContractTest {

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper objectMapper;

    @Test
    void acceptedArticleIsPublishedAsABinaryModeCloudEvent() throws Exception {
        String marker = UUID.randomUUID().toString();
        String url = "https://Example.AZ/news/" + marker + "/?utm_source=telegram";
        String title = "Azərbaycan NATO ilə kibertəhlükəsizlik üzrə əməkdaşlığı genişləndirir " + marker;
        String text = "Bakı, 12 noyabr. Əməkdaşlıq genişlənir.";
        try (IngestedTopic topic = new IngestedTopic()) {
            String id = given().auth().oauth2("test-admin-key").contentType("application/json")
                    .body(objectMapper.writeValueAsString(java.util.Map.of("url", url, "title", title, "text", text,
                            "lang", "az", "publishedAt", "2026-11-12T11:30:00+03:00", "source", "azertag")))
                    .post("/api/articles")
                    .then().statusCode(202).contentType("application/json")
                    .extract().path("id");

            ConsumerRecord<String, String> record = topic.awaitRecord(id);

            assertEquals("articles.ingested", record.topic());
            assertEquals(id, record.key());
            assertEquals("1.0", IngestedTopic.header(record, "ce_specversion"));
            assertEquals(outboxIdOf(id).toString(), IngestedTopic.header(record, "ce_id"));
            assertEquals("/vigil/ingest-service", IngestedTopic.header(record, "ce_source"));
            assertEquals("vigil.article.ingested", IngestedTopic.header(record, "ce_type"));
            assertEquals(id, IngestedTopic.header(record, "ce_subject"));
            assertEquals("application/json", IngestedTopic.header(record, "content-type"));
            OffsetDateTime ceTime = OffsetDateTime.parse(IngestedTopic.header(record, "ce_time"));
            assertEquals(0, ceTime.getOffset().getTotalSeconds());

            JsonNode data = objectMapper.readTree(record.value());
            assertEquals(java.util.Set.of("id", "version", "url", "canonicalUrl", "title", "text", "lang",
                    "publishedAt", "source", "ingestedAt", "duplicateOf"), java.util.Set.copyOf(fieldNames(data)));
            assertEquals(id, data.get("id").asText());
            assertTrue(data.get("version").isInt());
            assertEquals(1, data.get("version").asInt());
            assertEquals(url, data.get("url").asText());
            assertEquals("https://example.az/news/" + marker, data.get("canonicalUrl").asText());
            assertEquals(title, data.get("title").asText());
            assertEquals(text, data.get("text").asText());
            assertEquals("az", data.get("lang").asText());
            assertEquals("2026-11-12T08:30:00Z", data.get("publishedAt").asText());
            assertEquals("azertag", data.get("source").asText());
            Instant ingestedAt = OffsetDateTime.parse(data.get("ingestedAt").asText()).toInstant();
            assertEquals(ceTime.toInstant(), ingestedAt);
            assertTrue(data.get("duplicateOf").isNull());
        }
    }

    @Test
    void optionalFieldsTravelAsNulls() throws Exception {
        String text = "Minimal article " + UUID.randomUUID();
        try (IngestedTopic topic = new IngestedTopic()) {
            String id = given().auth().oauth2("test-admin-key").contentType("application/json")
                    .body("{\"title\":\"\",\"text\":\"" + text + "\"}")
                    .post("/api/articles").then().statusCode(202).extract().path("id");

            JsonNode data = objectMapper.readTree(topic.awaitRecord(id).value());
            assertTrue(data.get("url").isNull());
            assertTrue(data.get("canonicalUrl").isNull());
            assertEquals("", data.get("title").asText());
            assertTrue(data.get("lang").isNull());
            assertTrue(data.get("publishedAt").isNull());
            assertEquals("api", data.get("source").asText());
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private UUID outboxIdOf(String articleId) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT id FROM ingest.outbox_event WHERE article_id = ?")) {
            query.setObject(1, UUID.fromString(articleId));
            try (ResultSet rows = query.executeQuery()) {
                assertTrue(rows.next());
                return rows.getObject(1, UUID.class);
            }
        }
    }
}
