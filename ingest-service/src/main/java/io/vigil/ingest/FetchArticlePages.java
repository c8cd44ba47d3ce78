package io.vigil.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.vigil.ingest.client.FeedFetcher;
import io.vigil.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Completes feed items that carry only a summary, and news sitemap entries that carry no text at all, with the text
 * of their article page. The poller queues such items in the same transaction that reads the source; the pages are
 * then fetched one per transaction, so the politeness delay per host is honoured by rescheduling instead of waiting,
 * and nothing holds a source's lock meanwhile. A page that cannot be used (refused host, HTTP error, timeout, too
 * large, no article in it) never loses the item: it is stored with its summary, or its title when it has no text,
 * and the reason is logged, counted and kept as the page's outcome.
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
     * Queues the items that carry only a summary or no text and link to their article (in the caller's
     * transaction). An item whose link was queued before is dropped, since it was or will be stored from that
     * earlier queueing; so is one whose article is already stored, as its page would be fetched for nothing. With
     * page fetching off, items are stored as they are, an entry without text with its title standing in for it,
     * unless its article is already stored (the title must not replace the stored text as a new version).
     *
     * @return the items to store now
     */
    public List<ObjectNode> deferSummaryOnly(List<ObjectNode> items, UUID sourceId) {
        Map<ObjectNode, String> links = new IdentityHashMap<>();
        for (ObjectNode item : items) {
            String link = summaryOnlyLink(item);
            if (link != null && (config.enabled() || !hasText(item))) {
                links.put(item, link);
            }
        }
        Set<String> stored = Article.storedCanonicalUrls(Set.copyOf(links.values()));
        Instant now = Instant.now();
        List<ObjectNode> storeNow = new ArrayList<>();
        int queued = 0;
        for (ObjectNode item : items) {
            String link = links.get(item);
            if (link == null || !config.enabled() && !stored.contains(link)) {
                storeNow.add(withTitleForMissingText(item));
            } else if (!stored.contains(link) && ArticlePage.queueIfNew(link, sourceId, item.toString(), now)) {
                queued++;
            }
        }
        if (queued > 0) {
            LOG.infof("%d items of source %s without their full text wait for their article pages", queued, sourceId);
        }
        return storeNow;
    }

    private static boolean hasText(ObjectNode item) {
        return !item.path("text").asText("").isBlank();
    }

    /** A news sitemap entry has a title but no text: the title is the best text there is without the page. */
    private static ObjectNode withTitleForMissingText(ObjectNode item) {
        if (!hasText(item) && item.hasNonNull("title")) {
            item.put("text", item.get("title").asText());
        }
        return item;
    }

    /** The canonical link of an item whose text is short enough to be a summary (or absent), else null. */
    private String summaryOnlyLink(ObjectNode item) {
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
            LOG.warnf("Article page %s not fetched (%s: %s); the item keeps its summary or title", page.link,
                    e.reason(), e.getMessage());
        }
        page.doneAt = now;
        meterRegistry.counter("vigil.article.pages", "outcome", page.outcome).increment();
        store(withTitleForMissingText(item), page, now);
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
            LOG.warnf("Article page %s holds no article text longer than the summary; the item keeps its summary"
                    + " or title", url);
            return "no-article";
        }
        if (page.text().length() > maxTextLength) {
            LOG.warnf("Article page %s has %d characters of text, more than the %d accepted; the item keeps its"
                    + " summary or title", url, page.text().length(), maxTextLength);
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

    private void store(ObjectNode item, ArticlePage page, Instant now) {
        ArticleSubmission submission;
        try {
            submission = validator.validate(item);
        } catch (InvalidSubmissionException | SubmissionTooLargeException e) {
            ingestArticles.countRejected();
            LOG.warnf("Feed item %s is not storable: %s", page.link, e.getMessage());
            return;
        }
        boolean accepted = ingestArticles.ingestAll(List.of(submission)).getFirst().accepted();
        // The source may have been deleted while its page waited; its yield then has nowhere to go.
        if (accepted && page.sourceId != null
                && Source.update("articlesFound = articlesFound + 1 where id = ?1", page.sourceId) > 0) {
            Source.recordYield(page.sourceId, now, 1);
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
