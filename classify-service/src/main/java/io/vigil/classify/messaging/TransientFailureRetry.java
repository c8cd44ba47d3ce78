package io.vigil.classify.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.vigil.classify.config.VigilConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Runs a consumer's unit of work again, after a capped exponential backoff, for as long as it fails for a transient
 * reason ({@link TransientFailure}): the records are good, so it never gives up on them. A failure of another kind
 * goes to the caller at once.
 *
 * <p>While it waits, {@code vigil_consumer_stalled_seconds} counts the seconds since the first failure and the
 * readiness check ({@link StalledConsumerCheck}) reports the consumer DOWN with the reason;
 * {@code vigil_consumer_batch_retries_total{reason}} counts the attempts.
 */
@ApplicationScoped
public class TransientFailureRetry {

    /** The consumer gave up waiting because the application stops; the records are left uncommitted. */
    static final class Abandoned extends RuntimeException {
        Abandoned() {
            super("the application is stopping", null, false, false);
        }
    }

    /** A unit of work failing for a transient reason since {@code since}, retried {@code attempts} times so far. */
    record Stall(Instant since, String reason, int attempts) {
    }

    private static final Logger LOG = Logger.getLogger(TransientFailureRetry.class);

    private final Duration initial;
    private final Duration max;
    private final MeterRegistry registry;
    private final Clock clock;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile Stall stall;

    public TransientFailureRetry(VigilConfig config, MeterRegistry registry) {
        this.initial = config.consumer().retry().initial();
        this.max = config.consumer().retry().max();
        this.registry = registry;
        this.clock = Clock.systemUTC();
        Gauge.builder("vigil.consumer.stalled.seconds", this, TransientFailureRetry::stalledSeconds)
                .description("Seconds the consumer has been retrying a batch that fails for a transient reason; "
                        + "0 when it flows")
                .register(registry);
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping.countDown();
    }

    /**
     * The result of {@code work}, run again after each transient failure.
     *
     * @param description what the work is, for the log
     * @throws RuntimeException the first failure that is not transient
     * @throws Abandoned        when the application stops while waiting
     */
    <T> T untilDone(String description, Supplier<T> work) {
        int attempt = 0;
        Instant since = null;
        while (true) {
            try {
                T result = work.get();
                if (attempt > 0) {
                    LOG.infof("%s succeeded after %d retries", description, attempt);
                    stall = null;
                }
                return result;
            } catch (RuntimeException failure) {
                Optional<String> reason = TransientFailure.reasonOf(failure);
                if (reason.isEmpty()) {
                    stall = null;
                    throw failure;
                }
                attempt++;
                Duration delay = delay(initial, max, attempt);
                registry.counter("vigil.consumer.batch.retries", "reason", reason.get()).increment();
                if (since == null) {
                    since = clock.instant();
                }
                stall = new Stall(since, reason.get(), attempt);
                LOG.warnf("%s failed for a transient reason (%s: %s); retry %d in %s", description, reason.get(),
                        rootMessage(failure), attempt, delay);
                await(delay);
            }
        }
    }

    private void await(Duration delay) {
        try {
            if (stopping.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new Abandoned();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Abandoned();
        }
    }

    /** {@code initial} doubled {@code attempt - 1} times, at most {@code max}. */
    static Duration delay(Duration initial, Duration max, int attempt) {
        Duration delay = initial;
        for (int i = 1; i < attempt && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }

    private double stalledSeconds() {
        Stall current = stall;
        return current == null ? 0 : Duration.between(current.since(), clock.instant()).toMillis() / 1000.0;
    }

    /** The current stall; empty while the work succeeds. */
    Optional<Stall> stall() {
        return Optional.ofNullable(stall);
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
