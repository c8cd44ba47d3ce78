package io.vigil.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.vigil.launcher.Service;
import io.vigil.launcher.VigilStack;

/**
 * What one poll of one source costs ingest-service: CPU time (from /proc, less the idle rate measured
 * just before) and bytes on the wire, for two kinds of source served by a local feed server:
 * <ul>
 *   <li>{@code not-modified}: the feed answers 304 to the conditional GET;</li>
 *   <li>{@code 50 items}: a 50-item RSS feed where one item is new since the last poll and 49 are
 *       already stored, so the poll parses the feed and finds 49 duplicates.</li>
 * </ul>
 * Sources are registered through the API with a one-day interval; each round makes them due at once by
 * setting {@code next_fetch_at} in the database, and ends when every source has recorded its fetch.
 */
final class PollingCost {

    /** No politeness delay between polls of the one local host, and a quick scheduler. */
    static final Map<String, String> ENVIRONMENT = Map.of(
            "VIGIL_FETCH_PER_HOST_DELAY", "0s",
            "VIGIL_SOURCES_POLL_INTERVAL", "0.5s");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FEED_ITEMS = 50;
    private static final int ITEM_TEXT_CHARS = 1_000;
    private static final Duration ROUND_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration IDLE_SAMPLE = Duration.ofSeconds(5);

    private final VigilStack stack;
    private final long ingestPid;
    private final int sources;
    private final int rounds;
    /** The newest item of every rolling feed; each round moves the 50-item window on by one. */
    private final AtomicInteger newestItem = new AtomicInteger(FEED_ITEMS - 1);

    PollingCost(VigilStack stack, long ingestPid, int sources, int rounds) {
        this.stack = stack;
        this.ingestPid = ingestPid;
        this.sources = sources;
        this.rounds = rounds;
    }

    private enum Kind {
        NOT_MODIFIED("not-modified", "304 not modified"),
        ROLLING("rolling", "50 items, 1 new");

        final String path;
        final String label;

        Kind(String path, String label) {
            this.path = path;
            this.label = label;
        }
    }

    /** Bytes and requests one kind of feed served. */
    private static final class Traffic {
        final AtomicLong requests = new AtomicLong();
        final AtomicLong requestBytes = new AtomicLong();
        final AtomicLong responseBytes = new AtomicLong();
        final AtomicLong notModified = new AtomicLong();
    }

    List<String> run() throws Exception {
        Map<Kind, Traffic> traffic = Map.of(Kind.NOT_MODIFIED, new Traffic(), Kind.ROLLING, new Traffic());
        HttpServer server = feedServer(traffic);
        try {
            for (Kind kind : Kind.values()) {
                for (int n = 0; n < sources; n++) {
                    register(kind, n, server.getAddress().getPort());
                }
            }
            // The first poll of every source stores its items; the measured rounds come after.
            awaitFetched("bench-%", Instant.EPOCH, 2 * sources);
            double idleRate = idleCpuRate();
            List<String> lines = new ArrayList<>();
            lines.add(String.format("Polling cost per source (%d sources of each kind, %d rounds, local feed server, "
                    + "items of %,d characters; idle CPU %.1f ms/s subtracted)", sources, rounds, ITEM_TEXT_CHARS,
                    idleRate * 1000));
            lines.add(String.format("  %-18s %8s %12s %14s %14s %12s", "feed", "polls", "CPU ms/poll",
                    "request B/poll", "response B/poll", "304 answers"));
            for (Kind kind : Kind.values()) {
                Traffic served = traffic.get(kind);
                long requestsBefore = served.requests.get();
                long requestBytesBefore = served.requestBytes.get();
                long responseBytesBefore = served.responseBytes.get();
                long notModifiedBefore = served.notModified.get();
                double cpu = 0;
                for (int round = 0; round < rounds; round++) {
                    if (kind == Kind.ROLLING) {
                        newestItem.incrementAndGet();
                    }
                    double cpuBefore = cpuSeconds(ingestPid);
                    long start = System.nanoTime();
                    Instant due = makeDue("bench-" + kind.path + "-%");
                    awaitFetched("bench-" + kind.path + "-%", due, sources);
                    cpu += cpuSeconds(ingestPid) - cpuBefore - idleRate * (System.nanoTime() - start) / 1e9;
                }
                long polls = (long) sources * rounds;
                lines.add(String.format("  %-18s %8d %12.2f %14.0f %14.0f %12d", kind.label, polls, cpu / polls * 1000,
                        (double) (served.requestBytes.get() - requestBytesBefore) / polls,
                        (double) (served.responseBytes.get() - responseBytesBefore) / polls,
                        served.notModified.get() - notModifiedBefore));
                if (served.requests.get() - requestsBefore != polls) {
                    lines.add(String.format("    (the feed server saw %d requests for %d polls)",
                            served.requests.get() - requestsBefore, polls));
                }
            }
            return lines;
        } finally {
            server.stop(0);
        }
    }

