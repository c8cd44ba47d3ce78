package io.vigil.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import javax.sql.DataSource;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
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
class ArticleApiTest {

    private static final String KEY = "test-admin-key";

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBodySize;

    @Inject
    ObjectMapper objectMapper;

    @TestHTTPResource("/api/articles")
    URI articlesUri;

    private ValidatableResponse post(Object body) throws Exception {
        return given().auth().oauth2(KEY).contentType("application/json")
                .body(body instanceof String s ? s : objectMapper.writeValueAsString(body))
                .post("/api/articles").then();
    }

    private static Map<String, Object> article(String url, String title, String text) {
        Map<String, Object> article = new java.util.HashMap<>();
        article.put("title", title);
        article.put("text", text);
        if (url != null) {
            article.put("url", url);
        }
        return article;
    }

    /** A changed text under a known URL is a new version instead: see VersionsAndNearDuplicatesTest. */
    @Test
    void sameUrlWithTrackingParametersIsADuplicateAndPublishedOnce() throws Exception {
        String path = "https://news.example.az/xeber/" + UUID.randomUUID();
        String text = "Original text " + UUID.randomUUID();
        try (IngestedTopic topic = new IngestedTopic()) {
            String id = post(article(path, "First", text))
                    .statusCode(202).body("status", equalTo("accepted")).extract().path("id");

            post(article(path.replace("news.example", "NEWS.Example") + "/?utm_source=fb&fbclid=1#top", "first",
                    text + "."))
                    .statusCode(200).body("status", equalTo("duplicate")).body("id", equalTo(id));

            String laterId = post(article(null, "", "Unrelated later article " + UUID.randomUUID()))
                    .statusCode(202).extract().path("id");
            topic.awaitRecord(laterId);
            assertEquals(1, topic.recordsFor(id).size());
            assertEquals(1, count("SELECT count(*) FROM ingest.outbox_event WHERE article_id = '" + id + "'"));
        }
    }

    @Test
    void sameNormalisedTextUnderAnotherUrlIsADuplicate() throws Exception {
        String marker = UUID.randomUUID().toString();
        String id = post(article("https://a.example.com/" + marker, "Sülh danışıqları",
                "Bakı və İrəvan sülh müqaviləsini müzakirə edir. " + marker))
                .statusCode(202).extract().path("id");

        post(article("https://b.example.com/" + marker, "SÜLH DANIŞIQLARI!",
                "Bakı  və İrəvan, sülh müqaviləsini müzakirə edir " + marker))
                .statusCode(200).body("status", equalTo("duplicate")).body("id", equalTo(id));
        assertEquals(0, count("SELECT count(*) FROM ingest.article WHERE canonical_url = 'https://b.example.com/"
                + marker + "'"));
    }

    @Test
    void concurrentIdenticalPostsYieldExactlyOneAcceptedArticle() throws Exception {
        String body = objectMapper.writeValueAsString(article("https://race.example.com/" + UUID.randomUUID(),
                "Race", "Concurrent text " + UUID.randomUUID()));
        int clients = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest request = HttpRequest.newBuilder(articlesUri)
                    .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            for (int i = 0; i < clients; i++) {
                answers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                        return http.send(request, HttpResponse.BodyHandlers.ofString());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            start.countDown();
            List<HttpResponse<String>> responses = answers.stream().map(CompletableFuture::join).toList();
            assertEquals(1, responses.stream().filter(r -> r.statusCode() == 202).count());
            assertEquals(clients - 1, responses.stream().filter(r -> r.statusCode() == 200).count());
            assertEquals(1, responses.stream().map(r -> r.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1"))
                    .distinct().count());
        }
    }

    @Test
    void malformedJsonIsAProblemAndStoresNothing() {
        long before = articleCount();
        given().auth().oauth2(KEY).contentType("application/json").body("{\"title\": \"x\", \"text\": ")
                .post("/api/articles")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400)).body("type", startsWith("https://"))
                .body("title", notNullValue()).body("instance", equalTo("/api/articles"));
        assertEquals(before, articleCount());
    }

    @Test
    void invalidFieldsAreListed() throws Exception {
        long before = articleCount();
        post("{\"title\": 1, \"text\": \"  \", \"url\": \"javascript:alert(1)\", \"lang\": \"english\"}")
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("title", "text", "url", "lang")))
                .body("errors.message", hasItem("must not be blank"));
        post("{\"title\": \"t\"}").statusCode(400).body("errors.field", equalTo(List.of("text")));
        assertEquals(before, articleCount());
    }

    @Test
    void oversizedBodyAndTextAreRefusedWith413() throws Exception {
        long before = articleCount();
        String hugeText = "a".repeat((int) maxBodySize.asLongValue() + 10);
        post(article(null, "", hugeText)).statusCode(413).contentType("application/problem+json")
                .body("status", equalTo(413));
        post(article(null, "", "b".repeat(600_000))).statusCode(413).contentType("application/problem+json");
        assertEquals(before, articleCount());
    }

    @Test
    void writesNeedTheAdminKey() {
        String body = "{\"title\":\"\",\"text\":\"keyless " + UUID.randomUUID() + "\"}";
        given().contentType("application/json").body(body).post("/api/articles")
                .then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
        given().auth().oauth2("wrong-key").contentType("application/json").body(body).post("/api/articles")
                .then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Basic dGVzdC1hZG1pbi1rZXk=").contentType("application/json").body(body)
                .post("/api/articles").then().statusCode(401);
    }

    @Test
    void readsOneArticleOrAProblem() throws Exception {
        String text = "Readable article " + UUID.randomUUID();
        String id = post(article("https://read.example.com/" + UUID.randomUUID(), "Read me", text))
                .statusCode(202).extract().path("id");
        given().get("/api/articles/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("text", equalTo(text)).body("version", equalTo(1));
        given().get("/api/articles/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
        given().get("/api/articles/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void listsNewestFirstWithKeysetPagination() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(post(article(null, "Page " + i, "Paged article " + UUID.randomUUID())).statusCode(202)
                    .extract().path("id"));
        }
        String next = given().queryParam("limit", 2).get("/api/articles").then().statusCode(200)
                .body("items", hasSize(2)).body("items[0].id", equalTo(ids.get(2)))
                .body("items[1].id", equalTo(ids.get(1))).extract().path("next");
        given().queryParam("limit", 1).queryParam("before", next).get("/api/articles").then().statusCode(200)
                .body("items[0].id", equalTo(ids.get(0)));
        given().queryParam("limit", 1).queryParam("before", ids.get(1)).get("/api/articles").then()
                .statusCode(200).body("items[0].id", equalTo(ids.get(0)));
        given().queryParam("limit", 501).get("/api/articles").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("limit"));
        given().queryParam("before", "garbage").get("/api/articles").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void problemsAreCounted() {
        given().get("/api/articles/" + UUID.randomUUID()).then().statusCode(404);
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("vigil_http_problems_total{status=\"404\""))
                .body(org.hamcrest.Matchers.containsString("vigil_articles_received_total"))
                .body(org.hamcrest.Matchers.containsString("vigil_outbox_pending"))
                .body(org.hamcrest.Matchers.containsString("vigil_outbox_oldest_pending_seconds"));
    }

    @Test
    void openApiDescribesTheArticlesEndpoints() {
        given().get("/q/openapi").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("/api/articles/{id}"));
    }

    private long articleCount() {
        return count("SELECT count(*) FROM ingest.article");
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
