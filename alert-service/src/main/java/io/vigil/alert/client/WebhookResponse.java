package io.vigil.alert.client;

import java.time.Duration;

/** What one HTTP attempt produced: a status code and body excerpt, or the transport error. */
public record WebhookResponse(Integer statusCode, Duration latency, String excerpt, String error) {

    public boolean successful() {
        return statusCode != null && statusCode >= 200 && statusCode < 300;
    }
}
