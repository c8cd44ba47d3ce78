package io.vigil.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void ceilingDoublesFromTheInitialBackoffUpToTheCap() {
        RetryPolicy highestJitter = new RetryPolicy(Duration.ofSeconds(5), Duration.ofHours(1), 15, () -> 1.0);

        assertEquals(Duration.ofSeconds(5), highestJitter.delayAfter(1));
        assertEquals(Duration.ofSeconds(10), highestJitter.delayAfter(2));
        assertEquals(Duration.ofSeconds(40), highestJitter.delayAfter(4));
        assertEquals(Duration.ofHours(1), highestJitter.delayAfter(11));
        assertEquals(Duration.ofHours(1), highestJitter.delayAfter(500));
    }

    @Test
    void fullJitterScalesTheWholeDelay() {
        RetryPolicy halfJitter = new RetryPolicy(Duration.ofSeconds(5), Duration.ofHours(1), 15, () -> 0.5);
        RetryPolicy noJitter = new RetryPolicy(Duration.ofSeconds(5), Duration.ofHours(1), 15, () -> 0.0);

        assertEquals(Duration.ofSeconds(10), halfJitter.delayAfter(3));
        assertEquals(Duration.ZERO, noJitter.delayAfter(3));
    }

    @Test
    void exhaustedAfterTheLastAttempt() {
        RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(5), Duration.ofHours(1), 15, () -> 1.0);

        assertFalse(policy.exhausted(14));
        assertTrue(policy.exhausted(15));
    }
}
