package io.vigil.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

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
import jakarta.inject.Inject;

/** Feeds served by a real local HTTP server (WireMock). */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class SourcePollingTest {

    private static WireMockServer feeds;

    @Inject
    DataSource dataSource;

    @BeforeAll
    static void startFeedServer() {
        feeds = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        feeds.start();
        // Stubbed before any fetch: the service caches a site's robots.txt for a day.
        feeds.stubFor(get(urlEqualTo("/robots.txt")).willReturn(aResponse().withStatus(200)
                .withBody("User-agent: *\nDisallow: /private/\n")));
    }

    @AfterAll
    static void stopFeedServer() {
        feeds.stop();
    }

    private static String register(String name, String url) {
        return given().auth().oauth2("test-admin-key").contentType("application/json")
                .body("{\"name\":\"" + name + "\",\"url\":\"" + url + "\",\"pollInterval\":\"PT1M\"}")
                .post("/api/sources").then().statusCode(201).extract().path("id");
    }

    private static JsonPath source(String id) {
        return given().get("/api/sources/" + id).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void pollsAWindows1256RssFeedThenAsksConditionally() throws Exception {
        String marker = UUID.randomUUID().toString();
        String rss = """
                <?xml version="1.0" encoding="windows-1256"?>
                <rss version="2.0"><channel><title>الأخبار</title><link>https://news.example.kw/</link>
                <language>ar</language><description>d</description>
                <item><title>الكويت تستضيف اجتماعا أمنيا</title><link>https://news.example.kw/a/1?utm_source=rss&amp;m=%s</link>
                <description>&lt;p&gt;ناقش المسؤولون الأمن البحري في الخليج %s&lt;/p&gt;</description>
                <pubDate>Thu, 12 Nov 2026 08:30:00 GMT</pubDate></item>
                <item><title>تمرين عسكري مشترك</title><link>https://news.example.kw/a/2?m=%s</link>
                <description>بدأ التمرين العسكري المشترك اليوم %s</description></item>
                </channel></rss>
                """.formatted(marker, marker, marker, marker);
        String path = "/feeds/" + marker + ".xml";
        feeds.stubFor(get(urlEqualTo(path)).withHeader("If-None-Match", equalTo("\"v1\""))
                .willReturn(aResponse().withStatus(304)));
        feeds.stubFor(get(urlEqualTo(path)).atPriority(10).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/rss+xml").withHeader("ETag", "\"v1\"")
                .withBody(rss.getBytes(Charset.forName("windows-1256")))));

        String name = "kw-news-" + marker;
        String id = register(name, feeds.baseUrl() + path);
        await().atMost(Duration.ofSeconds(30)).until(() -> "ok".equals(source(id).getString("lastStatus")));
        assertEquals(2, source(id).getInt("articlesFound"));

        JsonPath stored = given().queryParam("limit", 500).get("/api/articles").then().extract().jsonPath();
        String title = stored.getString("items.find { it.source == '" + name + "' && it.url?.contains('/a/1') }.title");
        assertEquals("الكويت تستضيف اجتماعا أمنيا", title);
        assertEquals("ar", stored.getString("items.find { it.source == '" + name + "' && it.url?.contains('/a/1') }.lang"));

        makeDue(id);
        await().atMost(Duration.ofSeconds(30)).until(() -> "not-modified".equals(source(id).getString("lastStatus")));
        feeds.verify(getRequestedFor(urlEqualTo(path)).withHeader("If-None-Match", equalTo("\"v1\"")));
        assertEquals(2, source(id).getInt("articlesFound"));
    }

    @Test
    void refusesFeedsWithADoctypeAndBacksOff() {
        String marker = UUID.randomUUID().toString();
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
                <rss version="2.0"><channel><title>t</title><link>https://x.example/</link><description>d</description>
                <item><title>&secret;</title><link>https://x.example/1</link><description>x</description></item>
                </channel></rss>
                """;
        String path = "/xxe/" + marker + ".xml";
        feeds.stubFor(get(urlEqualTo(path)).willReturn(aResponse().withStatus(200).withBody(xxe)));

        String id = register("xxe-" + marker, feeds.baseUrl() + path);
        await().atMost(Duration.ofSeconds(30)).until(() -> "failed".equals(source(id).getString("lastStatus")));
        JsonPath failed = source(id);
        assertEquals(1, failed.getInt("consecutiveFailures"));
        assertEquals(0, failed.getInt("articlesFound"));
        assertTrue(java.time.Instant.parse(failed.getString("nextFetchAt"))
                .isAfter(java.time.Instant.now().plusSeconds(60)), failed.getString("nextFetchAt"));
    }

    @Test
    void spacesRequestsToOneHost() {
        String marker = UUID.randomUUID().toString();
        String rss = "<rss version=\"2.0\"><channel><title>t</title><link>https://p.example/</link>"
                + "<description>d</description></channel></rss>";
        String first = "/polite/" + marker + "/1.xml";
        String second = "/polite/" + marker + "/2.xml";
        feeds.stubFor(get(urlEqualTo(first)).willReturn(aResponse().withStatus(200).withBody(rss)));
        feeds.stubFor(get(urlEqualTo(second)).willReturn(aResponse().withStatus(200).withBody(rss)));
        String firstId = register("polite-1-" + marker, feeds.baseUrl() + first);
        String secondId = register("polite-2-" + marker, feeds.baseUrl() + second);
        await().atMost(Duration.ofSeconds(30)).until(() -> "ok".equals(source(firstId).getString("lastStatus"))
                && "ok".equals(source(secondId).getString("lastStatus")));
        long firstAt = feeds.findAll(getRequestedFor(urlEqualTo(first))).getFirst().getLoggedDate().getTime();
        long secondAt = feeds.findAll(getRequestedFor(urlEqualTo(second))).getFirst().getLoggedDate().getTime();
        assertTrue(Math.abs(secondAt - firstAt) >= 900, "requests " + Math.abs(secondAt - firstAt) + " ms apart");
    }

    @Test
    void honoursRobotsTxt() {
        String path = "/private/" + UUID.randomUUID() + ".xml";
        feeds.stubFor(get(urlEqualTo(path)).willReturn(aResponse().withStatus(200).withBody("<rss/>")));
        String id = register("robots-" + UUID.randomUUID(), feeds.baseUrl() + path);
        await().atMost(Duration.ofSeconds(30)).until(() -> "failed".equals(source(id).getString("lastStatus")));
        assertTrue(source(id).getString("lastError").contains("robots.txt"), source(id).getString("lastError"));
        feeds.verify(0, getRequestedFor(urlEqualTo(path)));
    }

    @Test
    void refusesInternalAddressesThatAreNotAllowListed() {
        String id = register("internal-" + UUID.randomUUID(), "http://127.0.0.2:9/feed.xml");
        await().atMost(Duration.ofSeconds(30)).until(() -> "failed".equals(source(id).getString("lastStatus")));
        assertTrue(source(id).getString("lastError").contains("internal address"), source(id).getString("lastError"));
    }

    @Test
    void validatesRegistrationsAndNeedsTheKey() {
        given().auth().oauth2("test-admin-key").contentType("application/json")
                .body("{\"name\":\"\",\"url\":\"ftp://x\",\"pollInterval\":\"PT5S\",\"kind\":\"json\"}")
                .post("/api/sources").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.equalTo(java.util.List.of("name", "url", "kind", "pollInterval")));
        given().auth().oauth2("test-admin-key").contentType("application/json")
                .body("{\"name\":\"n\",\"url\":\"https://x.example/\",\"pollInterval\":\"P2D\",\"pollIntervalSeconds\":60}")
                .post("/api/sources").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.equalTo(java.util.List.of("pollInterval", "pollIntervalSeconds")));
        given().contentType("application/json").body("{\"name\":\"n\",\"url\":\"https://x.example/\"}")
                .post("/api/sources").then().statusCode(401);
        given().get("/api/sources/" + UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json");
    }

    private void makeDue(String sourceId) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE ingest.source SET next_fetch_at = now() WHERE id = ?")) {
            update.setObject(1, UUID.fromString(sourceId));
            update.executeUpdate();
        }
    }
}
