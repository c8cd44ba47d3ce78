package io.vigil.ingest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vigil.testing.KafkaResource;
import io.vigil.testing.PostgresResource;
import jakarta.inject.Inject;

@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class BatchApiTest {

    private static final Logger LOG = Logger.getLogger(BatchApiTest.class);

    @Inject
    ObjectMapper objectMapper;

    @Inject
    DataSource dataSource;

    @TestHTTPResource("/api/articles:batch")
    URI batchUri;

    private ValidatableResponse postBatch(List<?> items) throws Exception {
        // Sent with a literal colon, as curl and the JDK client do.
        return given().urlEncodingEnabled(false).auth().oauth2("test-admin-key").contentType("application/json")
                .body(objectMapper.writeValueAsString(Map.of("items", items)))
                .post("/api/articles:batch").then();
    }

    @Test
    void reportsOneResultPerItemAndPublishesTheAcceptedOnes() throws Exception {
        String marker = UUID.randomUUID().toString();
        String existingId = given().auth().oauth2("test-admin-key").contentType("application/json")
                .body(objectMapper.writeValueAsString(Map.of("title", "", "text", "Stored before " + marker)))
                .post("/api/articles").then().statusCode(202).extract().path("id");

        List<Object> items = List.of(
                Map.of("title", "One", "text", "First batch article " + marker, "url", "https://b.example.com/1/" + marker),
                Map.of("title", "one", "text", "First batch article, " + marker),
                Map.of("title", "No text"),
                Map.of("title", "", "text", "Stored before " + marker),
                Map.of("title", "Two", "text", "Second batch article " + marker,
                        "url", "https://b.example.com/2/" + marker + "?utm_source=x"),
                Map.of("title", "", "text", "x".repeat(500_001)));
        try (IngestedTopic topic = new IngestedTopic()) {
            ValidatableResponse answer = postBatch(items).statusCode(200)
                    .body("accepted", equalTo(2)).body("duplicate", equalTo(2)).body("invalid", equalTo(2))
                    .body("items", hasSize(6))
                    .body("items.status", equalTo(List.of("accepted", "duplicate", "invalid", "duplicate",
                            "accepted", "invalid")))
                    .body("items[2].id", nullValue())
                    .body("items[2].problem.status", equalTo(400))
                    .body("items[2].problem.errors[0].field", equalTo("text"))
                    .body("items[3].id", equalTo(existingId))
                    .body("items[5].problem.status", equalTo(413));
            String firstId = answer.extract().path("items[0].id");
            answer.body("items[1].id", equalTo(firstId));
            String secondId = answer.extract().path("items[4].id");

            topic.awaitRecord(firstId);
            topic.awaitRecord(secondId);
            assertEquals(1, topic.recordsFor(firstId).size());
        }
    }

    @Test
    void refusesMoreThanTheMaximumAndAnythingButAnItemsArray() throws Exception {
        List<Object> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(Map.of("title", "", "text", "t" + i));
        }
        postBatch(tooMany).statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("items"));
        given().auth().oauth2("test-admin-key").contentType("application/json").body("{\"items\": 3}")
                .post("/api/articles:batch").then().statusCode(400).contentType("application/problem+json");
        given().contentType("application/json").body("{\"items\": []}")
                .post("/api/articles:batch").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void thePercentEncodedColonRoutesToo() {
        given().urlEncodingEnabled(false).auth().oauth2("test-admin-key").contentType("application/json")
                .body("{\"items\": []}").post("/api/articles%3Abatch").then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void storesAThousandArticlesInOneRequestAndPublishesThemAll() throws Exception {
        String marker = UUID.randomUUID().toString();
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            items.add(Map.of("title", "Bulk " + i, "text", ("Bulk article number " + i + " " + marker + " ").repeat(20),
                    "url", "https://bulk.example.com/" + marker + "/" + i, "lang", "en"));
        }
        // The JDK client and Jackson keep the client's own cost out of the figure (RestAssured parses slowly).
        HttpRequest request = HttpRequest.newBuilder(batchUri)
                .header("Authorization", "Bearer test-admin-key").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(objectMapper.writeValueAsString(Map.of("items", items))))
                .build();
        long started = System.nanoTime();
        HttpResponse<String> response;
        try (HttpClient http = HttpClient.newHttpClient()) {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        long stored = System.nanoTime();
        assertEquals(200, response.statusCode());
        assertEquals(1000, objectMapper.readTree(response.body()).get("accepted").asInt());
        await().atMost(Duration.ofSeconds(60)).until(() -> unpublishedWithMarker(marker) == 0);
        long published = System.nanoTime();
        LOG.infof("1000-article batch: stored in %d ms, all published %d ms later",
                (stored - started) / 1_000_000, (published - stored) / 1_000_000);
        assertEquals(1000, count("SELECT count(*) FROM ingest.article WHERE canonical_url LIKE 'https://bulk.example.com/"
                + marker + "/%'"));
    }

    private long unpublishedWithMarker(String marker) {
        return count("SELECT count(*) FROM ingest.outbox_event o JOIN ingest.article a ON a.id = o.article_id "
                + "WHERE o.published_at IS NULL AND a.canonical_url LIKE 'https://bulk.example.com/" + marker + "/%'");
    }

    private long count(String sql) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(sql);
             ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
