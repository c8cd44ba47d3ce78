package io.vigil.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jsoup.Jsoup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;

/**
 * Reads RSS, Atom and RDF feeds into article JSON objects. The XML encoding comes from the prolog
 * (windows-1256, windows-1251, ISO-8859-9 feeds decode correctly); documents with a DOCTYPE are refused,
 * which closes the door on XXE and entity-expansion attacks.
 */
public final class FeedParser {

    private final ObjectMapper objectMapper;

    public FeedParser(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    public static class UnreadableFeedException extends Exception {
        public UnreadableFeedException(String message) {
            super(message);
        }
    }

    public List<ObjectNode> parse(byte[] feed, String sourceName) throws UnreadableFeedException {
        SyndFeed parsed;
        try (XmlReader reader = new XmlReader(new ByteArrayInputStream(feed))) {
            SyndFeedInput input = new SyndFeedInput();
            input.setAllowDoctypes(false);
            parsed = input.build(reader);
        } catch (IOException | FeedException | IllegalArgumentException e) {
            throw new UnreadableFeedException("Unreadable feed: " + e.getMessage());
        }
        String feedLang = parsed.getLanguage() == null || parsed.getLanguage().length() < 2 ? null
                : parsed.getLanguage().substring(0, 2).toLowerCase(Locale.ROOT);
        List<ObjectNode> articles = new ArrayList<>();
        for (SyndEntry entry : parsed.getEntries()) {
            ObjectNode article = objectMapper.createObjectNode();
            article.put("title", entry.getTitle() == null ? "" : Jsoup.parse(entry.getTitle()).text());
            article.put("text", entryText(entry));
            if (entry.getLink() != null && UrlCanonicalizer.isHttpUrl(entry.getLink())) {
                article.put("url", entry.getLink().strip());
            }
            if (feedLang != null) {
                article.put("lang", feedLang);
            }
            java.util.Date published = entry.getPublishedDate() != null ? entry.getPublishedDate() : entry.getUpdatedDate();
            if (published != null) {
                article.put("publishedAt", DateTimeFormatter.ISO_INSTANT.format(published.toInstant()));
            }
            article.put("source", sourceName);
            articles.add(article);
        }
        return articles;
    }

    private static String entryText(SyndEntry entry) {
        StringBuilder html = new StringBuilder();
        for (SyndContent content : entry.getContents()) {
            html.append(content.getValue()).append('\n');
        }
        if (html.isEmpty() && entry.getDescription() != null) {
            html.append(entry.getDescription().getValue());
        }
        return Jsoup.parse(html.toString()).text();
    }
}
