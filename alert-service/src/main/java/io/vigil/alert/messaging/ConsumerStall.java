package io.vigil.alert.messaging;

import java.time.Duration;
import java.time.Instant;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Whether the consumer is waiting for the database to come back, as a readiness check (down while stalled,
 * with the reason and since when), a gauge of the seconds stalled, and a counter of the poll retries by reason.
 * Eager so that the gauge is exported before the first stall.
 */
@Startup
@Readiness
@ApplicationScoped
public class ConsumerStall implements HealthCheck {

    private record Stalled(Instant since, int retries, String reason) {
    }

    private final MeterRegistry registry;
    private volatile Stalled stalled;

    public ConsumerStall(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("vigil.consumer.stalled", this, ConsumerStall::stalledSeconds).baseUnit("seconds")
                .description("How long the consumer has been retrying a poll that the database could not take")
                .register(registry);
    }

    /** Called before each retry of the same poll. */
    void retrying(String reason) {
        registry.counter("vigil.consumer.batch.retries", "reason", reason).increment();
        Stalled current = stalled;
        stalled = current == null ? new Stalled(Instant.now(), 1, reason)
                : new Stalled(current.since(), current.retries() + 1, reason);
    }

    void recovered() {
        stalled = null;
    }

    private double stalledSeconds() {
        Stalled current = stalled;
        return current == null ? 0 : Duration.between(current.since(), Instant.now()).toMillis() / 1000.0;
    }

    @Override
    public HealthCheckResponse call() {
        Stalled current = stalled;
        HealthCheckResponseBuilder response = HealthCheckResponse.named("articles-classified consumer");
        if (current == null) {
            return response.up().build();
        }
        return response.down()
                .withData("stalledSince", current.since().toString())
                .withData("retries", current.retries())
                .withData("reason", current.reason())
                .build();
    }
}
