package io.vigil.alert.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.vigil.alert.Subscription;

public record SubscriptionView(
        UUID id,
        String name,
        List<String> topics,
        List<String> countries,
        List<String> frameworks,
        List<String> languages,
        double minScore,
        Webhook webhook,
        Instant createdAt,
        Instant updatedAt) {

    /** {@code secret} is present only in the response that created it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Webhook(String url, String secret) {
    }

    public static SubscriptionView of(Subscription subscription, boolean revealSecret) {
        return new SubscriptionView(subscription.id, subscription.name, subscription.topics, subscription.countries,
                subscription.frameworks, subscription.languages, subscription.minScore,
                new Webhook(subscription.webhookUrl, revealSecret ? subscription.webhookSecret : null),
                subscription.createdAt, subscription.updatedAt);
    }
}
