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
        String topicsMode,
        List<String> countries,
        List<String> frameworks,
        boolean focusOnly,
        List<String> languages,
        double minScore,
        String query,
        Instant mutedUntil,
        Webhook webhook,
        String deliveryMode,
        Email email,
        Instant createdAt,
        Instant updatedAt) {

    public record Email(List<String> recipients) {
    }

    /**
     * {@code secret} is present only in the response that created it; {@code disabledAt} and
     * {@code disabledReason} when deliveries are paused, {@code failingSince} while attempts keep failing.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Webhook(String url, String secret, boolean enabled, Instant disabledAt, String disabledReason,
            Instant failingSince) {
    }

    public static SubscriptionView of(Subscription subscription, boolean revealSecret) {
        return new SubscriptionView(subscription.id, subscription.name, subscription.topics, subscription.topicsMode,
                subscription.countries, subscription.frameworks, subscription.focusOnly, subscription.languages,
                subscription.minScore, subscription.keywordQuery, subscription.mutedUntil,
                new Webhook(subscription.webhookUrl, revealSecret ? subscription.webhookSecret : null,
                        !subscription.endpointDisabled(), subscription.endpointDisabledAt,
                        subscription.endpointDisabledReason, subscription.endpointFailingSince),
                subscription.deliveryMode, new Email(subscription.emailRecipients),
                subscription.createdAt, subscription.updatedAt);
    }
}
