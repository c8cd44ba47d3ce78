package io.vigil.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.vigil.ingest.client.FeedFetcher;
import io.vigil.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Polls due sources. Each instance claims due rows with FOR UPDATE SKIP LOCKED and holds the lock while it
 * fetches, so several instances share the work without a leader and never fetch one source twice at once.
 */
@ApplicationScoped
public class PollSources {

    private static final Logger LOG = Logger.getLogger(PollSources.class);
    private static final int MAX_ERROR_LENGTH = 2000;

    private final FeedFetcher fetcher;
    private final FetchArticlePages articlePages;
    private final FeedParser parser;
    private final SubmissionValidator validator;
    private final IngestArticles ingestArticles;
    private final IngestConfig.Sources config;
    private final MeterRegistry meterRegistry;

    public PollSources(FeedFetcher fetcher, ObjectMapper objectMapper, IngestArticles ingestArticles,
            IngestConfig config, MeterRegistry meterRegistry, FetchArticlePages articlePages) {
        this.fetcher = fetcher;
        this.articlePages = articlePages;
        this.parser = new FeedParser(objectMapper);
        this.validator = new SubmissionValidator(config.ingest().maxTextLength(), config.ingest().maxUrlLength());
        this.ingestArticles = ingestArticles;
        this.config = config.sources();
        this.meterRegistry = meterRegistry;
    }

    @Scheduled(every = "${vigil.sources.poll-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pollDue() {
        boolean more = true;
        while (more) {
            more = QuarkusTransaction.requiringNew().call(this::pollBatch);
        }
    }

    /** @return whether a full batch was due, so more may be waiting */
    private boolean pollBatch() {
        List<Source> due = Source.claimDue(Instant.now(), config.batchSize());
        due.forEach(this::poll);
        return due.size() == config.batchSize();
    }

    private void poll(Source source) {
        Instant now = Instant.now();
        source.lastFetchedAt = now;
        try {
            FeedFetcher.Fetched fetched = fetcher.fetch(source.url, source.etag, source.lastModified);
            if (fetched.notModified()) {
                recordSuccess(source, "not-modified", now);
                return;
            }
            List<JsonNode> items = new ArrayList<>(parser.parse(fetched.body(), source.name));
            List<ArticleSubmission> valid = new ArrayList<>();
            for (JsonNode item : articlePages.deferSummaryOnly(items, source.id)) {
                try {
                    valid.add(validator.validate(item));
                } catch (InvalidSubmissionException | SubmissionTooLargeException e) {
                    ingestArticles.countRejected();
                }
            }
            long accepted = valid.isEmpty() ? 0
                    : ingestArticles.ingestAll(valid).stream().filter(IngestResult::accepted).count();
            source.etag = fetched.etag();
            source.lastModified = fetched.lastModified();
            source.articlesFound += accepted;
            recordSuccess(source, "ok", now);
            LOG.infof("Source %s: %d items, %d accepted", source.name, items.size(), accepted);
        } catch (FeedFetcher.TooSoonException e) {
            source.nextFetchAt = now.plus(e.waitFor());
        } catch (FeedFetcher.FetchException | FeedParser.UnreadableFeedException e) {
            recordFailure(source, e.getMessage(), now);
        }
    }

    private void recordSuccess(Source source, String status, Instant now) {
        source.lastStatus = status;
        source.lastError = null;
        source.consecutiveFailures = 0;
        source.nextFetchAt = now.plusSeconds(source.pollIntervalSecs);
        meterRegistry.counter("vigil.source.fetches", "source", source.name, "outcome", status).increment();
    }

    private void recordFailure(Source source, String error, Instant now) {
        source.lastStatus = "failed";
        source.lastError = error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error;
        source.consecutiveFailures++;
        Duration backoff = Duration.ofSeconds(source.pollIntervalSecs)
                .multipliedBy(1L << Math.min(source.consecutiveFailures, 10));
        source.nextFetchAt = now.plus(backoff.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : backoff);
        meterRegistry.counter("vigil.source.fetches", "source", source.name, "outcome", "failed").increment();
        LOG.warnf("Source %s failed (%d in a row), next try at %s: %s", source.name, source.consecutiveFailures,
                source.nextFetchAt, source.lastError);
    }
}
