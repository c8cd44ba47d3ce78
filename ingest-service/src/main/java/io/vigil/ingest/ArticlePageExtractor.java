package io.vigil.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import net.dankito.readability4j.extended.Readability4JExtended;

/**
 * Reads an article page: its main text (paragraphs kept; navigation, asides and boilerplate left out), title,
 * publication date, language and canonical URL. The encoding comes from the Content-Type header, else from a byte
 * order mark or the page's {@code <meta>} charset, else UTF-8.
 */
public final class ArticlePageExtractor {

    private static final Set<String> ISO_639_1 = Set.of(Locale.getISOLanguages());
    private static final Pattern CHARSET = Pattern.compile("(?i)charset\\s*=\\s*[\"']?([^\\s;\"']+)");
    private static final Pattern OFFSET_WITHOUT_COLON = Pattern.compile("([+-]\\d{2})(\\d{2})$");
    private static final Pattern SPACES = Pattern.compile("[ \\t\\u00A0]+");
    /** Site chrome that Readability's class-name heuristics do not always recognise. */
    private static final String CHROME = "nav, aside, iframe, noscript, [role=navigation], [role=banner],"
            + " [role=contentinfo], [role=complementary], [aria-hidden=true]";
    /** Class or id words of adverts, cookie notices and share bars, which Readability may score as text. */
    private static final Pattern CLUTTER = Pattern.compile(
            "(?i)(^|[\\s_-])(ads?|advert\\w*|promo\\w*|cookies?|share|sharing)([\\s_-]|$)");

    private final ObjectMapper objectMapper;
    private final int minTextChars;

    /** @param minTextChars fewest characters of main text for a page to count as holding an article */
    public ArticlePageExtractor(ObjectMapper objectMapper, int minTextChars) {
        this.objectMapper = objectMapper;
        this.minTextChars = minTextChars;
    }

    /**
     * What a page yielded. {@code text} is empty when the page holds no article; the other fields are null when the
     * page does not say. {@code canonicalUrl} is always set, in {@link UrlCanonicalizer} form.
     */
    public record ExtractedPage(String text, String title, Instant publishedAt, String lang, String canonicalUrl) {

        public boolean hasArticle() {
            return !text.isEmpty();
        }
    }

    public ExtractedPage extract(byte[] html, String contentType, String contentLanguage, URI pageUrl) {
        Document document = parse(html, contentType, pageUrl);
        // Read the metadata first: Readability rewrites the document it is given.
        String title = title(document);
        Instant publishedAt = publishedAt(document);
        String lang = lang(document, contentLanguage);
        String canonicalUrl = canonicalUrl(document, pageUrl);
        String text = mainText(document, pageUrl, title);
        return new ExtractedPage(text.length() < minTextChars ? "" : text, title, publishedAt, lang, canonicalUrl);
    }