    private HttpServer feedServer(Map<Kind, Traffic> traffic) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/robots.txt", exchange -> answer(exchange, 404, new byte[0], null));
        for (Kind kind : Kind.values()) {
            server.createContext("/feeds/" + kind.path + "/", exchange -> {
                Traffic served = traffic.get(kind);
                served.requests.incrementAndGet();
                served.requestBytes.addAndGet(requestBytes(exchange));
                int feed = Integer.parseInt(exchange.getRequestURI().getPath().replaceAll(".*/", ""));
                int newest = kind == Kind.ROLLING ? newestItem.get() : FEED_ITEMS - 1;
                String etag = "\"" + kind.path + "-" + newest + "\"";
                long bytes;
                if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                    served.notModified.incrementAndGet();
                    bytes = answer(exchange, 304, new byte[0], etag);
                } else {
                    bytes = answer(exchange, 200, rss(kind, feed, newest), etag);
                }
                served.responseBytes.addAndGet(bytes);
            });
        }
        server.start();
        return server;
    }

    private static byte[] rss(Kind kind, int feed, int newest) {
        BenchTexts language = BenchTexts.values()[feed % BenchTexts.values().length];
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>")
                .append("<title>Bench feed ").append(feed).append("</title><link>https://feeds.bench.example/")
                .append(feed).append("</link><description>bench</description><language>").append(language.lang())
                .append("</language>\n");
        for (int item = newest; item > newest - FEED_ITEMS; item--) {
            long serial = (long) feed * 1_000_000 + item + (kind == Kind.ROLLING ? 500_000 : 0);
            xml.append("<item><title>").append(language.title(serial)).append("</title><link>https://feeds.bench.example/")
                    .append(kind.path).append('/').append(feed).append('/').append(item).append("</link><guid>")
                    .append(serial).append("</guid><pubDate>")
                    .append(DateTimeFormatter.RFC_1123_DATE_TIME.format(
                            Instant.parse("2026-11-01T00:00:00Z").plusSeconds(60L * item).atOffset(ZoneOffset.UTC)))
                    .append("</pubDate><description>").append(language.one(serial, ITEM_TEXT_CHARS))
                    .append("</description></item>\n");
        }
        return xml.append("</channel></rss>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @return the bytes sent: status line, headers and body */
    private static long answer(HttpExchange exchange, int status, byte[] body, String etag) throws IOException {
        exchange.getRequestBody().readAllBytes();
        Headers headers = exchange.getResponseHeaders();
        if (etag != null) {
            headers.set("ETag", etag);
        }
        if (status == 200) {
            headers.set("Content-Type", "application/rss+xml; charset=utf-8");
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
        // Status line, the headers (the server has added Date and Content-length by now), blank line, body.
        String statusLine = "HTTP/1.1 " + status + (status == 304 ? " Not Modified" : status == 200 ? " OK" : " Not Found");
        return statusLine.length() + 2 + headerBytes(exchange.getResponseHeaders()) + 2 + body.length;
    }

    private static long requestBytes(HttpExchange exchange) {
        String requestLine = exchange.getRequestMethod() + " " + exchange.getRequestURI() + " HTTP/1.1\r\n";
        return requestLine.length() + headerBytes(exchange.getRequestHeaders()) + 2;
    }

    private static long headerBytes(Headers headers) {
        long bytes = 0;
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            for (String value : header.getValue()) {
                bytes += header.getKey().length() + 2 + value.getBytes(StandardCharsets.UTF_8).length + 2;
            }
        }
        return bytes;
    }

    private void register(Kind kind, int n, int port) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("name", "bench-" + kind.path + "-" + n,
                "url", "http://127.0.0.1:" + port + "/feeds/" + kind.path + "/" + n, "pollInterval", "P1D"));
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(stack.baseUri(Service.INGEST).resolve("/api/sources"))
                        .header("Authorization", "Bearer " + PipelineBenchmark.ADMIN_KEY)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("source registration answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    /** @return the database time from which the sources are due */
    private Instant makeDue(String namePattern) throws SQLException {
        try (Connection connection = stack.openDatabaseConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE ingest.source SET next_fetch_at = now() WHERE name LIKE ? RETURNING now()")) {
            update.setString(1, namePattern);
            try (ResultSet due = update.executeQuery()) {
                due.next();
                return due.getTimestamp(1).toInstant();
            }
        }
    }

    /** Waits until {@code count} sources matching the pattern have recorded a fetch started at or after {@code since}. */
    private void awaitFetched(String namePattern, Instant since, int count) throws SQLException {
        long deadline = System.nanoTime() + ROUND_TIMEOUT.toNanos();
        try (Connection connection = stack.openDatabaseConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT count(*) FROM ingest.source WHERE name LIKE ? AND last_fetched_at >= ?"
                             + " AND next_fetch_at > last_fetched_at")) {
            query.setString(1, namePattern);
            query.setTimestamp(2, Timestamp.from(since));
            while (true) {
                try (ResultSet fetched = query.executeQuery()) {
                    fetched.next();
                    if (fetched.getInt(1) >= count) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("sources " + namePattern + " were not all polled within "
                            + ROUND_TIMEOUT + "; see " + stack.logFile(Service.INGEST.moduleName()));
                }
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
        }
    }

    /** CPU seconds per second that ingest-service spends when nothing is submitted or due. */
    private double idleCpuRate() {
        double before = cpuSeconds(ingestPid);
        long start = System.nanoTime();
        LockSupport.parkNanos(IDLE_SAMPLE.toNanos());
        return (cpuSeconds(ingestPid) - before) / ((System.nanoTime() - start) / 1e9);
    }

    /** User and system CPU time of a process so far. */
    static double cpuSeconds(long pid) {
        return ProcessHandle.of(pid).flatMap(process -> process.info().totalCpuDuration())
                .map(cpu -> cpu.toNanos() / 1e9).orElse(Double.NaN);
    }
}
