package io.vigil.alert;

import java.time.Instant;

import io.vigil.alert.client.WebhookResponse;

/** One webhook attempt that went out (or was refused before going out), waiting to be recorded. */
public record WebhookAttempt(ClaimedDelivery delivery, Instant attemptedAt, WebhookResponse response) {
}
