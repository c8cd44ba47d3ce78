package io.vigil.ingest;

import java.util.UUID;

/** Fired inside the transaction that stored an article and its outbox row. */
public record ArticleStored(UUID articleId) {
}
