package io.vigil.ingest;

import java.util.List;

/**
 * Fired inside a transaction that stores articles, before it writes their outbox rows: each row carries its
 * event's data, and the relay may take the events over to publish them after the commit without reading them
 * back (it then sets the rows' {@code nextAttemptAt}).
 */
public record ArticlesStored(List<OutboxEvent> events) {
}
