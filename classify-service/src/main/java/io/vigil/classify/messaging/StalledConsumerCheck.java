package io.vigil.classify.messaging;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import jakarta.enterprise.context.ApplicationScoped;

/** DOWN while the consumer retries a batch that fails for a transient reason (the database down, say), with why. */
@Readiness
@ApplicationScoped
public class StalledConsumerCheck implements HealthCheck {

    static final String NAME = "articles-ingested consumer";

    private final TransientFailureRetry retry;

    public StalledConsumerCheck(TransientFailureRetry retry) {
        this.retry = retry;
    }

    @Override
    public HealthCheckResponse call() {
        return retry.stall()
                .map(stall -> HealthCheckResponse.named(NAME).down()
                        .withData("stalledSince", stall.since().toString())
                        .withData("reason", stall.reason())
                        .withData("retries", stall.attempts())
                        .build())
                .orElseGet(() -> HealthCheckResponse.up(NAME));
    }
}
