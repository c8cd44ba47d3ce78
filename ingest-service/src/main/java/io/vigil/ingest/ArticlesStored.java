package io.vigil.ingest;

/** Fired inside a transaction that stored articles and their outbox rows. */
public record ArticlesStored(int count) {
}
