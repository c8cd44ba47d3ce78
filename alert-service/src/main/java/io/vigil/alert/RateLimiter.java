package io.vigil.alert;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per caller: {@code capacity} requests at once, refilled evenly over a minute. In memory, so
 * the limit is per instance.
 */
public final class RateLimiter {

    private static final long NANOS_PER_MINUTE = Duration.ofMinutes(1).toNanos();

    private final long capacity;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long refilledAt;

        Bucket(double tokens, long refilledAt) {
            this.tokens = tokens;
            this.refilledAt = refilledAt;
        }
    }

    public RateLimiter(long requestsPerMinute, LongSupplier nanoClock) {
        this.capacity = requestsPerMinute;
        this.nanoClock = nanoClock;
    }

    /** @return empty when the request may proceed, otherwise how long until a token is available */
    public Optional<Duration> acquire(String caller) {
        long now = nanoClock.getAsLong();
        Bucket bucket = buckets.computeIfAbsent(caller, key -> new Bucket(capacity, now));
        synchronized (bucket) {
            double refill = (double) (now - bucket.refilledAt) * capacity / NANOS_PER_MINUTE;
            bucket.tokens = Math.min(capacity, bucket.tokens + refill);
            bucket.refilledAt = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return Optional.empty();
            }
            long nanosUntilToken = (long) Math.ceil((1 - bucket.tokens) * NANOS_PER_MINUTE / capacity);
            return Optional.of(Duration.ofNanos(nanosUntilToken));
        }
    }

    public void forget(String caller) {
        buckets.remove(caller);
    }
}
