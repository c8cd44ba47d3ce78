package io.vigil.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong clock = new AtomicLong();
    private final RateLimiter limiter = new RateLimiter(60, clock::get);

    @Test
    void burstUpToTheCapacityThenOneTokenPerInterval() {
        for (int i = 0; i < 60; i++) {
            assertEquals(Optional.empty(), limiter.acquire("key-a"));
        }
        Duration wait = limiter.acquire("key-a").orElseThrow();
        assertTrue(wait.compareTo(Duration.ofSeconds(1)) <= 0 && wait.compareTo(Duration.ofMillis(900)) >= 0, wait::toString);

        clock.addAndGet(Duration.ofSeconds(1).toNanos());

        assertEquals(Optional.empty(), limiter.acquire("key-a"));
        assertTrue(limiter.acquire("key-a").isPresent());
    }

    @Test
    void callersHaveSeparateBuckets() {
        for (int i = 0; i < 60; i++) {
            limiter.acquire("key-a");
        }

        assertTrue(limiter.acquire("key-a").isPresent());
        assertEquals(Optional.empty(), limiter.acquire("key-b"));
    }
}
