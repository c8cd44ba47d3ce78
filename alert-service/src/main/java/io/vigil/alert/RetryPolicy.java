package io.vigil.alert;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter: the n-th retry waits a uniformly random time in
 * [0, min(cap, initial * 2^(n-1))], so receivers recovering from an outage are not hit in waves.
 */
public final class RetryPolicy {

    private final Duration initial;
    private final Duration cap;
    private final int maxAttempts;
    private final DoubleSupplier random;

    public RetryPolicy(Duration initial, Duration cap, int maxAttempts, DoubleSupplier random) {
        this.initial = initial;
        this.cap = cap;
        this.maxAttempts = maxAttempts;
        this.random = random;
    }

    public boolean exhausted(int attemptsMade) {
        return attemptsMade >= maxAttempts;
    }

    /** Delay before the next attempt after {@code attemptsMade} failed attempts (1-based). */
    public Duration delayAfter(int attemptsMade) {
        int doublings = Math.min(Math.max(attemptsMade - 1, 0), 40);
        long ceilingMillis = Math.min(cap.toMillis(), saturatedShift(initial.toMillis(), doublings));
        return Duration.ofMillis((long) (random.getAsDouble() * ceilingMillis));
    }

    private static long saturatedShift(long value, int doublings) {
        return doublings >= Long.numberOfLeadingZeros(value) - 1 ? Long.MAX_VALUE : value << doublings;
    }
}
