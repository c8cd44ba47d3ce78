package io.vigil.ingest.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class HandedOverEventsTest {

    private static HandedOverEvents<String> direct(int capacity) {
        HandedOverEvents<String> events = new HandedOverEvents<>(capacity);
        assertTrue(events.enterDirectIfCaughtUp(() -> false));
        return events;
    }

    @Test
    void startsFromTheOutboxAndLeavesItOnlyOnceItHasNothingToPublish() {
        HandedOverEvents<String> events = new HandedOverEvents<>(100);
        assertFalse(events.direct());
        assertFalse(events.enterDirectIfCaughtUp(() -> true));
        assertTrue(events.enterDirectIfCaughtUp(() -> false));
        assertTrue(events.direct());
    }

    @Test
    void eventsRegisteredWhileReadingTheOutboxAreLeftToIt() {
        HandedOverEvents<String> events = new HandedOverEvents<>(100);
        var transaction = events.register(List.of("a"));
        assertFalse(transaction.taken());
        events.settle(transaction, true);
        assertTrue(events.enterDirectIfCaughtUp(() -> false));
        assertEquals(List.of(), events.takeCommitted(10));
    }

    @Test
    void staysOnTheOutboxWhileATransactionThatRegisteredThereIsRunning() {
        HandedOverEvents<String> events = new HandedOverEvents<>(100);
        var running = events.register(List.of("a"));
        // Its rows may commit after the outbox was found empty: they are not in memory, so the outbox must stay.
        assertFalse(events.enterDirectIfCaughtUp(() -> false));
        events.settle(running, true);
        assertFalse(events.enterDirectIfCaughtUp(() -> true));
        assertTrue(events.enterDirectIfCaughtUp(() -> false));
    }

    @Test
    void takesOnlyTheCommittedHeadInRegistrationOrder() {
        HandedOverEvents<String> events = direct(100);
        var first = events.register(List.of("v1"));
        assertTrue(first.taken());
        var second = events.register(List.of("v2"));
        events.settle(second, true);
        assertEquals(List.of(), events.takeCommitted(10), "the first transaction has not committed yet");
        events.settle(first, true);
        assertEquals(List.of("v1", "v2"), events.takeCommitted(10));
        assertEquals(List.of(), events.takeCommitted(10));
    }

    @Test
    void forgetsRolledBackTransactions() {
        HandedOverEvents<String> events = direct(100);
        var rolledBack = events.register(List.of("lost"));
        var committed = events.register(List.of("kept"));
        events.settle(committed, true);
        events.settle(rolledBack, false);
        assertEquals(List.of("kept"), events.takeCommitted(10));
    }

    @Test
    void takesWholeTransactionsUntilTheBatchIsFull() {
        HandedOverEvents<String> events = direct(100);
        for (List<String> batch : List.of(List.of("a", "b", "c"), List.of("d", "e"), List.of("f"))) {
            events.settle(events.register(batch), true);
        }
        assertEquals(List.of("a", "b", "c", "d", "e"), events.takeCommitted(4));
        assertEquals(List.of("f"), events.takeCommitted(4));
    }

    @Test
    void tooManyWaitingEventsAreLeftToTheOutboxAfterTheOnesTaken() {
        HandedOverEvents<String> events = direct(3);
        events.settle(events.register(List.of("a", "b")), true);
        var overflowing = events.register(List.of("c", "d"));
        assertFalse(overflowing.taken());
        assertFalse(events.direct());
        events.settle(overflowing, true);
        assertFalse(events.enterDirectIfCaughtUp(() -> false), "taken events are still waiting");
        assertEquals(List.of("a", "b"), events.takeCommitted(10));
        assertTrue(events.enterDirectIfCaughtUp(() -> false));
    }

    @Test
    void afterAFailureTakenEventsArePublishedAndNewOnesLeftToTheOutbox() {
        HandedOverEvents<String> events = direct(100);
        var running = events.register(List.of("a"));
        events.leaveDirect();
        var leftToOutbox = events.register(List.of("b"));
        assertFalse(leftToOutbox.taken());
        events.settle(running, true);
        assertEquals(List.of("a"), events.takeCommitted(10));
        assertFalse(events.enterDirectIfCaughtUp(() -> false), "a transaction left to the outbox is still running");
        events.settle(leftToOutbox, true);
        assertFalse(events.enterDirectIfCaughtUp(() -> true), "the failed event is still in the outbox");
        assertTrue(events.enterDirectIfCaughtUp(() -> false));
    }
}
