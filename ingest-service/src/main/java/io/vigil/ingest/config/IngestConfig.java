package io.vigil.ingest.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "vigil")
public interface IngestConfig {

    /** Bearer key required by every write endpoint. */
    String adminApiKey();

    Ingest ingest();

    Outbox outbox();

    Fetch fetch();

    Sources sources();

    interface Fetch {
        /** Hosts (or *.suffix patterns) that may be fetched even when they resolve to internal addresses. */
        Optional<List<String>> allow();

        /** Longest one request may take, from connecting to the last byte of the body. */
        @WithDefault("10s")
        Duration timeout();

        /** Largest response body read; a larger answer is a source error, not an out-of-memory. */
        @WithDefault("5242880")
        long maxBytes();

        @WithDefault("VigilBot/1.0 (+https://vigil.io/bot)")
        String userAgent();

        /** Least time between two feed requests to one host (per instance). */
        @WithDefault("2s")
        Duration perHostDelay();
    }

    interface Sources {
        /** How often due sources are looked for. */
        @WithDefault("5s")
        Duration pollInterval();

        /** Longest one source's poll may take (its transaction's timeout), sitemaps an index points at included. */
        @WithDefault("5m")
        Duration pollTimeout();

        /** Longest wait after repeated failures. */
        @WithDefault("6h")
        Duration maxBackoff();

        /**
         * Most items read from one poll: a feed's first ones, a news sitemap's most recently published. The
         * rest are left and the poll records why.
         */
        @WithDefault("1000")
        int maxItemsPerPoll();

        /** How many levels of sitemap indexes are followed below a source's own document. */
        @WithDefault("2")
        int sitemapMaxDepth();

        /** Most sitemaps read per poll from one sitemap index, the most recently modified first. */
        @WithDefault("20")
        int sitemapMaxChildren();

        /** How often the per-source health gauges are reloaded from the database (all instances' polls). */
        @WithDefault("15s")
        Duration healthRefresh();
    }

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
        @WithDefault("500")
        int batchSize();

        /** How long the relay waits for the broker to acknowledge a record before counting a failure. */
        @WithDefault("10s")
        Duration deliveryTimeout();

        /** First retry delay after a failed publication; doubles with every attempt up to max-backoff. */
        @WithDefault("250ms")
        Duration initialBackoff();

        @WithDefault("30s")
        Duration maxBackoff();

        /**
         * The most committed events the relay keeps in memory to publish without reading them back; beyond
         * that (Kafka slower than ingest), it reads them from the outbox until it has caught up.
         */
        @WithDefault("10000")
        int handOverCapacity();

        /**
         * How long after its transaction an event handed over in memory waits before a relay may read it from
         * the outbox: the fallback should this process die before publishing it. Well above the delivery timeout,
         * or a slow publication would be repeated.
         */
        @WithDefault("60s")
        Duration handOverGrace();
    }

    Pages pages();

    /** Article pages fetched for feed items that carry only a summary. */
    interface Pages {
        /** Whether summary-only feed items wait for their article page before they are stored. */
        @WithDefault("true")
        boolean enabled();

        /** A feed item whose text has fewer characters than this is taken for a summary. */
        @WithDefault("600")
        int summaryMaxChars();

        /** Fewest characters of main text a page must yield; a page with less holds no article. */
        @WithDefault("200")
        int minTextChars();

        /** Largest article page read; a larger page keeps the item's summary (outcome too-large). */
        @WithDefault("2097152")
        long maxBytes();

        /** How often waiting article pages are looked for. */
        @WithDefault("1s")
        Duration pollInterval();

        /** How long a finished page is remembered, so that a feed polled again does not fetch it twice. */
        @WithDefault("30d")
        Duration remember();
    }
}
