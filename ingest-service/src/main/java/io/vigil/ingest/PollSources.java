package io.vigil.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.narayana.jta.TransactionRunnerOptions;
import io.quarkus.scheduler.Scheduled;
import io.vigil.ingest.client.FeedFetcher;
import io.vigil.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Polls due sources. Each source is claimed with FOR UPDATE SKIP LOCKED in its own transaction and stays
 * locked while it is fetched, so several instances share the work without a leader, never fetch one source
 * twice at once, and one source's trouble never undoes another's poll.
 */
@ApplicationScoped
public class PollSources {

    private static final Logger LOG = Logger.getLogger(PollSources.class);
    private static final int MAX_ERROR_LENGTH = 2000;

    private final SourceReader reader;
    private final FetchArticlePages articlePages;
    private final SubmissionValidator validator;
    private final IngestArticles ingestArticles;
    private final IngestConfig.Sources config;
    private final MeterRegistry meterRegistry;

    public PollSources(SourceReader reader, FetchArticlePages articlePages, IngestArticles ingestArticles,
            IngestConfig config, MeterRegistry meterRegistry) {
        this.reader = reader;
        this.articlePages = articlePages;
        this.validator = new SubmissionValidator(config.ingest().maxTextLength(), config.ingest().maxUrlLength());
        this.ingestArticles = ingestArticles;
        this.config = config.sources();
        this.meterRegistry = meterRegistry;
    }

    /** The answer to a poll asked for now. */
    public enum PollNow {
        POLLED, BUSY, MISSING
    }

    @Scheduled(every = "${vigil.sources.poll-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pollDue() {
        boolean polled = true;
        while (polled) {
            polled = inTransaction().call(() -> {
                Optional<Source> due = Source.claimDue(Instant.now());
                due.ifPresent(source -> poll(source, false));
                return due.isPresent();
            });
        }
    }

    /** Polls one source at once, paused or not, waiting for its host's politeness delay if needed. */
    public PollNow pollNow(UUID sourceId) {
        return inTransaction().call(() -> {
            Optional<Source> source = Source.claim(sourceId);
            source.ifPresent(claimed -> poll(claimed, true));
            return source.isPresent() ? PollNow.POLLED
                    : Source.findByIdOptional(sourceId).isPresent() ? PollNow.BUSY : PollNow.MISSING;
        });
    }

    private TransactionRunnerOptions inTransaction() {
        return QuarkusTransaction.requiringNew().timeout(Math.toIntExact(config.pollTimeout().toSeconds()));
    }

    private void poll(Source source, boolean waitForHost) {
        Instant now = Instant.now();
        source.lastFetchedAt = now;
        SourceReader.Read read;
        try {
            read = reader.read(source, waitForHost);
        } catch (FeedFetcher.TooSoonException e) {
            source.nextFetchAt = now.plus(e.waitFor());
            return;
        } catch (FeedFetcher.FetchException e) {
            recordFailure(source, e.reason(), e.getMessage(), now);
            return;
        } catch (FeedParser.UnreadableFeedException e) {
            recordFailure(source, e.reason(), e.getMessage(), now);
            return;
        } catch (RuntimeException e) {
            LOG.errorf(e, "Source %s (%s): unexpected failure while reading %s", source.name, source.id, source.url);
            recordFailure(source, "internal", "Unexpected failure while reading the document: " + e, now);
            return;
        }
        if (read.notModified()) {
            recordSuccess(source, "not-modified", now);
            return;
        }
        source.detectedKind = read.kind();
        if (read.items().isEmpty() && !read.shortfalls().isEmpty()) {
            SourceReader.Shortfall first = read.shortfalls().getFirst();
            recordFailure(source, first.reason(), describe(read.shortfalls()), now);
            return;
        }
        List<ArticleSubmission> valid = new ArrayList<>();
        for (ObjectNode item : articlePages.deferSummaryOnly(read.items(), source.id)) {
            try {
                valid.add(validator.validate(item));
            } catch (InvalidSubmissionException | SubmissionTooLargeException e) {
                ingestArticles.countRejected();
            }
        }
        long stored = valid.isEmpty() ? 0
                : ingestArticles.ingestAll(valid).stream().filter(IngestResult::accepted).count();
        source.etag = read.etag();
        source.lastModified = read.lastModified();
        source.articlesFound += stored;
        if (stored > 0) {
            Source.recordYield(source.id, now, stored);
        }
        if (read.shortfalls().isEmpty()) {
            recordSuccess(source, "ok", now);
        } else {
            recordSuccess(source, "partial", now);
            recordError(source, read.shortfalls().getFirst().reason(), describe(read.shortfalls()), now);
        }
        LOG.infof("Source %s: %d items, %d stored", source.name, read.items().size(), stored);
    }

    private static String describe(List<SourceReader.Shortfall> shortfalls) {
        return shortfalls.stream().map(SourceReader.Shortfall::message).collect(Collectors.joining("; "));
    }

    private void recordSuccess(Source source, String status, Instant now) {
        source.lastStatus = status;
        source.lastSuccessAt = now;
        source.consecutiveFailures = 0;
        source.backoffSecs = 0;
        source.nextFetchAt = now.plusSeconds(source.pollIntervalSecs);
        countFetch(source, status);
    }

    private void recordFailure(Source source, String reason, String error, Instant now) {
        source.lastStatus = "failed";
        source.consecutiveFailures++;
        Duration backoff = Duration.ofSeconds(source.pollIntervalSecs)
                .multipliedBy(1L << Math.min(source.consecutiveFailures, 10));
        backoff = backoff.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : backoff;
        source.backoffSecs = backoff.toSeconds();
        source.nextFetchAt = now.plus(backoff);
        countFetch(source, "failed");
        recordError(source, reason, error, now);
        LOG.warnf("Source %s failed (%d in a row, %s), next try at %s: %s", source.name, source.consecutiveFailures,
                reason, source.nextFetchAt, source.lastError);
    }

    private void recordError(Source source, String reason, String error, Instant now) {
        source.lastErrorAt = now;
        source.lastErrorReason = reason;
        source.lastError = error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error;
        meterRegistry.counter("vigil.source.errors", "source_id", source.id.toString(), "reason", reason).increment();
    }

    private void countFetch(Source source, String outcome) {
        meterRegistry.counter("vigil.source.fetches", "source_id", source.id.toString(), "outcome", outcome).increment();
    }
}
