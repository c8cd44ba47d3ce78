package io.vigil.alert.rest;

import java.util.List;

public record SubscriptionRequest(
        String name,
        List<String> topics,
        List<String> countries,
        List<String> frameworks,
        List<String> languages,
        Double minScore,
        Webhook webhook) {

    public record Webhook(String url) {
    }
}
