package io.vigil.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.vigil.ingest.SourcesApi.pollNow;
import static io.vigil.ingest.SourcesApi.registerPaused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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

/** Feeds in the encodings the web serves them in, from a real local server, down to the stored article. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class SourceEncodingTest {

    private static WireMockServer feeds;

    @Inject
    DataSource dataSource;

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

    private record Stored(String title, String text, String lang) {
    }

    private static String rss(String declaration, String lang, String title, String description, String marker) {
        return declaration + "<rss version=\"2.0\"><channel><title>t</title><link>https://example.org/</link>"
                + "<description>d</description><language>" + lang + "</language>"
                + "<item><title>" + title + "</title><link>https://example.org/" + marker + "</link>"
                + "<description>" + description + "</description></item></channel></rss>";
    }

    /** Serves the bytes, polls them as a source and reads back the one article stored. */
    private Stored storedFrom(String contentType, byte[] body) throws Exception {
        String name = "enc-" + UUID.randomUUID();
        String path = "/" + name + ".xml";
        feeds.stubFor(get(urlEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", contentType).withBody(body)));
        JsonPath polled = pollNow(registerPaused(name, feeds.baseUrl() + path));
        assertEquals("ok", polled.getString("lastStatus"), polled.getString("lastError"));
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT title, text, lang FROM ingest.article WHERE source = ?")) {
            query.setString(1, name);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next(), "no article stored from " + name);
                return new Stored(row.getString(1), row.getString(2), row.getString(3));
            }
        }
    }

    @Test
    void russianInWindows1251DeclaredInTheXmlDeclarationOnly() throws Exception {
        String marker = UUID.randomUUID().toString();
        Stored stored = storedFrom("text/xml", rss("<?xml version=\"1.0\" encoding=\"windows-1251\"?>", "ru",
                "Хакеры атаковали энергосеть", "Подстанции «Юг» отключены " + marker, marker)
                .getBytes(Charset.forName("windows-1251")));
        assertEquals(new Stored("Хакеры атаковали энергосеть", "Подстанции «Юг» отключены " + marker, "ru"), stored);
    }

    @Test
    void turkishInIso88599DeclaredInTheContentTypeOnly() throws Exception {
        String marker = UUID.randomUUID().toString();
        Stored stored = storedFrom("application/rss+xml; charset=ISO-8859-9", rss("", "tr",
                "Iğdır'da güvenlik önlemleri", "Şırnak ve Ağrı'da çatışma " + marker, marker)
                .getBytes(Charset.forName("ISO-8859-9")));
        assertEquals(new Stored("Iğdır'da güvenlik önlemleri", "Şırnak ve Ağrı'da çatışma " + marker, "tr"), stored);
    }

    @Test
    void arabicAndPersianInWindows1256StayRightToLeftIntact() throws Exception {
        String marker = UUID.randomUUID().toString();
        // U+200C (zero-width non-joiner) inside the Persian word must survive; windows-1256 writes Persian
        // with the Arabic yeh.
        String persian = "ايران مي\u200Cخواهد مذاکره کند";
        String arabic = "ناقش المسؤولون الأمن البحري في الخليج";
        Stored stored = storedFrom("application/rss+xml; charset=windows-1256", rss(
                "<?xml version=\"1.0\" encoding=\"windows-1256\"?>", "fa", persian,
                "&lt;p&gt;" + arabic + " " + marker + "&lt;/p&gt;", marker).getBytes(Charset.forName("windows-1256")));
        assertEquals(new Stored(persian, arabic + " " + marker, "fa"), stored);
    }

    @Test
    void utf8WithAByteOrderMarkAndHtmlEntities() throws Exception {
        String marker = UUID.randomUUID().toString();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        body.write(rss("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "az",
                "Bakı &amp;amp; Gəncə: enerji &#8212; təhlükəsizlik",
                "&lt;p&gt;Azərbaycan &amp;quot;Cənub&amp;quot; qaz dəhlizi " + marker + "&lt;/p&gt;", marker)
                .getBytes(StandardCharsets.UTF_8));
        Stored stored = storedFrom("application/xml", body.toByteArray());
        assertEquals(new Stored("Bakı & Gəncə: enerji — təhlükəsizlik",
                "Azərbaycan \"Cənub\" qaz dəhlizi " + marker, "az"), stored);
    }

    @Test
    void aNewsSitemapEntryIsStoredWithWhatTheSitemapGives() throws Exception {
        String marker = UUID.randomUUID().toString();
        Stored stored = storedFrom("application/xml; charset=utf-8", """
                <?xml version="1.0" encoding="UTF-8"?>
                <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
                        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
                  <url><loc>https://news.example.am/%s</loc>
                    <news:news><news:publication><news:name>Lraber</news:name><news:language>hy</news:language></news:publication>
                    <news:publication_date>2026-11-12T08:30:00+04:00</news:publication_date>
                    <news:title>Հայաստանի անվտանգության խորհուրդը %s</news:title></news:news></url>
                </urlset>""".formatted(marker, marker).getBytes(StandardCharsets.UTF_8));
        assertEquals(new Stored("Հայաստանի անվտանգության խորհուրդը " + marker,
                "Հայաստանի անվտանգության խորհուրդը " + marker, "hy"), stored);
    }
}
