package io.vigil.alert.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One alert of a subscription and the story of its webhook delivery. */
public record DeliveryLogEntry(
        UUID alertId,
        String webhookId,
        String articleId,
        String status,
        int attempts,
        Instant createdAt,
        Instant nextAttemptAt,
        List<Attempt> attemptLog) {

    public record Attempt(Instant at, String outcome, Integer statusCode, long latencyMs, String error,
            String responseExcerpt) {
    }
}
