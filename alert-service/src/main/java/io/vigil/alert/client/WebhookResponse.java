package io.vigil.alert.client;

import java.time.Duration;
import java.util.Optional;

/** What one HTTP attempt produced: a status code and body excerpt, or the transport error. */
public record WebhookResponse(Integer statusCode, Duration latency, String excerpt, String error,
        Optional<Duration> retryAfter) {

    public static WebhookResponse notSent(String error) {
        return new WebhookResponse(null, Duration.ZERO, null, error, Optional.empty());
    }

    /** Failures that say the host is in trouble, as opposed to refusing this one message. */
    public boolean hostInTrouble() {
        return statusCode == null || statusCode >= 500 || statusCode == 429;
    }

    public boolean gone() {
        return statusCode != null && statusCode == 410;
    }

    /** Retry-After counts only where HTTP gives it that meaning for us: throttling and unavailability. */
    public Optional<Duration> requestedDelay() {
        return statusCode != null && (statusCode == 429 || statusCode == 503) ? retryAfter : Optional.empty();
    }

    public boolean successful() {
        return statusCode != null && statusCode >= 200 && statusCode < 300;
    }
}
