package io.vigil.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * A real HTTP webhook receiver for tests: records every request and answers with scripted status codes
 * (200 once the script for a path is used up). It verifies signatures with its own code, as a customer would.
 */
final class WebhookReceiver implements AutoCloseable {

    record Reply(int status, Map<String, String> headers) {
        static Reply status(int status) {
            return new Reply(status, Map.of());
        }
    }

    record Received(String path, Instant at, String webhookId, String timestamp, String signature, byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Reply>> scripts = new ConcurrentHashMap<>();

    WebhookReceiver() {
        server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            received.add(new Received(request.path(), Instant.now(), request.getHeader("webhook-id"),
                    request.getHeader("webhook-timestamp"), request.getHeader("webhook-signature"), body.getBytes()));
            Deque<Reply> script = scripts.get(request.path());
            Reply scripted = script == null ? null : script.pollFirst();
            Reply reply = scripted == null ? Reply.status(200) : scripted;
            reply.headers().forEach(request.response()::putHeader);
            request.response().setStatusCode(reply.status()).end(reply.status() == 200 ? "ok" : "receiver says no");
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    void respondWith(String path, Integer... statuses) {
        scripts.put(path, new ArrayDeque<>(java.util.Arrays.stream(statuses).map(Reply::status).toList()));
    }

    void respondWith(String path, Reply... replies) {
        scripts.put(path, new ArrayDeque<>(List.of(replies)));
    }

    List<Received> receivedOn(String path) {
        return received.stream().filter(request -> request.path().equals(path)).toList();
    }

    /** Standard Webhooks verification, written independently of the service's signer. */
    static boolean verify(String secret, Received request) {
        try {
            byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((request.webhookId() + "." + request.timestamp() + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = mac.doFinal(request.body());
            for (String candidate : request.signature().split(" ")) {
                if (candidate.startsWith("v1,") && MessageDigest.isEqual(expected,
                        Base64.getDecoder().decode(candidate.substring(3)))) {
                    return true;
                }
            }
            return false;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
