package io.vigil.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import javax.xml.stream.Location;
import javax.xml.stream.XMLEventReader;
import javax.xml.stream.XMLEventWriter;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.events.StartElement;
import javax.xml.stream.events.XMLEvent;

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
 * Reads RSS 2.0, RSS 1.0/RDF and Atom feeds, news sitemaps and sitemap indexes into article JSON objects.
 * <p>
 * One streaming pass checks the document, finds its kind by its root element, counts its items and keeps at
 * most {@code maxItems} of them, so a feed listing 100,000 items costs no more than its bytes; Rome then
 * reads the feed items that were kept. The encoding is found as the web serves it: a byte order mark, else
 * the XML declaration, else the Content-Type charset. Gzipped documents are inflated first. Documents with a DOCTYPE are refused, which closes
 * the door on XXE and entity-expansion attacks.
 */
public final class FeedParser {

    private static final XMLInputFactory INPUTS = inputFactory();
    private static final XMLOutputFactory OUTPUTS = XMLOutputFactory.newFactory();
    private static final Pattern HTML_START = Pattern.compile(
            "^\\s*(<\\?xml[^>]*>\\s*)?(<!--.*?-->\\s*)*<(!doctype\\s+html|html[\\s>])",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final int HTML_SNIFF_CHARS = 4096;

    private final ObjectMapper objectMapper;
    private final int maxItems;
    private final long maxInflatedBytes;

    /** @param maxInflatedBytes the most a gzipped document ({@code sitemap.xml.gz}) may inflate to */
    public FeedParser(ObjectMapper objectMapper, int maxItems, long maxInflatedBytes) {
        this.objectMapper = objectMapper;
        this.maxItems = maxItems;
        this.maxInflatedBytes = maxInflatedBytes;
    }

    /**
     * A read document: its kind, the items kept (at most {@code maxItems}), how many it listed, and for a
     * sitemap index the sitemaps it points at, most recently modified first.
     */
    public record Parsed(SourceKind kind, List<ObjectNode> items, int itemsListed, List<ChildSitemap> childSitemaps) {

        public boolean isSitemapIndex() {
            return !childSitemaps.isEmpty();
        }
    }

    public record ChildSitemap(String url, Instant lastModified) {
    }

    /** A document that cannot be read; {@code reason} is a short stable code for metrics and operators. */
    public static class UnreadableFeedException extends Exception {
        private final String reason;

        public UnreadableFeedException(String reason, String message) {
            super(message);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    /**
     * @param contentType the response's Content-Type header, or null
     * @param expected    the kind the source was registered as; {@link SourceKind#AUTO} accepts any
     */
    public Parsed parse(byte[] document, String contentType, SourceKind expected, String sourceName)
            throws UnreadableFeedException {
        String text = decode(gunzipped(document), contentType);
        if (HTML_START.matcher(text.substring(0, Math.min(text.length(), HTML_SNIFF_CHARS))).find()) {
            throw new UnreadableFeedException("not-a-feed", "The server sent an HTML page, not a feed"
                    + (contentType == null ? "" : " (Content-Type: " + contentType + ")"));
        }
        StartElement root = null;
        try {
            XMLEventReader events = INPUTS.createXMLEventReader(new StringReader(text));
            root = rootElement(events);
            String rootName = root.getName().getLocalPart();
            SourceKind kind = switch (rootName) {
                case "rss" -> SourceKind.RSS;
                case "RDF" -> SourceKind.RDF;
                case "feed" -> SourceKind.ATOM;
                case "urlset", "sitemapindex" -> SourceKind.SITEMAP;
                default -> throw new UnreadableFeedException("not-a-feed", "The document is <" + rootName
                        + ">, not an RSS, RDF or Atom feed nor a sitemap");
            };
            if (expected != SourceKind.AUTO && expected != kind) {
                throw new UnreadableFeedException("wrong-kind", "The source is registered as " + expected.value()
                        + " but the document is " + kind.value() + " (register it with kind auto or " + kind.value()
                        + ")");
            }
            return switch (rootName) {
                case "urlset" -> newsSitemap(events, sourceName);
                case "sitemapindex" -> sitemapIndex(events);
                default -> feed(events, root, kind, sourceName);
            };
        } catch (XMLStreamException e) {
            if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/html")) {
                throw new UnreadableFeedException("not-a-feed", "The server sent an HTML page, not a feed"
                        + " (Content-Type: " + contentType + ")");
            }
            throw xmlProblem(e, text, root);
        }
    }

    /** Sitemaps are often served as {@code .xml.gz} files; the inflated size is capped like a response. */
    private byte[] gunzipped(byte[] document) throws UnreadableFeedException {
        if (document.length < 2 || (document[0] & 0xFF) != 0x1F || (document[1] & 0xFF) != 0x8B) {
            return document;
        }
        try (InputStream inflating = new GZIPInputStream(new ByteArrayInputStream(document))) {
            byte[] inflated = inflating.readNBytes(Math.toIntExact(Math.min(maxInflatedBytes + 1, Integer.MAX_VALUE - 8)));
            if (inflated.length > maxInflatedBytes) {
                throw new UnreadableFeedException("too-large",
                        "The gzipped document inflates to more than " + maxInflatedBytes + " bytes");
            }
            return inflated;
        } catch (IOException e) {
            throw new UnreadableFeedException("malformed-gzip", "Cannot inflate the gzipped document: " + e.getMessage());
        }
    }

    private static String decode(byte[] document, String contentType) throws UnreadableFeedException {
        if (document.length == 0) {
            throw new UnreadableFeedException("empty", "The response body is empty");
        }
        try (XmlReader reader = new XmlReader(new ByteArrayInputStream(document), contentType, true)) {
            StringBuilder text = new StringBuilder(document.length);
            char[] buffer = new char[8192];
            for (int read = reader.read(buffer); read >= 0; read = reader.read(buffer)) {
                text.append(buffer, 0, read);
            }
            return text.toString();
        } catch (IOException e) {
            throw new UnreadableFeedException("encoding", "Cannot decode the document: " + e.getMessage());
        }
    }

    private static StartElement rootElement(XMLEventReader events) throws XMLStreamException, UnreadableFeedException {
        while (events.hasNext()) {
            XMLEvent event = events.nextEvent();
            if (event.getEventType() == XMLEvent.DTD) {
                throw new UnreadableFeedException("doctype", "Documents with a DOCTYPE are refused");
            }
            if (event.isStartElement()) {
                return event.asStartElement();
            }
        }
        throw new UnreadableFeedException("not-a-feed", "The document has no root element");
    }

    /**
     * Copies the feed without the items past {@code maxItems}, then lets Rome read the copy: Rome knows the
     * many date formats and content elements of real feeds, the copy keeps its memory bounded.
     */
    private Parsed feed(XMLEventReader events, StartElement root, SourceKind kind, String sourceName)
            throws XMLStreamException, UnreadableFeedException {
        int itemDepth = kind == SourceKind.RSS ? 3 : 2;
        String itemName = kind == SourceKind.ATOM ? "entry" : "item";
        StringWriter kept = new StringWriter();
        XMLEventWriter writer = OUTPUTS.createXMLEventWriter(kept);
        writer.add(root);
        int depth = 1;
        int listed = 0;
        boolean skipping = false;
        while (events.hasNext()) {
            XMLEvent event = events.nextEvent();
            if (event.isStartElement()) {
                depth++;
                if (depth == itemDepth && event.asStartElement().getName().getLocalPart().equals(itemName)) {
                    listed++;
                    skipping = listed > maxItems;
                }
            }
            if (event.isEndElement()) {
                if (!skipping) {
                    writer.add(event);
                } else if (depth == itemDepth) {
                    skipping = false;
                }
                depth--;
            } else if (!skipping && !event.isEndDocument()) {
                writer.add(event);
            }
        }
        writer.close();
        return new Parsed(kind, feedItems(kept.toString(), sourceName), listed, List.of());
    }

    private List<ObjectNode> feedItems(String feed, String sourceName) throws UnreadableFeedException {
        SyndFeed parsed;
        try {
            SyndFeedInput input = new SyndFeedInput();
            input.setAllowDoctypes(false);
            parsed = input.build(new StringReader(feed));
        } catch (FeedException | IllegalArgumentException e) {
            throw new UnreadableFeedException("malformed-feed", "Unreadable feed: " + e.getMessage());
        }
        String feedLang = languageCode(parsed.getLanguage());
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

    /**
     * A news sitemap: each {@code <url>} is an article with its location and, from {@code <news:news>}, its
     * title, publication date and language. Past {@code maxItems}, the most recently published are kept.
     */
    private Parsed newsSitemap(XMLEventReader events, String sourceName) throws XMLStreamException {
        Comparator<SitemapEntry> byDate = Comparator.comparing(SitemapEntry::published,
                Comparator.nullsFirst(Comparator.naturalOrder()));
        PriorityQueue<SitemapEntry> newest = new PriorityQueue<>(byDate);
        int listed = 0;
        SitemapEntry entry = null;
        Deque<String> path = new ArrayDeque<>();
        StringBuilder text = new StringBuilder();
        path.push("urlset");
        while (events.hasNext()) {
            XMLEvent event = events.nextEvent();
            if (event.isStartElement()) {
                String name = event.asStartElement().getName().getLocalPart();
                path.push(name);
                text.setLength(0);
                if (path.size() == 2 && name.equals("url")) {
                    entry = new SitemapEntry();
                }
            } else if (event.isCharacters()) {
                text.append(event.asCharacters().getData());
            } else if (event.isEndElement() && !path.isEmpty()) {
                String name = path.pop();
                String value = text.toString().strip();
                text.setLength(0);
                if (entry == null) {
                    continue;
                }
                if (path.size() == 1 && name.equals("url")) {
                    listed++;
                    if (entry.loc != null) {
                        newest.add(entry);
                        if (newest.size() > maxItems) {
                            newest.poll();
                        }
                    }
                    entry = null;
                } else if (path.size() == 2 && name.equals("loc")) {
                    entry.loc = value;
                } else if (path.size() == 2 && name.equals("lastmod") && entry.published == null) {
                    entry.published = w3cDate(value);
                } else if (path.contains("news")) {
                    switch (name) {
                        case "title" -> entry.title = value;
                        case "publication_date" -> entry.published = w3cDate(value);
                        case "language" -> entry.language = value;
                        default -> {
                        }
                    }
                }
            }
        }
        List<SitemapEntry> kept = new ArrayList<>(newest);
        kept.sort(byDate.reversed());
        List<ObjectNode> items = new ArrayList<>(kept.size());
        for (SitemapEntry newestFirst : kept) {
            items.add(newestFirst.toItem(sourceName));
        }
        return new Parsed(SourceKind.SITEMAP, items, listed, List.of());
    }

    private final class SitemapEntry {
        String loc;
        String title;
        Instant published;
        String language;

        Instant published() {
            return published;
        }

        ObjectNode toItem(String sourceName) {
            ObjectNode item = objectMapper.createObjectNode();
            if (UrlCanonicalizer.isHttpUrl(loc)) {
                item.put("url", loc);
            }
            if (title != null && !title.isBlank()) {
                item.put("title", Jsoup.parse(title).text());
            }
            String lang = languageCode(language);
            if (lang != null) {
                item.put("lang", lang);
            }
            if (published != null) {
                item.put("publishedAt", DateTimeFormatter.ISO_INSTANT.format(published));
            }
            item.put("source", sourceName);
            return item;
        }
    }

    private static Parsed sitemapIndex(XMLEventReader events) throws XMLStreamException {
        List<ChildSitemap> children = new ArrayList<>();
        String loc = null;
        Instant lastModified = null;
        Deque<String> path = new ArrayDeque<>();
        StringBuilder text = new StringBuilder();
        path.push("sitemapindex");
        while (events.hasNext()) {
            XMLEvent event = events.nextEvent();
            if (event.isStartElement()) {
                path.push(event.asStartElement().getName().getLocalPart());
                text.setLength(0);
            } else if (event.isCharacters()) {
                text.append(event.asCharacters().getData());
            } else if (event.isEndElement() && !path.isEmpty()) {
                String name = path.pop();
                if (path.size() == 2 && name.equals("loc")) {
                    loc = text.toString().strip();
                } else if (path.size() == 2 && name.equals("lastmod")) {
                    lastModified = w3cDate(text.toString().strip());
                } else if (path.size() == 1 && name.equals("sitemap")) {
                    if (loc != null && UrlCanonicalizer.isHttpUrl(loc)) {
                        children.add(new ChildSitemap(loc, lastModified));
                    }
                    loc = null;
                    lastModified = null;
                }
                text.setLength(0);
            }
        }
        children.sort(Comparator.comparing(ChildSitemap::lastModified,
                Comparator.nullsLast(Comparator.reverseOrder())));
        return new Parsed(SourceKind.SITEMAP, List.of(), 0, children);
    }

    /** W3C Datetime as sitemaps use it: a date, or a date-time with an offset. */
    private static Instant w3cDate(String value) {
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** "en-US", "zh-cn", "az" to an ISO 639-1 code. */
    private static String languageCode(String language) {
        if (language == null) {
            return null;
        }
        String lang = language.strip();
        if (lang.length() == 2 || lang.length() > 2 && (lang.charAt(2) == '-' || lang.charAt(2) == '_')) {
            return lang.substring(0, 2).toLowerCase(Locale.ROOT);
        }
        return null;
    }

    /** A document whose root element is never closed was cut short; anything else is malformed where it failed. */
    private static UnreadableFeedException xmlProblem(XMLStreamException e, String text, StartElement root) {
        if (root != null) {
            String prefix = root.getName().getPrefix();
            String rootName = (prefix == null || prefix.isEmpty() ? "" : prefix + ":") + root.getName().getLocalPart();
            if (!Pattern.compile("</\\s*" + Pattern.quote(rootName) + "\\s*>\\s*$").matcher(text.substring(Math.max(0, text.length() - 1000))).find()) {
                return new UnreadableFeedException("truncated", "The document is cut short: it ends after "
                        + text.length() + " characters without closing <" + rootName + ">");
            }
        }
        Location location = e.getLocation();
        String detail = e.getMessage() == null ? e.toString()
                : e.getMessage().replaceFirst("(?s)^ParseError at \\[[^]]*]\\s*Message: ", "");
        String where = location == null ? ""
                : " at line " + location.getLineNumber() + ", column " + location.getColumnNumber();
        return new UnreadableFeedException("malformed-xml", "Malformed XML" + where + ": " + detail);
    }

    private static XMLInputFactory inputFactory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }
}
