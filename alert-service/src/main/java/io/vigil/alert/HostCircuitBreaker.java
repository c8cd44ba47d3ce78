package io.vigil.alert;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One circuit breaker per receiving host (host:port): after {@code failureThreshold} consecutive failed
 * attempts, deliveries to that host are held back for {@code openDuration} instead of each spending a retry on
 * a host that is down. After the pause calls flow again; the next failure reopens it, a success closes it.
 */
public final class HostCircuitBreaker {

    private final int failureThreshold;
    private final long openNanos;
    private final LongSupplier nanoClock;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    private static final class State {
        int consecutiveFailures;
        long openUntil;
    }

    public HostCircuitBreaker(int failureThreshold, Duration openDuration, LongSupplier nanoClock) {
        this.failureThreshold = failureThreshold;
        this.openNanos = openDuration.toNanos();
        this.nanoClock = nanoClock;
    }

    /** @return how long the host stays closed to calls, or empty when it may be called now */
    public Optional<Duration> openFor(String host) {
        State state = states.get(host);
        if (state == null) {
            return Optional.empty();
        }
        synchronized (state) {
            long remaining = state.openUntil - nanoClock.getAsLong();
            return remaining > 0 ? Optional.of(Duration.ofNanos(remaining)) : Optional.empty();
        }
    }

    public void recordSuccess(String host) {
        states.remove(host);
    }

    public void recordFailure(String host) {
        State state = states.computeIfAbsent(host, key -> new State());
        synchronized (state) {
            state.consecutiveFailures++;
            if (state.consecutiveFailures >= failureThreshold) {
                state.openUntil = nanoClock.getAsLong() + openNanos;
            }
        }
    }
}
