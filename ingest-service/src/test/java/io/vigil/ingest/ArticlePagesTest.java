package io.vigil.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vigil.testing.KafkaResource;
import io.vigil.testing.PostgresResource;
import jakarta.inject.Inject;

/**
 * A feed whose items carry only summaries, served with their article pages by a real local HTTP server (WireMock);
 * a second server on 127.0.0.2 stands for an internal host that must never be reached.
 */
@QuarkusTest
@TestProfile(ArticlePagesTest.PagesFetched.class)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class ArticlePagesTest {

    public static class PagesFetched implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vigil.pages.enabled", "true",
                    "vigil.pages.max-bytes", "65536",
                    "vigil.fetch.per-host-delay", "100ms",
                    "vigil.fetch.timeout", "3s");
        }
    }

    private static WireMockServer site;
    private static WireMockServer internal;

    @Inject
    DataSource dataSource;

    @Inject
    MeterRegistry meterRegistry;

    @BeforeAll
    static void startServers() {
        site = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        site.start();
        site.stubFor(get(urlEqualTo("/robots.txt")).willReturn(aResponse().withStatus(200)
                .withBody("User-agent: *\nDisallow: /private/\n")));
        internal = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.2"));
        internal.start();
        internal.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withBody("<p>internal secrets</p>")));
    }

    @AfterAll
    static void stopServers() {
        site.stop();
        internal.stop();
    }

    @Test
    void summaryOnlyItemsAreStoredWithTheirArticlePagesOrTheirSummaryAndWhy() throws Exception {
        String m = UUID.randomUUID().toString();
        String internalBase = "http://127.0.0.2:" + internal.port();
        servePage("/az/" + m, "text/html; charset=utf-8", null,
                NewsPages.azerbaijani("/az/" + m + "?utm_source=facebook&amp;fbclid=F1#top")
                        .getBytes(StandardCharsets.UTF_8));
        site.stubFor(get(urlEqualTo("/go/fa-" + m)).willReturn(aResponse().withStatus(301)
                .withHeader("Location", "/fa/" + m + "?utm_campaign=rss")));
        servePage("/fa/" + m + "?utm_campaign=rss", "text/html", null,
                NewsPages.persian(site.baseUrl() + "/fa/" + m).getBytes(StandardCharsets.UTF_8));
        servePage("/ar/" + m, "text/html", null, NewsPages.arabic(
                "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1256\">")
                .getBytes(Charset.forName("windows-1256")));
        servePage("/ru/" + m, "text/html; charset=KOI8-R", "ru",
                NewsPages.russian("/ru/" + m).getBytes(Charset.forName("KOI8-R")));
        site.stubFor(get(urlEqualTo("/missing/" + m)).willReturn(aResponse().withStatus(404)));
        servePage("/section/" + m, "text/html", null,
                NewsPages.sectionWithoutArticle().getBytes(StandardCharsets.UTF_8));
        servePage("/big/" + m, "text/html", null,
                NewsPages.azerbaijani("/big").repeat(40).getBytes(StandardCharsets.UTF_8));
        site.stubFor(get(urlEqualTo("/slow/" + m)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withFixedDelay(10_000).withBody("<p>late</p>")));
        servePage("/private/" + m, "text/html", null, "<p>disallowed</p>".getBytes(StandardCharsets.UTF_8));
        site.stubFor(get(urlEqualTo("/go/internal-" + m)).willReturn(aResponse().withStatus(302)
                .withHeader("Location", internalBase + "/redirected")));
        String fullText = "A feed item with its whole text, long enough not to be taken for a summary. ".repeat(10) + m;

        Map<String, String> links = new HashMap<>();
        links.put("az", site.baseUrl() + "/az/" + m);
        links.put("fa", site.baseUrl() + "/go/fa-" + m);
        links.put("ar", site.baseUrl() + "/ar/" + m);
        links.put("ru", site.baseUrl() + "/ru/" + m);
        links.put("missing", site.baseUrl() + "/missing/" + m);
        links.put("section", site.baseUrl() + "/section/" + m);
        links.put("big", site.baseUrl() + "/big/" + m);
        links.put("slow", site.baseUrl() + "/slow/" + m);
        links.put("robots", site.baseUrl() + "/private/" + m);
        links.put("redirect-inside", site.baseUrl() + "/go/internal-" + m);
        links.put("inside", internalBase + "/secret-" + m);
        links.put("full", site.baseUrl() + "/full/" + m);
        StringBuilder rss = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0"><channel><title>t</title><link>%s</link><description>d</description>
                """.formatted(site.baseUrl()));
        links.forEach((key, link) -> rss.append("<item><title>Title ").append(key).append("</title><link>")
                .append(link.replace("&", "&amp;")).append("</link><description>")
                .append(key.equals("full") ? fullText : "Summary of " + key + " " + m)
                .append("</description></item>\n"));
        rss.append("</channel></rss>");
        String feedPath = "/feeds/" + m + ".xml";
        site.stubFor(get(urlEqualTo(feedPath)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/rss+xml").withBody(rss.toString())));

        String source = "pages-" + m;
        String sourceId = SourcesApi.register(source, site.baseUrl() + feedPath, Map.of("pollInterval", "PT1M"));

        await().atMost(Duration.ofSeconds(60)).until(() -> stored(source).size() == links.size());
        Map<String, StoredArticle> byTitle = stored(source);

        StoredArticle az = byTitle.get("Title az");
        assertEquals(NewsPages.AZ_TEXT, az.text());
        assertEquals(canonical("/az/" + m), az.canonicalUrl());
        assertEquals(Instant.parse("2026-11-12T06:15:00Z"), az.publishedAt());
        assertEquals("az", az.lang());

        StoredArticle fa = byTitle.get("Title fa");
        assertEquals(NewsPages.FA_TEXT, fa.text());
        assertEquals(canonical("/fa/" + m), fa.canonicalUrl(), "og:url of the page the redirect led to");
        assertEquals(Instant.parse("2026-11-11T11:00:00Z"), fa.publishedAt());
        assertEquals("fa", fa.lang());

        StoredArticle ar = byTitle.get("Title ar");
        assertEquals(NewsPages.AR_TEXT, ar.text());
        assertEquals(canonical("/ar/" + m), ar.canonicalUrl());
        assertEquals(Instant.parse("2026-11-12T07:15:00Z"), ar.publishedAt());
        assertEquals("ar", ar.lang());

        StoredArticle ru = byTitle.get("Title ru");
        assertEquals(NewsPages.RU_TEXT, ru.text());
        assertEquals(canonical("/ru/" + m), ru.canonicalUrl());
        assertEquals(Instant.parse("2026-11-12T06:00:00Z"), ru.publishedAt());
        assertEquals("ru", ru.lang());

        for (String fallback : new String[] {"missing", "section", "big", "slow", "robots", "redirect-inside",
                "inside"}) {
            StoredArticle kept = byTitle.get("Title " + fallback);
            assertEquals("Summary of " + fallback + " " + m, kept.text(), fallback);
            assertEquals(links.get(fallback), kept.url(), fallback);
        }
        assertEquals(fullText, byTitle.get("Title full").text());
        site.verify(0, getRequestedFor(urlEqualTo("/full/" + m)));
        site.verify(0, getRequestedFor(urlEqualTo("/private/" + m)));
        assertTrue(internal.getAllServeEvents().isEmpty(), "the internal host was never asked");

        Map<String, String> outcomes = outcomes(sourceId);
        assertEquals(Map.ofEntries(
                Map.entry(canonical("/az/" + m), "extracted"),
                Map.entry(canonical("/go/fa-" + m), "extracted"),
                Map.entry(canonical("/ar/" + m), "extracted"),
                Map.entry(canonical("/ru/" + m), "extracted"),
                Map.entry(canonical("/missing/" + m), "http-status"),
                Map.entry(canonical("/section/" + m), "no-article"),
                Map.entry(canonical("/big/" + m), "too-large"),
                Map.entry(canonical("/slow/" + m), "timeout"),
                Map.entry(canonical("/private/" + m), "robots"),
                Map.entry(canonical("/go/internal-" + m), "refused-address"),
                Map.entry(internalBase + "/secret-" + m, "refused-address")), outcomes);
        assertTrue(meterRegistry.counter("vigil.article.pages", "outcome", "refused-address").count() >= 2);
        assertEquals(links.size(), given().get("/api/sources/" + sourceId).then().extract().jsonPath()
                .getInt("articlesFound"));

        // Polled again, the feed lists the same items: their pages are not queued (nor fetched) a second time.
        String firstPoll = given().get("/api/sources/" + sourceId).then().extract().path("lastFetchedAt");
        makeDue(sourceId);
        await().atMost(Duration.ofSeconds(30)).until(() -> !firstPoll.equals(
                given().get("/api/sources/" + sourceId).then().extract().path("lastFetchedAt")));
        site.verify(2, getRequestedFor(urlEqualTo(feedPath)));
        assertEquals(outcomes, outcomes(sourceId));
        assertEquals(links.size(), stored(source).size());
        site.verify(1, getRequestedFor(urlEqualTo("/az/" + m)));
    }

    @Test
    void newsSitemapEntriesAreStoredWithTheirArticlePagesOrTheirTitleAndWhy() throws Exception {
        String m = UUID.randomUUID().toString();
        servePage("/sm-az/" + m, "text/html; charset=utf-8", null,
                NewsPages.azerbaijani("/sm-az/" + m).getBytes(StandardCharsets.UTF_8));
        site.stubFor(get(urlEqualTo("/sm-gone/" + m)).willReturn(aResponse().withStatus(404)));
        servePage("/sm-known/" + m, "text/html", null,
                NewsPages.russian("/sm-known/" + m).getBytes(StandardCharsets.UTF_8));
        String knownText = "The whole text of an article stored before the sitemap listed it. ".repeat(5) + m;
        given().auth().oauth2(SourcesApi.KEY).contentType("application/json")
                .body(Map.of("url", site.baseUrl() + "/sm-known/" + m, "title", "Known " + m, "text", knownText,
                        "source", "api-" + m))
                .post("/api/articles").then().statusCode(202);
        String sitemapPath = "/sitemaps/" + m + ".xml";
        site.stubFor(get(urlEqualTo(sitemapPath)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/xml").withBody("""
                        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
                                xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
                        %s%s%s</urlset>""".formatted(
                        sitemapEntry(site.baseUrl() + "/sm-az/" + m, "2026-11-12T06:15:00Z", "Xəbər " + m),
                        sitemapEntry(site.baseUrl() + "/sm-gone/" + m, "2026-11-12T07:00:00Z", "Gone " + m),
                        sitemapEntry(site.baseUrl() + "/sm-known/" + m, "2026-11-12T08:00:00Z", "Known " + m)))));

        String source = "sitemap-pages-" + m;
        String sourceId = SourcesApi.registerPaused(source, site.baseUrl() + sitemapPath);
        assertEquals("sitemap", SourcesApi.pollNow(sourceId).getString("detectedKind"));
        await().atMost(Duration.ofSeconds(60)).until(() -> stored(source).size() == 2);

        StoredArticle extracted = stored(source).get("Xəbər " + m);
        assertEquals(NewsPages.AZ_TEXT, extracted.text());
        assertEquals(canonical("/sm-az/" + m), extracted.canonicalUrl());
        assertEquals(Instant.parse("2026-11-12T06:15:00Z"), extracted.publishedAt(), "the sitemap's date");
        assertEquals("az", extracted.lang());
        assertEquals("Gone " + m, stored(source).get("Gone " + m).text(), "the title stands in for the text");
        assertEquals(Map.of(canonical("/sm-az/" + m), "extracted", canonical("/sm-gone/" + m), "http-status"),
                outcomes(sourceId));
        assertEquals(knownText, stored("api-" + m).get("Known " + m).text(), "the stored text is kept");
        site.verify(0, getRequestedFor(urlEqualTo("/sm-known/" + m)));
        var health = SourcesApi.source(sourceId);
        assertEquals(2, health.getInt("articlesFound"));
        assertEquals(2, health.getInt("itemsLast24h"));

        // Polled again, the sitemap lists the same entries: no page is fetched a second time.
        SourcesApi.pollNow(sourceId);
        site.verify(2, getRequestedFor(urlEqualTo(sitemapPath)));
        assertEquals(2, outcomes(sourceId).size());
        assertEquals(2, stored(source).size());
        site.verify(1, getRequestedFor(urlEqualTo("/sm-az/" + m)));
        site.verify(1, getRequestedFor(urlEqualTo("/sm-gone/" + m)));
        site.verify(0, getRequestedFor(urlEqualTo("/sm-known/" + m)));
    }

    private static String sitemapEntry(String loc, String published, String title) {
        return """
                <url><loc>%s</loc><news:news>
                <news:publication><news:name>Xəbər Portalı</news:name><news:language>az</news:language></news:publication>
                <news:publication_date>%s</news:publication_date><news:title>%s</news:title></news:news></url>
                """.formatted(loc, published, title);
    }

    @Test
    void anItemThatCannotBeStoredIsSetAsideWithoutHoldingUpTheQueue() throws Exception {
        String m = UUID.randomUUID().toString();
        String poisonHash = TextFingerprint.sha256("poison " + m);
        queue(poisonHash, "https://poison.example/" + m, "{not json", "1 hour");
        String link = site.baseUrl() + "/gone/" + m;
        site.stubFor(get(urlEqualTo("/gone/" + m)).willReturn(aResponse().withStatus(410)));
        queue(TextFingerprint.sha256(link), link, """
                {"title":"After the poison","text":"Summary after the poison %s","url":"%s","source":"poison-%s"}
                """.formatted(m, link, m), "1 minute");

        await().atMost(Duration.ofSeconds(30)).until(() -> stored("poison-" + m).size() == 1);
        assertEquals("Summary after the poison " + m, stored("poison-" + m).get("After the poison").text());
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT done_at, next_attempt_at FROM ingest.article_page WHERE link_hash = ?")) {
            query.setString(1, poisonHash);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next());
                assertEquals(null, row.getTimestamp("done_at"));
                assertTrue(row.getTimestamp("next_attempt_at").toInstant().isAfter(Instant.now().plusSeconds(60)));
            }
        }
    }

    /** A queued item, due {@code overdue} ago, as the poller would have queued it. */
    private void queue(String linkHash, String link, String item, String overdue) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO ingest.article_page (link_hash, link, item, created_at, next_attempt_at)
                     VALUES (?, ?, ?, now(), now() - CAST(? AS interval))
                     """)) {
            insert.setString(1, linkHash);
            insert.setString(2, link);
            insert.setString(3, item);
            insert.setString(4, overdue);
            insert.executeUpdate();
        }
    }

    private void servePage(String path, String contentType, String contentLanguage, byte[] body) {
        var response = aResponse().withStatus(200).withHeader("Content-Type", contentType).withBody(body);
        if (contentLanguage != null) {
            response = response.withHeader("Content-Language", contentLanguage);
        }
        site.stubFor(get(urlEqualTo(path)).willReturn(response));
    }

    private static String canonical(String path) {
        return UrlCanonicalizer.canonicalize(site.baseUrl() + path).orElseThrow();
    }

    private record StoredArticle(String url, String canonicalUrl, String text, String lang, Instant publishedAt) {
    }

    private Map<String, StoredArticle> stored(String source) throws Exception {
        Map<String, StoredArticle> byTitle = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT title, url, canonical_url, text, lang, published_at FROM ingest.article WHERE source = ?")) {
            query.setString(1, source);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    var published = rows.getTimestamp("published_at");
                    byTitle.put(rows.getString("title"), new StoredArticle(rows.getString("url"),
                            rows.getString("canonical_url"), rows.getString("text"), rows.getString("lang"),
                            published == null ? null : published.toInstant()));
                }
            }
        }
        return byTitle;
    }

    private Map<String, String> outcomes(String sourceId) throws Exception {
        Map<String, String> outcomes = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT link, outcome FROM ingest.article_page WHERE source_id = ?")) {
            query.setObject(1, UUID.fromString(sourceId));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    outcomes.put(rows.getString("link"), rows.getString("outcome"));
                }
            }
        }
        return outcomes;
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
