package io.vigil.alert;

/** Fired inside the consumer's transaction; observed after commit to wake the delivery worker. */
public record AlertsCreated(int count) {
}
