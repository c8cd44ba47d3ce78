package io.vigil.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class HostCircuitBreakerTest {

    private final AtomicLong clock = new AtomicLong();
    private final HostCircuitBreaker breaker = new HostCircuitBreaker(3, Duration.ofSeconds(30), clock::get);

    @Test
    void opensAfterConsecutiveFailuresAndClosesOnSuccess() {
        breaker.recordFailure("hooks.example.org:443");
        breaker.recordFailure("hooks.example.org:443");
        assertEquals(Optional.empty(), breaker.openFor("hooks.example.org:443"));

        breaker.recordFailure("hooks.example.org:443");

        assertEquals(Optional.of(Duration.ofSeconds(30)), breaker.openFor("hooks.example.org:443"));
        assertEquals(Optional.empty(), breaker.openFor("other.example.org:443"));

        clock.addAndGet(Duration.ofSeconds(31).toNanos());
        assertEquals(Optional.empty(), breaker.openFor("hooks.example.org:443"));
        breaker.recordFailure("hooks.example.org:443");
        assertTrue(breaker.openFor("hooks.example.org:443").isPresent(), "a failure after the pause reopens it");

        breaker.recordSuccess("hooks.example.org:443");
        assertEquals(Optional.empty(), breaker.openFor("hooks.example.org:443"));
        breaker.recordFailure("hooks.example.org:443");
        assertEquals(Optional.empty(), breaker.openFor("hooks.example.org:443"));
    }
}
