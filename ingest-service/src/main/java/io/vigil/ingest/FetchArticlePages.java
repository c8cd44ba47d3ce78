package io.vigil.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.vigil.ingest.client.FeedFetcher;
import io.vigil.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Completes feed items that carry only a summary with the text of their article page. The poller queues such items
 * in the same transaction that reads the feed; the pages are then fetched one per transaction, so the politeness
 * delay per host is honoured by rescheduling instead of waiting, and nothing holds a source's lock meanwhile. A page
 * that cannot be used (refused host, HTTP error, timeout, too large, no article in it) never loses the item: it is
 * stored with its summary, and the reason is logged and counted.
 */
@ApplicationScoped
public class FetchArticlePages {

    private static final Logger LOG = Logger.getLogger(FetchArticlePages.class);
    private static final Duration RETRY_AFTER_ERROR = Duration.ofMinutes(5);

    private final FeedFetcher fetcher;
    private final ArticlePageExtractor extractor;
    private final SubmissionValidator validator;
    private final IngestArticles ingestArticles;
    private final ObjectMapper objectMapper;
    private final MeterRegistry meterRegistry;
    private final IngestConfig.Pages config;
    private final int maxTextLength;
    private final int maxUrlLength;

    public FetchArticlePages(FeedFetcher fetcher, ObjectMapper objectMapper, IngestArticles ingestArticles,
            IngestConfig config, MeterRegistry meterRegistry) {
        this.fetcher = fetcher;
        this.objectMapper = objectMapper;
        this.ingestArticles = ingestArticles;
        this.meterRegistry = meterRegistry;
        this.config = config.pages();
        this.maxTextLength = config.ingest().maxTextLength();
        this.maxUrlLength = config.ingest().maxUrlLength();
        this.extractor = new ArticlePageExtractor(objectMapper, this.config.minTextChars());
        this.validator = new SubmissionValidator(maxTextLength, maxUrlLength);
    }

    /**
     * Queues the summary-only items that link to their article (in the caller's transaction); an item whose link was
     * queued before is dropped, since it was or will be stored from that earlier queueing.
     *
     * @return the items to store now
     */
    public List<JsonNode> deferSummaryOnly(List<JsonNode> items, UUID sourceId) {
        if (!config.enabled()) {
            return items;
        }
        Instant now = Instant.now();
        List<JsonNode> complete = new ArrayList<>();
        int queued = 0;
        for (JsonNode item : items) {
            String link = summaryOnlyLink(item);
            if (link == null) {
                complete.add(item);
            } else if (ArticlePage.queueIfNew(link, sourceId, item.toString(), now)) {
                queued++;
            }
        }
        if (queued > 0) {
            LOG.infof("%d summary-only items of source %s wait for their article pages", queued, sourceId);
        }
        return complete;
    }

    /** The canonical link of an item whose text is short enough to be a summary, else null. */
    private String summaryOnlyLink(JsonNode item) {
        String text = item.path("text").asText("");
        String url = item.path("url").asText("");
        if (text.strip().length() >= config.summaryMaxChars() || url.isEmpty() || url.length() > maxUrlLength) {
            return null;
        }
        return UrlCanonicalizer.canonicalize(url).orElse(null);
    }

    @Scheduled(every = "${vigil.pages.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void fetchDue() {
        boolean more = true;
        while (more) {
            AtomicReference<ArticlePage> claimed = new AtomicReference<>();
            try {
                more = QuarkusTransaction.requiringNew().call(() -> fetchNext(claimed));
            } catch (RuntimeException e) {
                if (claimed.get() == null) {
                    throw e;
                }
                // Set aside, so that one item that cannot be stored does not hold up the pages queued after it.
                LOG.errorf(e, "Feed item %s could not be stored; retrying in %s", claimed.get().link, RETRY_AFTER_ERROR);
                QuarkusTransaction.requiringNew().run(() -> ArticlePage.postpone(claimed.get().linkHash,
                        Instant.now().plus(RETRY_AFTER_ERROR)));
            }
        }
        QuarkusTransaction.requiringNew().run(() -> ArticlePage.forgetDoneBefore(Instant.now().minus(config.remember())));
    }

    /** @return whether a page was due */
    private boolean fetchNext(AtomicReference<ArticlePage> claimed) {
        Instant now = Instant.now();
        ArticlePage page = ArticlePage.claimNextDue(now);
        if (page == null) {
            return false;
        }
        claimed.set(page);
        ObjectNode item = readItem(page.item);
        try {
            FeedFetcher.Page fetched = fetcher.fetchPage(item.path("url").asText(), config.maxBytes());
            page.outcome = complete(item, extractor.extract(fetched.body(), fetched.contentType(),
                    fetched.contentLanguage(), fetched.url()));
        } catch (FeedFetcher.TooSoonException e) {
            page.nextAttemptAt = now.plus(e.waitFor());
            return true;
        } catch (FeedFetcher.FetchException e) {
            page.outcome = e.reason();
            LOG.warnf("Article page %s not fetched (%s: %s); the feed summary is stored", page.link, e.reason(),
                    e.getMessage());
        }
        page.doneAt = now;
        meterRegistry.counter("vigil.article.pages", "outcome", page.outcome).increment();
        store(item, page);
        return true;
    }

    /**
     * Puts the page's text and canonical URL into the item; title, date and language from the page fill only what
     * the feed left out, since the publisher's own feed fields are the more deliberate ones.
     *
     * @return the outcome: extracted, or why the summary was kept
     */
    private String complete(ObjectNode item, ArticlePageExtractor.ExtractedPage page) {
        String summary = item.path("text").asText("");
        String url = item.path("url").asText();
        if (!page.hasArticle() || page.text().length() <= summary.strip().length()) {
            LOG.warnf("Article page %s holds no article text longer than the summary; the feed summary is stored", url);
            return "no-article";
        }
        if (page.text().length() > maxTextLength) {
            LOG.warnf("Article page %s has %d characters of text, more than the %d accepted; the feed summary is stored",
                    url, page.text().length(), maxTextLength);
            return "too-large";
        }
        item.put("text", page.text());
        item.put("url", page.canonicalUrl());
        if (item.path("title").asText("").isBlank() && page.title() != null) {
            item.put("title", page.title());
        }
        if (!item.hasNonNull("publishedAt") && page.publishedAt() != null) {
            item.put("publishedAt", page.publishedAt().toString());
        }
        if (!item.hasNonNull("lang") && page.lang() != null) {
            item.put("lang", page.lang());
        }
        return "extracted";
    }

    private void store(ObjectNode item, ArticlePage page) {
        ArticleSubmission submission;
        try {
            submission = validator.validate(item);
        } catch (InvalidSubmissionException | SubmissionTooLargeException e) {
            ingestArticles.countRejected();
            LOG.warnf("Feed item %s is not storable: %s", page.link, e.getMessage());
            return;
        }
        boolean accepted = ingestArticles.ingestAll(List.of(submission)).getFirst().accepted();
        if (accepted && page.sourceId != null) {
            Source.update("articlesFound = articlesFound + 1 where id = ?1", page.sourceId);
        }
    }

    private ObjectNode readItem(String json) {
        try {
            return (ObjectNode) objectMapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A queued feed item is not JSON", e);
        }
    }
}
