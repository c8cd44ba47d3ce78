package io.vigil.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.vigil.ingest.SourcesApi.pollNow;
import static io.vigil.ingest.SourcesApi.registerPaused;
import static io.vigil.ingest.SourcesApi.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vigil.testing.KafkaResource;
import io.vigil.testing.PostgresResource;

/**
 * Bad input from real local servers (WireMock, and a Vert.x server for answers WireMock cannot give: a body
 * streamed without end, a connection cut mid-body, a server that never answers). Each ends as a recorded
 * source error with its reason, and a good source polled right after still works.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class SourceBadInputTest {

    private static final long FIFTY_MEGABYTES = 50L * 1024 * 1024;
    private static final Buffer CHUNK = Buffer.buffer("<item><title>x</title></item>".repeat(2048));

    private static WireMockServer feeds;
    private static Vertx vertx;
    private static HttpServer misbehaving;
    private static String goodSourceId;
    private static final String GOOD_PATH = "/good/" + UUID.randomUUID() + ".xml";

    @BeforeAll
    static void startServers() throws Exception {
        feeds = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        feeds.start();
        feeds.stubFor(get(urlEqualTo("/robots.txt")).willReturn(aResponse().withStatus(404)));
        vertx = Vertx.vertx();
        misbehaving = vertx.createHttpServer().requestHandler(request -> {
            HttpServerResponse response = request.response();
            switch (request.path()) {
                case "/silent" -> {
                    // Accepts the request and never answers.
                }
                case "/endless" -> stream(response.setChunked(true).putHeader("Content-Type", "application/rss+xml"),
                        FIFTY_MEGABYTES);
                case "/announced" -> stream(response.putHeader("Content-Length", String.valueOf(FIFTY_MEGABYTES)),
                        FIFTY_MEGABYTES);
                case "/cut" -> {
                    response.putHeader("Content-Length", "10000")
                            .write("<rss version=\"2.0\"><channel><title>t</title><item><title>a");
                    request.connection().close();
                }
                default -> response.setStatusCode(404).end();
            }
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
    }

    private static void stream(HttpServerResponse response, long remaining) {
        long left = remaining;
        while (left > 0 && !response.writeQueueFull() && !response.closed()) {
            response.write(CHUNK);
            left -= CHUNK.length();
        }
        if (response.closed()) {
            return;
        }
        long rest = left;
        if (rest > 0) {
            response.drainHandler(ignored -> stream(response, rest));
        } else {
            response.end();
        }
    }

    @AfterAll
    static void stopServers() throws Exception {
        feeds.stop();
        misbehaving.close().toCompletionStage().toCompletableFuture().get();
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    private static String misbehavingUrl(String path) {
        return "http://127.0.0.1:" + misbehaving.actualPort() + path;
    }

    /** Serves {@code body} at a fresh path of the WireMock server and registers it as a paused source. */
    private static String sourceServing(String contentType, byte[] body) {
        String path = "/bad/" + UUID.randomUUID() + ".xml";
        feeds.stubFor(get(urlEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", contentType).withBody(body)));
        return registerPaused("bad-" + UUID.randomUUID(), feeds.baseUrl() + path);
    }

    private static JsonPath assertFailed(String id, String reason, String inError) {
        JsonPath polled = pollNow(id);
        assertEquals("failed", polled.getString("lastStatus"));
        assertEquals(reason, polled.getString("lastErrorReason"), polled.getString("lastError"));
        assertTrue(polled.getString("lastError").contains(inError), polled.getString("lastError"));
        assertEquals(1, polled.getInt("consecutiveFailures"));
        assertNotNull(polled.getString("backoff"));
        assertNotNull(polled.getString("lastErrorAt"));
        assertTrue(Instant.parse(polled.getString("nextFetchAt")).isAfter(Instant.now()));
        return polled;
    }

    /** A good feed with one new item each time: the poll right after bad input stores it. */
    private static void assertGoodSourceStillPolls() {
        String marker = UUID.randomUUID().toString();
        feeds.stubFor(get(urlEqualTo(GOOD_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/rss+xml").withBody("""
                        <rss version="2.0"><channel><title>good</title><link>https://good.example/</link>
                        <description>d</description><item><title>Good news %s</title>
                        <link>https://good.example/%s</link><description>All is well %s</description></item>
                        </channel></rss>""".formatted(marker, marker, marker))));
        if (goodSourceId == null) {
            goodSourceId = registerPaused("good-" + marker, feeds.baseUrl() + GOOD_PATH);
        }
        long before = source(goodSourceId).getLong("articlesFound");
        JsonPath after = pollNow(goodSourceId);
        assertEquals("ok", after.getString("lastStatus"));
        assertEquals(before + 1, after.getLong("articlesFound"));
    }

    @Test
    void malformedXml() {
        String id = sourceServing("application/rss+xml", """
                <rss version="2.0"><channel><title>t</title><item><title>a</titel></item></channel></rss>"""
                .getBytes(StandardCharsets.UTF_8));
        assertFailed(id, "malformed-xml", "line 1");
        assertGoodSourceStillPolls();
    }

    @Test
    void htmlInsteadOfAFeed() {
        String id = sourceServing("text/html; charset=utf-8", """
                <!DOCTYPE html>
                <html><head><title>Sign in</title></head><body><form><input name=user><br></form></body></html>"""
                .getBytes(StandardCharsets.UTF_8));
        assertFailed(id, "not-a-feed", "HTML page");
        assertGoodSourceStillPolls();
    }

    @Test
    void truncatedDocumentAndConnectionCutMidBody() {
        String id = sourceServing("application/rss+xml", """
                <rss version="2.0"><channel><title>t</title><link>https://x.example/</link><description>d</description>
                <item><title>First</title><description>Fi""".getBytes(StandardCharsets.UTF_8));
        assertFailed(id, "truncated", "cut short");
        assertGoodSourceStillPolls();

        String cut = registerPaused("cut-" + UUID.randomUUID(), misbehavingUrl("/cut"));
        assertFailed(cut, "network", "before the response was complete");
        assertGoodSourceStillPolls();
    }

    @Test
    void aFeedOfAHundredThousandItemsIsReadUpToTheCap() {
        String marker = UUID.randomUUID().toString();
        StringBuilder feed = new StringBuilder("<rss version=\"2.0\"><channel><title>huge</title>"
                + "<link>https://huge.example/</link><description>d</description>");
        for (int i = 0; i < 100_000; i++) {
            feed.append(i < 150 ? "<item><title>Item " + i + "</title><link>https://huge.example/" + marker + "/" + i
                    + "</link><description>Text " + i + " " + marker + "</description></item>"
                    : "<item><title>" + i + "</title></item>");
        }
        feed.append("</channel></rss>");
        String id = sourceServing("application/rss+xml", feed.toString().getBytes(StandardCharsets.UTF_8));

        JsonPath polled = pollNow(id);
        assertEquals("partial", polled.getString("lastStatus"));
        assertEquals("item-cap", polled.getString("lastErrorReason"));
        assertTrue(polled.getString("lastError").contains("lists 100000 items; the 100 first were read"),
                polled.getString("lastError"));
        assertEquals(100, polled.getInt("articlesFound"));
        assertEquals(100, polled.getInt("itemsLast24h"));
        assertEquals(0, polled.getInt("consecutiveFailures"));
        assertGoodSourceStillPolls();
    }

    @Test
    void aFiftyMegabyteResponse() {
        String streamed = registerPaused("endless-" + UUID.randomUUID(), misbehavingUrl("/endless"));
        assertFailed(streamed, "too-large", "larger than the limit of 5242880 bytes");
        assertGoodSourceStillPolls();

        String announced = registerPaused("announced-" + UUID.randomUUID(), misbehavingUrl("/announced"));
        assertFailed(announced, "too-large", "announces 52428800 bytes");
        assertGoodSourceStillPolls();
    }

    @Test
    void aServerThatNeverAnswers() {
        String id = registerPaused("silent-" + UUID.randomUUID(), misbehavingUrl("/silent"));
        assertFailed(id, "timeout", "within 2.0 s");
        assertGoodSourceStillPolls();
    }

    @Test
    void aRedirectLoop() {
        String loop = "/loop/" + UUID.randomUUID();
        feeds.stubFor(get(urlEqualTo(loop + "/a")).willReturn(aResponse().withStatus(302).withHeader("Location", loop + "/b")));
        feeds.stubFor(get(urlEqualTo(loop + "/b")).willReturn(aResponse().withStatus(301)
                .withHeader("Location", feeds.baseUrl() + loop + "/a")));
        String id = registerPaused("loop-" + UUID.randomUUID(), feeds.baseUrl() + loop + "/a");
        assertFailed(id, "redirect-loop", loop + "/b -> " + feeds.baseUrl() + loop + "/a");
        assertGoodSourceStillPolls();
    }
}
