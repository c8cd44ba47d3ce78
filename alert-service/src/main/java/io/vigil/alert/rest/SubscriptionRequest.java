package io.vigil.alert.rest;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record SubscriptionRequest(
        String name,
        List<String> topics,
        String topicsMode,
        List<String> countries,
        List<String> frameworks,
        Boolean focusOnly,
        List<String> languages,
        Double minScore,
        String query,
        Instant mutedUntil,
        Webhook webhook,
        @Schema(enumeration = {"immediate", "hourly", "daily"}, defaultValue = "immediate",
                description = "immediate: one webhook per alert; hourly/daily: one digest per UTC hour/day listing its alerts")
        String deliveryMode,
        @Schema(description = "Digest subscriptions only: where the digest is emailed")
        Email email) {

    @Schema(description = "Required for immediate delivery; optional for a digest that is emailed")
    public record Webhook(String url) {
    }

    public record Email(@Schema(description = "Plain addresses (local@domain), at most 20") List<String> recipients) {
    }
}
