package io.vigil.ingest.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "vigil")
public interface IngestConfig {

    /** Bearer key required by every write endpoint. */
    String adminApiKey();

    Ingest ingest();

    Outbox outbox();

    interface Ingest {
        /** Longest accepted article text, in characters; longer texts answer 413. */
        @WithDefault("500000")
        int maxTextLength();

        /** Longest accepted URL; keeps the unique index on canonical URLs within PostgreSQL's btree limit. */
        @WithDefault("2048")
        int maxUrlLength();

        /** Most items one batch request may carry. */
        @WithDefault("1000")
        int maxBatchItems();

        /** Largest SimHash Hamming distance at which a new article counts as a near-duplicate. */
        @WithDefault("3")
        int nearDuplicateDistance();

        /** How far back near-duplicates are looked for. */
        @WithDefault("7d")
        Duration nearDuplicateWindow();

        /** Most files one imported zip may hold. */
        @WithDefault("10000")
        int maxImportFiles();

        /** Most bytes one imported zip may inflate to; refuses zip bombs. */
        @WithDefault("104857600")
        long maxImportInflatedBytes();

        @WithDefault("50")
        int defaultPageSize();

        @WithDefault("500")
        int maxPageSize();
    }

    interface Outbox {
        @WithDefault("articles.ingested")
        String topic();

        /** Rows claimed per relay transaction. */
        @WithDefault("100")
        int batchSize();

        /** How long the relay waits for the broker to acknowledge a record before counting a failure. */
        @WithDefault("10s")
        Duration deliveryTimeout();

        /** First retry delay after a failed publication; doubles with every attempt up to max-backoff. */
        @WithDefault("250ms")
        Duration initialBackoff();

        @WithDefault("30s")
        Duration maxBackoff();
    }
}
