package io.vigil.ingest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vigil.ingest.client.FeedFetcher;
import io.vigil.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads a source's document into items: a feed, a news sitemap, or a sitemap index whose sitemaps are read in
 * turn (most recently modified first, {@code sitemap-max-depth} levels and {@code sitemap-max-children}
 * documents at most). What a poll had to leave out is reported as shortfalls beside the items.
 */
@ApplicationScoped
public class SourceReader {

    private final FeedFetcher fetcher;
    private final FeedParser parser;
    private final IngestConfig.Sources config;

    public SourceReader(FeedFetcher fetcher, ObjectMapper objectMapper, IngestConfig config) {
        this.fetcher = fetcher;
        this.config = config.sources();
        this.parser = new FeedParser(objectMapper, this.config.maxItemsPerPoll(), config.fetch().maxBytes());
    }

    /** Something a poll read only in part, or not at all; {@code reason} is a short stable code. */
    public record Shortfall(String reason, String message) {
    }

    /** The outcome of one read; {@code etag} and {@code lastModified} are the source document's. */
    public record Read(boolean notModified, SourceKind kind, List<ObjectNode> items, String etag,
            String lastModified, List<Shortfall> shortfalls) {
    }

    /**
     * @param waitForHost wait for the host's politeness delay instead of refusing with {@link FeedFetcher.TooSoonException}
     */
    public Read read(Source source, boolean waitForHost) throws FeedFetcher.FetchException,
            FeedFetcher.TooSoonException, FeedParser.UnreadableFeedException {
        FeedFetcher.Fetched fetched = waitForHost
                ? fetcher.fetchWaitingForHost(source.url, source.etag, source.lastModified)
                : fetcher.fetch(source.url, source.etag, source.lastModified);
        if (fetched.notModified()) {
            return new Read(true, source.detectedKind, List.of(), fetched.etag(), fetched.lastModified(), List.of());
        }
        FeedParser.Parsed document = parser.parse(fetched.body(), fetched.contentType(), source.kind, source.name);
        List<ObjectNode> items = new ArrayList<>(document.items());
        List<Shortfall> shortfalls = new ArrayList<>();
        noteItemCap(document, "The document", shortfalls);
        if (document.isSitemapIndex()) {
            SitemapWalk walk = new SitemapWalk(source.name, items, shortfalls);
            walk.visited.add(source.url);
            walk.read(document.childSitemaps(), 1);
            if (items.size() > config.maxItemsPerPoll()) {
                items.sort(Comparator.comparing((ObjectNode item) -> item.path("publishedAt").asText(""))
                        .reversed());
                shortfalls.add(new Shortfall("item-cap", "The sitemaps list " + items.size()
                        + " articles; the " + config.maxItemsPerPoll()
                        + " most recently published were read (vigil.sources.max-items-per-poll)"));
                items.subList(config.maxItemsPerPoll(), items.size()).clear();
            }
        }
        return new Read(false, document.kind(), items, fetched.etag(), fetched.lastModified(), shortfalls);
    }

    private void noteItemCap(FeedParser.Parsed document, String what, List<Shortfall> shortfalls) {
        if (document.itemsListed() > config.maxItemsPerPoll()) {
            shortfalls.add(new Shortfall("item-cap", what + " lists " + document.itemsListed() + " items; the "
                    + config.maxItemsPerPoll() + (document.kind() == SourceKind.SITEMAP ? " most recently published"
                    : " first") + " were read and the rest left (vigil.sources.max-items-per-poll)"));
        }
    }

    /** One poll's walk through nested sitemap indexes, with a budget of documents shared by all levels. */
    private final class SitemapWalk {
        private final String sourceName;
        private final List<ObjectNode> items;
        private final List<Shortfall> shortfalls;
        private final Set<String> visited = new HashSet<>();
        private int documentsLeft = config.sitemapMaxChildren();

        SitemapWalk(String sourceName, List<ObjectNode> items, List<Shortfall> shortfalls) {
            this.sourceName = sourceName;
            this.items = items;
            this.shortfalls = shortfalls;
        }

        void read(List<FeedParser.ChildSitemap> sitemaps, int depth) {
            if (depth > config.sitemapMaxDepth()) {
                shortfalls.add(new Shortfall("sitemap-limits", "Sitemap indexes nest deeper than "
                        + config.sitemapMaxDepth() + " levels; " + sitemaps.size()
                        + " sitemaps below were not read (vigil.sources.sitemap-max-depth)"));
                return;
            }
            for (FeedParser.ChildSitemap sitemap : sitemaps) {
                if (!visited.add(sitemap.url())) {
                    continue;
                }
                if (documentsLeft-- <= 0) {
                    shortfalls.add(new Shortfall("sitemap-limits", "More sitemaps are listed than the "
                            + config.sitemapMaxChildren() + " read per poll; the most recently modified were read"
                            + " (vigil.sources.sitemap-max-children)"));
                    return;
                }
                readOne(sitemap, depth);
            }
        }

        private void readOne(FeedParser.ChildSitemap sitemap, int depth) {
            try {
                FeedFetcher.Fetched fetched = fetcher.fetchWaitingForHost(sitemap.url(), null, null);
                FeedParser.Parsed document = parser.parse(fetched.body(), fetched.contentType(), SourceKind.SITEMAP,
                        sourceName);
                items.addAll(document.items());
                noteItemCap(document, "Sitemap " + sitemap.url(), shortfalls);
                if (document.isSitemapIndex()) {
                    read(document.childSitemaps(), depth + 1);
                }
            } catch (FeedFetcher.FetchException e) {
                shortfalls.add(new Shortfall(e.reason(), "Sitemap " + sitemap.url() + ": " + e.getMessage()));
            } catch (FeedParser.UnreadableFeedException e) {
                shortfalls.add(new Shortfall(e.reason(), "Sitemap " + sitemap.url() + ": " + e.getMessage()));
            }
        }
    }
}
