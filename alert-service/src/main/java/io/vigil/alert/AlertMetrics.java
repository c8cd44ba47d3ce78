package io.vigil.alert;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/** Eager so that the queue gauges are exported before the first delivery. */
@Startup
@ApplicationScoped
public class AlertMetrics {

    private final MeterRegistry registry;
    private final Counter alertsCreated;
    private final Timer deliveryTime;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestPendingSeconds = new AtomicLong();
    private final AtomicLong disabledEndpoints = new AtomicLong();

    public AlertMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.alertsCreated = Counter.builder("vigil.alerts.created")
                .description("Alerts created (one per subscription and article)").register(registry);
        this.deliveryTime = Timer.builder("vigil.webhook.delivery")
                .description("Duration of webhook delivery attempts").register(registry);
        Gauge.builder("vigil.delivery.queue.pending", pending, AtomicLong::get)
                .description("Deliveries waiting to be sent").register(registry);
        Gauge.builder("vigil.delivery.queue.oldest", oldestPendingSeconds, AtomicLong::get).baseUnit("seconds")
                .description("Age of the oldest pending delivery").register(registry);
        Gauge.builder("vigil.webhook.endpoints.disabled", disabledEndpoints, AtomicLong::get)
                .description("Subscriptions whose webhook endpoint is disabled").register(registry);
    }

    public void alertCreated() {
        alertsCreated.increment();
    }

    public void deliveryAttempt(DeliveryOutcome outcome, Duration latency) {
        registry.counter("vigil.webhook.deliveries", "outcome", outcome.dbValue()).increment();
        deliveryTime.record(latency);
    }

    public void digestClosed(DeliveryMode mode) {
        registry.counter("vigil.digests.closed", "mode", mode.dbValue()).increment();
    }

    /** A digest delivery that ended: sent, or failed after its last attempt. */
    public void digestDelivered(DeliveryChannel channel, DeliveryOutcome outcome) {
        registry.counter("vigil.digests", "channel", channel.dbValue(),
                "outcome", outcome == DeliveryOutcome.SUCCESS ? "sent" : "failed").increment();
    }

    /** Each SMTP attempt, retries included. */
    public void emailAttempt(boolean sent) {
        registry.counter("vigil.emails", "outcome", sent ? "sent" : "failed").increment();
    }

    public void shortCircuited() {
        registry.counter("vigil.webhook.short.circuited").increment();
    }

    public void endpointDisabled(String reason) {
        registry.counter("vigil.webhook.endpoint.disablements", "reason", reason).increment();
    }

    public void endpointsDisabled(long count) {
        disabledEndpoints.set(count);
    }

    public void queueState(long pendingDeliveries, long oldestSeconds) {
        pending.set(pendingDeliveries);
        oldestPendingSeconds.set(oldestSeconds);
    }
}
