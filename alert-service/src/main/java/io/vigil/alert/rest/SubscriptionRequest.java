package io.vigil.alert.rest;

import java.time.Instant;
import java.util.List;

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
        Webhook webhook) {

    public record Webhook(String url) {
    }
}
