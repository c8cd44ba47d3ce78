package io.vigil.system;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An integrator's webhook endpoint: a real HTTP server on loopback that verifies each request's
 * Standard Webhooks signature with its own code and records what it accepted.
 *
 * <p>Each path is one endpoint; a path can be told to answer 500 to the first N attempts of every
 * message, as a receiver with a bad moment would, or to hold its answer to the first attempt of every
 * message until released. The whole server can go down and come back on the same port.
 */
final class WebhookReceiver implements AutoCloseable {

    /** Recorded when the request arrives; {@link #NO_ANSWER} for a request whose answer was held. */
    record Delivery(String path, String webhookId, Instant timestamp, boolean signatureValid, int answeredStatus, JsonNode body) {
        String articleId() {
            return body.path("article").path("id").asText();
        }
    }

    static final int NO_ANSWER = 0;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LONGEST_HOLD = Duration.ofMinutes(2);

    private final int port;
    private HttpServer server;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, Integer> failuresBeforeSuccess = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> attemptsPerMessage = new ConcurrentHashMap<>();
    private final Set<String> holdingPaths = ConcurrentHashMap.newKeySet();
    private final CountDownLatch holdsReleased = new CountDownLatch(1);
    private final List<Delivery> received = new CopyOnWriteArrayList<>();

    WebhookReceiver() throws IOException {
        server = listen(0);
        port = server.getAddress().getPort();
    }

    private HttpServer listen(int onPort) throws IOException {
        HttpServer listening = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 0);
        listening.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        listening.createContext("/", this::handle);
        listening.start();
        return listening;
    }

    URI endpoint(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Stops listening: senders get their connections refused until {@link #comeBack()}. */
    synchronized void goDown() {
        server.stop(0);
    }

    synchronized void comeBack() throws IOException {
        server = listen(port);
    }

    /** The secret the subscription returned, so the endpoint can verify what it is sent. */
    void trust(String path, String secret) {
        secrets.put(path, secret);
    }

    void failFirstAttempts(String path, int failures) {
        failuresBeforeSuccess.put(path, failures);
    }

    /** The first attempt of every message on the path is recorded, then left without an answer until {@link #releaseHeld()}. */
    void holdFirstAttempts(String path) {
        holdingPaths.add(path);
    }

    /** Lets held requests go; their senders may be gone by then. */
    void releaseHeld() {
        holdsReleased.countDown();
    }

    List<Delivery> deliveries(String path) {
        return received.stream().filter(d -> d.path().equals(path)).toList();
    }

    /** Accepted (2xx) deliveries only. */
    List<Delivery> accepted(String path) {
        return deliveries(path).stream().filter(d -> d.answeredStatus() == 204).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String webhookId = exchange.getRequestHeaders().getFirst("webhook-id");
        String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
        String signatures = exchange.getRequestHeaders().getFirst("webhook-signature");
        boolean valid = verify(secrets.get(path), webhookId, timestamp, body, signatures);

        int attempt = attemptsPerMessage.computeIfAbsent(path + "|" + webhookId, k -> new AtomicInteger()).incrementAndGet();
        boolean hold = valid && attempt == 1 && holdingPaths.contains(path);
        int status = hold ? NO_ANSWER : !valid ? 401 : attempt <= failuresBeforeSuccess.getOrDefault(path, 0) ? 500 : 204;
        received.add(new Delivery(path, webhookId, timestamp == null ? Instant.EPOCH : Instant.ofEpochSecond(Long.parseLong(timestamp)),
                valid, status, JSON.readTree(body)));
        if (hold) {
            awaitRelease();
            exchange.close();
            return;
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private void awaitRelease() {
        try {
            holdsReleased.await(LONGEST_HOLD.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Standard Webhooks verification: HMAC-SHA256 of "id.timestamp.body" with the base64 key after "whsec_". */
    static boolean verify(String secret, String id, String timestamp, byte[] body, String signatureHeader) {
        if (secret == null || id == null || timestamp == null || signatureHeader == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = mac.doFinal(body);
            for (String signature : signatureHeader.split(" ")) {
                if (signature.startsWith("v1,")
                        && MessageDigest.isEqual(expected, Base64.getDecoder().decode(signature.substring(3)))) {
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        releaseHeld();
        server.stop(0);
    }
}
