package io.vigil.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.restassured.RestAssured.given;
import static io.vigil.ingest.SourcesApi.KEY;
import static io.vigil.ingest.SourcesApi.pollNow;
import static io.vigil.ingest.SourcesApi.registerPaused;
import static io.vigil.ingest.SourcesApi.source;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vigil.testing.KafkaResource;
import io.vigil.testing.PostgresResource;

/** The source registry API, news sitemaps and sitemap indexes, and the per-source health metrics. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class SourceRegistryTest {

    private static WireMockServer feeds;

    @BeforeAll
    static void startFeedServer() {
        feeds = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        feeds.start();
        feeds.stubFor(get(urlEqualTo("/robots.txt")).willReturn(aResponse().withStatus(404)));
    }

    @AfterAll
    static void stopFeedServer() {
        feeds.stop();
    }

    private static String serve(String path, String xml) {
        feeds.stubFor(get(urlEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/xml").withBody(xml)));
        return feeds.baseUrl() + path;
    }

    private static String atom(String marker) {
        return """
                <feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:%s</id>
                <updated>2026-11-12T08:30:00Z</updated>
                <entry><title>Atom entry %s</title><id>urn:%s:1</id><link href="https://atom.example/%s"/>
                <updated>2026-11-12T08:30:00Z</updated><summary>Summary %s</summary></entry></feed>
                """.formatted(marker, marker, marker, marker, marker);
    }

    private static String newsSitemap(String marker, int... entries) {
        StringBuilder urls = new StringBuilder();
        for (int entry : entries) {
            urls.append("""
                    <url><loc>https://news.example.ge/%s/%d</loc><news:news>
                    <news:publication><news:name>N</news:name><news:language>ka</news:language></news:publication>
                    <news:publication_date>2026-11-%02dT08:00:00Z</news:publication_date>
                    <news:title>საქართველო %s %d</news:title></news:news></url>
                    """.formatted(marker, entry, 10 + entry, marker, entry));
        }
        return "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
                + "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">" + urls + "</urlset>";
    }

    @Test
    void registersChangesPausesResumesPollsAndDeletes() {
        String marker = UUID.randomUUID().toString();
        String url = serve("/registry/" + marker + ".atom", atom(marker));
        String name = "registry-" + marker;
        JsonPath created = given().auth().oauth2(KEY).contentType("application/json")
                .body(Map.of("name", name, "url", url, "paused", true))
                .post("/api/sources").then().statusCode(201).extract().jsonPath();
        String id = created.getString("id");
        assertEquals("auto", created.getString("kind"));
        assertEquals("PT15M", created.getString("pollInterval"));
        assertTrue(created.getBoolean("paused"));

        JsonPath polled = pollNow(id);
        assertEquals("ok", polled.getString("lastStatus"));
        assertEquals("atom", polled.getString("detectedKind"));
        assertEquals(1, polled.getInt("itemsLast24h"));
        assertEquals(polled.getString("lastFetchedAt"), polled.getString("lastSuccessAt"));
        assertNull(polled.getString("backoff"));
        assertNull(polled.getString("lastErrorAt"));

        JsonPath changed = given().auth().oauth2(KEY).contentType("application/json")
                .body(Map.of("name", name + "-renamed", "url", url, "pollInterval", "PT2H"))
                .put("/api/sources/" + id).then().statusCode(200).extract().jsonPath();
        assertEquals(name + "-renamed", changed.getString("name"));
        assertEquals("PT2H", changed.getString("pollInterval"));
        assertTrue(changed.getBoolean("paused"), "PUT leaves the pause alone");
        assertEquals(Instant.parse(changed.getString("lastFetchedAt")).plus(Duration.ofMinutes(15)),
                Instant.parse(changed.getString("nextFetchAt")), "the next poll is already sooner than 2 h");

        JsonPath rekinded = given().auth().oauth2(KEY).contentType("application/json")
                .body(Map.of("name", name + "-renamed", "url", url, "kind", "atom", "pollInterval", "PT2H"))
                .put("/api/sources/" + id).then().statusCode(200).extract().jsonPath();
        assertEquals("atom", rekinded.getString("kind"));
        assertNull(rekinded.getString("detectedKind"));
        assertFalse(Instant.parse(rekinded.getString("nextFetchAt")).isAfter(Instant.now()), "a new kind is polled at once");

        String otherId = registerPaused("other-" + marker, url);
        given().auth().oauth2(KEY).contentType("application/json")
                .body(Map.of("name", name + "-renamed", "url", url)).put("/api/sources/" + otherId)
                .then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(KEY).contentType("application/json").body(Map.of("name", "x", "url", url))
                .put("/api/sources/" + UUID.randomUUID()).then().statusCode(404);

        given().auth().oauth2(KEY).post("/api/sources/" + id + "/resume").then().statusCode(200)
                .body("paused", equalTo(false));
        assertFalse(Instant.parse(source(id).getString("nextFetchAt")).isAfter(Instant.now()));
        given().auth().oauth2(KEY).post("/api/sources/" + id + "/pause").then().statusCode(200)
                .body("paused", equalTo(true));
        given().post("/api/sources/" + id + "/pause").then().statusCode(401);

        given().auth().oauth2(KEY).delete("/api/sources/" + id).then().statusCode(204);
        given().get("/api/sources/" + id).then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(KEY).post("/api/sources/" + id + "/poll").then().statusCode(404);
        given().auth().oauth2(KEY).post("/api/sources/" + id + "/resume").then().statusCode(404);
    }

    @Test
    void aSourceRegisteredAsOneKindServingAnotherFailsWithTheReason() {
        String marker = UUID.randomUUID().toString();
        String id = SourcesApi.register("kind-" + marker, serve("/kind/" + marker + ".xml", atom(marker)),
                Map.of("kind", "rss", "paused", true));
        JsonPath polled = pollNow(id);
        assertEquals("failed", polled.getString("lastStatus"));
        assertEquals("wrong-kind", polled.getString("lastErrorReason"));
        assertTrue(polled.getString("lastError").contains("registered as rss but the document is atom"));
    }

    @Test
    void readsASitemapIndexAndTheNewsSitemapsItPointsAt() {
        String marker = UUID.randomUUID().toString();
        String base = "/sitemaps/" + marker;
        String first = serve(base + "/news-1.xml", newsSitemap(marker, 1, 2));
        String nested = serve(base + "/nested-index.xml", """
                <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
                <sitemap><loc>%s</loc></sitemap>
                <sitemap><loc>%s</loc></sitemap>
                </sitemapindex>""".formatted(serve(base + "/news-2.xml", newsSitemap(marker, 3)), feeds.baseUrl() + base + "/index.xml"));
        String missing = feeds.baseUrl() + base + "/gone.xml";
        String index = serve(base + "/index.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
                <sitemap><loc>%s</loc><lastmod>2026-11-12</lastmod></sitemap>
                <sitemap><loc>%s</loc><lastmod>2026-11-11</lastmod></sitemap>
                <sitemap><loc>%s</loc><lastmod>2026-11-01</lastmod></sitemap>
                </sitemapindex>""".formatted(first, nested, missing));
        String id = SourcesApi.register("sitemap-" + marker, index, Map.of("kind", "sitemap", "paused", true));

        JsonPath polled = pollNow(id);
        assertEquals("partial", polled.getString("lastStatus"));
        assertEquals("sitemap", polled.getString("detectedKind"));
        assertEquals(3, polled.getInt("articlesFound"));
        assertEquals("http-status", polled.getString("lastErrorReason"));
        assertTrue(polled.getString("lastError").contains("Sitemap " + missing + ": HTTP 404"), polled.getString("lastError"));

        List<String> titles = given().queryParam("limit", 500).get("/api/articles").then().extract().jsonPath()
                .getList("items.findAll { it.source == 'sitemap-" + marker + "' }.title");
        assertEquals(3, titles.size());
        assertTrue(titles.contains("საქართველო " + marker + " 3"), titles.toString());
    }

    @Test
    void eachSourceHasHealthGaugesThatGoWithIt() {
        String marker = UUID.randomUUID().toString();
        String id = registerPaused("metrics-" + marker, serve("/metrics/" + marker + ".atom", atom(marker)));
        pollNow(id);
        List<String> gauges = List.of("vigil_source_last_fetch_timestamp_seconds", "vigil_source_last_success_timestamp_seconds",
                "vigil_source_last_error_timestamp_seconds", "vigil_source_consecutive_failures",
                "vigil_source_backoff_seconds", "vigil_source_items_last_day", "vigil_source_paused");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            for (String gauge : gauges) {
                assertTrue(metrics.contains(gauge + "{source_id=\"" + id + "\"}"), gauge + " missing");
            }
            assertTrue(metrics.contains("vigil_source_items_last_day{source_id=\"" + id + "\"} 1.0"));
            assertTrue(metrics.contains("vigil_source_fetches_total{outcome=\"ok\",source_id=\"" + id + "\"} 1.0"));
        });

        given().auth().oauth2(KEY).delete("/api/sources/" + id).then().statusCode(204);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertFalse(
                given().get("/q/metrics").then().extract().asString().contains("source_id=\"" + id + "\"")));
    }
}
