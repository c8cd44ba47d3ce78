package io.vigil.ingest.messaging;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The events that ingest transactions hand the relay in memory, so it can publish them without reading
 * them back from the outbox. The outbox rows stay the durable record. While {@linkplain #direct() direct},
 * every new transaction's events are taken; after a failed publication, with too many events waiting or
 * after a restart, new events are left to the outbox until it has caught up (the events taken earlier are
 * still published first).
 *
 * <p>Each transaction registers its events before it commits, under this queue's lock, and settles them after
 * it completes; events are taken only from a committed head. Two transactions changing one article are
 * serialised by the article row's lock, so the second registers after the first committed: taking from the
 * head keeps each article's events in order.
 *
 * @param <E> an event
 */
final class HandedOverEvents<E> {

    /** The events of one transaction. */
    static final class Transaction<E> {
        private final List<E> events;
        private final boolean taken;
        private boolean committed;

        private Transaction(List<E> events, boolean taken) {
            this.events = events;
            this.taken = taken;
        }

        /** Whether the relay publishes these events from memory; otherwise it reads them from the outbox. */
        boolean taken() {
            return taken;
        }
    }

    private final int capacity;
    private final Deque<Transaction<E>> queue = new ArrayDeque<>();
    private int queuedEvents;
    private int unsettledLeftToOutbox;
    private boolean direct;

    /** @param capacity the most events kept waiting in memory; more go through the outbox */
    HandedOverEvents(int capacity) {
        this.capacity = capacity;
    }

    /** Called inside the transaction that stores the events, before it commits. */
    synchronized Transaction<E> register(List<E> events) {
        if (direct && queuedEvents + events.size() > capacity) {
            direct = false;
        }
        Transaction<E> transaction = new Transaction<>(events, direct);
        if (direct) {
            queue.add(transaction);
            queuedEvents += events.size();
        } else {
            unsettledLeftToOutbox++;
        }
        return transaction;
    }

    /** Called once the transaction has completed; a rolled-back transaction's events are forgotten. */
    synchronized void settle(Transaction<E> transaction, boolean committed) {
        if (!transaction.taken) {
            unsettledLeftToOutbox--;
        } else if (committed) {
            transaction.committed = true;
        } else if (queue.remove(transaction)) {
            queuedEvents -= transaction.events.size();
        }
    }

    /** Whether new events are taken to be published from memory. */
    synchronized boolean direct() {
        return direct;
    }

    /**
     * The events of the committed transactions at the head of the queue, whole transactions until at least
     * {@code atMost} events or the first transaction not committed yet.
     */
    synchronized List<E> takeCommitted(int atMost) {
        List<E> taken = new ArrayList<>();
        while (!queue.isEmpty() && queue.peek().committed && taken.size() < atMost) {
            Transaction<E> transaction = queue.poll();
            taken.addAll(transaction.events);
            queuedEvents -= transaction.events.size();
        }
        return taken;
    }

    /** New events go through the outbox, which now holds events to publish before them (a failed one). */
    synchronized void leaveDirect() {
        direct = false;
    }

    /**
     * Takes new events again once the events taken earlier are published, no transaction whose events were
     * left to the outbox is still running and the outbox has nothing left to publish. A transaction
     * registering meanwhile waits for the check, so none can commit rows the check missed.
     *
     * @return whether new events are taken
     */
    synchronized boolean enterDirectIfCaughtUp(BooleanSupplier outboxHasRowsToPublish) {
        if (!direct && queue.isEmpty() && unsettledLeftToOutbox == 0 && !outboxHasRowsToPublish.getAsBoolean()) {
            direct = true;
        }
        return direct;
    }
}