    private static Document parse(byte[] html, String contentType, URI pageUrl) {
        try {
            return Jsoup.parse(new ByteArrayInputStream(html), declaredCharset(contentType), pageUrl.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Reading an in-memory page failed", e);
        }
    }

    /** The header's charset when Java knows it; otherwise null, which lets jsoup look at the BOM and {@code <meta>}. */
    private static String declaredCharset(String contentType) {
        if (contentType == null) {
            return null;
        }
        Matcher charset = CHARSET.matcher(contentType);
        if (!charset.find()) {
            return null;
        }
        try {
            return Charset.forName(charset.group(1)).name();
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return null;
        }
    }

    private static String title(Document document) {
        return firstPresent(
                meta(document, "meta[property=og:title]"),
                Optional.ofNullable(document.selectFirst("h1")).map(Element::text),
                Optional.of(document.title()))
                .orElse(null);
    }

    private Instant publishedAt(Document document) {
        return firstPresent(
                meta(document, "meta[property=article:published_time]").flatMap(ArticlePageExtractor::instant),
                jsonLdDatePublished(document),
                attribute(document, "[itemprop=datePublished]", "content", "datetime")
                        .flatMap(ArticlePageExtractor::instant),
                attribute(document, "article time[datetime]", "datetime").flatMap(ArticlePageExtractor::instant),
                attribute(document, "time[datetime]", "datetime").flatMap(ArticlePageExtractor::instant))
                .orElse(null);
    }

    private Optional<Instant> jsonLdDatePublished(Document document) {
        for (Element script : document.select("script[type=application/ld+json]")) {
            try {
                Optional<Instant> found = findDatePublished(objectMapper.readTree(script.data()));
                if (found.isPresent()) {
                    return found;
                }
            } catch (JsonProcessingException e) {
                // Broken JSON-LD is common on news sites; the other date sources are still worth trying.
            }
        }
        return Optional.empty();
    }

    /** Searches objects, arrays and {@code @graph} lists alike, since sites nest the article differently. */
    private static Optional<Instant> findDatePublished(JsonNode node) {
        if (node.isObject() && node.path("datePublished").isTextual()) {
            Optional<Instant> date = instant(node.get("datePublished").textValue());
            if (date.isPresent()) {
                return date;
            }
        }
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                Optional<Instant> date = findDatePublished(child);
                if (date.isPresent()) {
                    return date;
                }
            }
        }
        return Optional.empty();
    }

    /** ISO 8601 as sites write it: with or without an offset (UTC assumed), offsets with or without a colon, or a bare date. */
    static Optional<Instant> instant(String text) {
        String value = OFFSET_WITHOUT_COLON.matcher(text.strip()).replaceFirst("$1:$2");
        try {
            return Optional.of(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException notWithOffset) {
            try {
                return Optional.of(LocalDateTime.parse(value).toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException notLocal) {
                try {
                    return Optional.of(LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant());
                } catch (DateTimeParseException notADate) {
                    return Optional.empty();
                }
            }
        }
    }

    private static String lang(Document document, String contentLanguage) {
        return Stream.of(
                        Optional.ofNullable(document.selectFirst("html")).map(html -> html.attr("lang")),
                        meta(document, "meta[property=og:locale]"),
                        Optional.ofNullable(contentLanguage),
                        meta(document, "meta[http-equiv=content-language]"))
                .flatMap(Optional::stream)
                .map(ArticlePageExtractor::languageCode)
                .flatMap(Optional::stream)
                .findFirst().orElse(null);
    }

    /** "fa-IR", "az_Latn_AZ", "ru, en" → the ISO 639-1 code of the first language, if it is one. */
    private static Optional<String> languageCode(String tag) {
        String first = tag.split(",")[0].strip();
        String language = first.split("[-_]")[0].toLowerCase(Locale.ROOT);
        return language.length() == 2 && ISO_639_1.contains(language) ? Optional.of(language) : Optional.empty();
    }

    /**
     * The page's own canonical link, else og:url, else the address it was served from. A canonical URL on another
     * site is ignored: it would let one page claim (and overwrite) another site's article.
     */
    private static String canonicalUrl(Document document, URI pageUrl) {
        String served = UrlCanonicalizer.canonicalize(pageUrl.toString()).orElseThrow();
        return firstPresent(
                Optional.ofNullable(document.selectFirst("link[rel=canonical][href]")).map(link -> link.absUrl("href")),
                meta(document, "meta[property=og:url]").map(url -> resolve(pageUrl, url)))
                .flatMap(UrlCanonicalizer::canonicalize)
                .filter(declared -> sameSite(URI.create(declared).getHost(), URI.create(served).getHost()))
                .orElse(served);
    }

    private static String resolve(URI base, String url) {
        try {
            return base.resolve(url.strip()).toString();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /** One host, or one a subdomain of the other (www.example.az and example.az, m.example.az and www.example.az). */
    private static boolean sameSite(String one, String other) {
        String a = one.startsWith("www.") ? one.substring(4) : one;
        String b = other.startsWith("www.") ? other.substring(4) : other;
        return a.equals(b) || a.endsWith("." + b) || b.endsWith("." + a);
    }

    private static String mainText(Document document, URI pageUrl, String title) {
        document.select(CHROME).remove();
        keepOnlyTheArticle(document);
        // A wrapper around the article is kept whatever its class says (body class="has-cookie-bar").
        document.body().select("*").stream()
                .filter(element -> CLUTTER.matcher(element.className()).find() || CLUTTER.matcher(element.id()).find())
                .filter(element -> element != document.body()
                        && element.selectFirst("h1, article, [itemprop=articleBody]") == null)
                .forEach(Element::remove);
        // The page header (logo, menus) goes; an article's own header (headline, dateline) stays.
        document.select("header").stream().filter(header -> header.closest("article") == null)
                .forEach(Element::remove);
        document.select("footer").stream().filter(footer -> footer.closest("article") == null)
                .forEach(Element::remove);
        removeDatelines(document);
        Element content = new Readability4JExtended(pageUrl.toString(), document).parse().getArticleContent();
        if (content == null) {
            return "";
        }
        List<String> paragraphs = paragraphs(content);
        if (!paragraphs.isEmpty() && title != null && paragraphs.getFirst().equals(title.strip())) {
            paragraphs.removeFirst();
        }
        return String.join("\n\n", paragraphs);
    }

    /**
     * When the page marks up exactly one article (schema.org articleBody, else an {@code <article>} element), only that
     * is handed to Readability: whatever surrounds it is site furniture, however much text it holds. A page with
     * several (a section page of teasers) is left whole.
     */
    private static void keepOnlyTheArticle(Document document) {
        List<Element> marked = document.select("[itemprop=articleBody]");
        if (marked.size() != 1) {
            marked = document.select("article");
        }
        if (marked.size() == 1) {
            Element article = marked.getFirst();
            document.body().empty().appendChild(article);
        }
    }

    /** A block holding nothing but a date is page furniture; a date inside a sentence stays. */
    private static void removeDatelines(Document document) {
        for (Element time : document.select("time")) {
            Element block = time;
            while (block.parent() != null && !block.isBlock()) {
                block = block.parent();
            }
            if (block.parent() != null && block.text().strip().equals(time.text().strip())) {
                block.remove();
            }
        }
    }

        /** The text of each block element, in order; line breaks inside a paragraph are kept. */
    private static List<String> paragraphs(Element content) {
        List<String> paragraphs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode text) {
                    current.append(text.getWholeText().replace('\n', ' ').replace('\r', ' '));
                } else if (node instanceof Element element && element.nameIs("br")) {
                    current.append('\n');
                } else if (node instanceof Element element && element.isBlock()) {
                    endParagraph(paragraphs, current);
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element element && element.isBlock()) {
                    endParagraph(paragraphs, current);
                }
            }
        }, content);
        endParagraph(paragraphs, current);
        return paragraphs;
    }

    private static void endParagraph(List<String> paragraphs, StringBuilder current) {
        List<String> lines = new ArrayList<>();
        for (String line : current.toString().split("\n")) {
            String cleaned = SPACES.matcher(line).replaceAll(" ").strip();
            if (!cleaned.isEmpty()) {
                lines.add(cleaned);
            }
        }
        if (!lines.isEmpty()) {
            paragraphs.add(String.join("\n", lines));
        }
        current.setLength(0);
    }

    private static Optional<String> meta(Document document, String selector) {
        return attribute(document, selector, "content");
    }

    /** The first non-blank value among the attributes named, on the first element the selector finds. */
    private static Optional<String> attribute(Document document, String selector, String... names) {
        Element element = document.selectFirst(selector);
        if (element == null) {
            return Optional.empty();
        }
        return Stream.of(names).map(element::attr).filter(value -> !value.isBlank()).map(String::strip).findFirst();
    }

    @SafeVarargs
    private static <T> Optional<T> firstPresent(Optional<T>... candidates) {
        return Stream.of(candidates).flatMap(Optional::stream)
                .filter(value -> !(value instanceof String text) || !text.isBlank())
                .findFirst();
    }
}
