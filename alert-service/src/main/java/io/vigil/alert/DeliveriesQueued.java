package io.vigil.alert;

/** Fired inside a transaction that made deliveries due; observed after commit to wake the delivery worker. */
public record DeliveriesQueued(int count) {
}
