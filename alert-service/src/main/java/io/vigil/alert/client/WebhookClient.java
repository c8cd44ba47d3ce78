package io.vigil.alert.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.vigil.alert.RetryAfter;
import io.vigil.alert.config.VigilConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Posts signed webhook bodies. Redirects are not followed: a receiver that moves must update its URL, and a
 * redirect must not carry a signed alert to a host nobody approved.
 */
@ApplicationScoped
public class WebhookClient {

    private static final int EXCERPT_LENGTH = 500;

    private final HttpClient httpClient;
    private final Duration requestTimeout;

    public WebhookClient(VigilConfig config) {
        this.requestTimeout = config.delivery().requestTimeout();
        this.httpClient = HttpClient.newBuilder()
                .connectTimeout(config.delivery().connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public WebhookResponse post(String url, String webhookId, long timestampSeconds, String signature, String body) {
        long started = System.nanoTime();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(requestTimeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "vigil-alert-service")
                    .header("webhook-id", webhookId)
                    .header("webhook-timestamp", Long.toString(timestampSeconds))
                    .header("webhook-signature", signature)
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .build();
            HttpResponse<String> response = httpClient.send(request, HttpResponse.BodyHandlers.ofString());
            Optional<Duration> retryAfter = response.headers().firstValue("Retry-After")
                    .flatMap(value -> RetryAfter.parse(value, Instant.now()));
            return new WebhookResponse(response.statusCode(), elapsedSince(started), excerpt(response.body()), null,
                    retryAfter);
        } catch (IOException | IllegalArgumentException e) {
            return new WebhookResponse(null, elapsedSince(started), null,
                    e.getClass().getSimpleName() + ": " + e.getMessage(), Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new WebhookResponse(null, elapsedSince(started), null, "interrupted", Optional.empty());
        }
    }

    private static Duration elapsedSince(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private static String excerpt(String body) {
        if (body == null || body.isEmpty()) {
            return null;
        }
        return body.length() <= EXCERPT_LENGTH ? body : body.substring(0, EXCERPT_LENGTH);
    }
}
