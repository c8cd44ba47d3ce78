package io.vigil.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

class FeedParserTest {

    private final FeedParser parser = new FeedParser(new ObjectMapper(), 100, 1_000_000);

    private static String rss(String declaration, String lang, String title, String description) {
        return declaration + "<rss version=\"2.0\"><channel><title>t</title><link>https://example.org/</link>"
                + "<description>d</description><language>" + lang + "</language>"
                + "<item><title>" + title + "</title><link>https://example.org/1</link>"
                + "<description>" + description + "</description>"
                + "<pubDate>Thu, 12 Nov 2026 08:30:00 GMT</pubDate></item></channel></rss>";
    }

    private FeedParser.Parsed parse(byte[] document, String contentType) throws Exception {
        return parser.parse(document, contentType, SourceKind.AUTO, "test");
    }

    @Test
    void russianInWindows1251DeclaredInTheDocument() throws Exception {
        String title = "Кибератака на энергосеть";
        byte[] feed = rss("<?xml version=\"1.0\" encoding=\"windows-1251\"?>", "ru", title,
                "Хакеры атаковали подстанции «Энерго»").getBytes(Charset.forName("windows-1251"));
        ObjectNode item = parse(feed, "text/xml").items().getFirst();
        assertEquals(title, item.get("title").asText());
        assertEquals("Хакеры атаковали подстанции «Энерго»", item.get("text").asText());
        assertEquals("ru", item.get("lang").asText());
        assertEquals("2026-11-12T08:30:00Z", item.get("publishedAt").asText());
    }

    @Test
    void turkishInIso88599DeclaredOnlyInTheContentType() throws Exception {
        String title = "Şırnak'ta güvenlik operasyonu: İğdır ve Ağrı'da önlemler";
        byte[] feed = rss("<?xml version=\"1.0\"?>", "tr", title, "Güneydoğu'da çatışma")
                .getBytes(Charset.forName("ISO-8859-9"));
        ObjectNode item = parse(feed, "application/rss+xml; charset=ISO-8859-9").items().getFirst();
        assertEquals(title, item.get("title").asText());
        assertEquals("Güneydoğu'da çatışma", item.get("text").asText());
    }

    @Test
    void persianAndArabicInWindows1256KeepRightToLeftTextIntact() throws Exception {
        // A zero-width non-joiner (U+200C) belongs inside Persian words; it must survive. windows-1256 has no
        // Farsi yeh, so Persian sites in it write the Arabic yeh (U+064A), as here.
        String persian = "ايران مي\u200Cخواهد مذاکره کند";
        String arabic = "الكويت تستضيف اجتماعا أمنيا";
        Charset windows1256 = Charset.forName("windows-1256");
        assertTrue(windows1256.newEncoder().canEncode(persian + arabic));
        byte[] feed = rss("<?xml version=\"1.0\" encoding=\"windows-1256\"?>", "fa", persian,
                "&lt;p&gt;" + arabic + "&lt;/p&gt;").getBytes(windows1256);
        ObjectNode item = parse(feed, null).items().getFirst();
        assertEquals(persian, item.get("title").asText());
        assertEquals(arabic, item.get("text").asText());
    }

    @Test
    void utf8WithAByteOrderMark() throws Exception {
        String title = "Azərbaycan enerji təhlükəsizliyi";
        ByteArrayOutputStream feed = new ByteArrayOutputStream();
        feed.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        feed.write(rss("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "az", title, "mətn").getBytes(StandardCharsets.UTF_8));
        assertEquals(title, parse(feed.toByteArray(), "application/xml").items().getFirst().get("title").asText());
    }

    @Test
    void htmlEntitiesBecomeText() throws Exception {
        byte[] feed = rss("", "en", "Tom &amp;amp; Jerry &#8212; &#1046;",
                "&lt;p&gt;Fish&amp;nbsp;&amp;amp;&amp;nbsp;chips &amp;quot;here&amp;quot;&lt;/p&gt;")
                .getBytes(StandardCharsets.UTF_8);
        ObjectNode item = parse(feed, null).items().getFirst();
        assertEquals("Tom & Jerry — Ж", item.get("title").asText());
        assertEquals("Fish & chips \"here\"", item.get("text").asText());
    }

    @Test
    void findsTheKindByTheRootElement() throws Exception {
        String atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title><id>urn:x</id>"
                + "<updated>2026-11-12T08:30:00Z</updated><entry><title>A</title><id>urn:1</id>"
                + "<link href=\"https://example.org/a\"/><updated>2026-11-12T08:30:00Z</updated>"
                + "<summary>S</summary></entry></feed>";
        String rdf = "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\">"
                + "<channel rdf:about=\"https://example.org/\"><title>t</title><link>https://example.org/</link>"
                + "<description>d</description></channel><item rdf:about=\"https://example.org/r\"><title>R</title>"
                + "<link>https://example.org/r</link><description>D</description></item></rdf:RDF>";
        FeedParser.Parsed atomFeed = parse(atom.getBytes(StandardCharsets.UTF_8), null);
        assertEquals(SourceKind.ATOM, atomFeed.kind());
        assertEquals("https://example.org/a", atomFeed.items().getFirst().get("url").asText());
        FeedParser.Parsed rdfFeed = parse(rdf.getBytes(StandardCharsets.UTF_8), null);
        assertEquals(SourceKind.RDF, rdfFeed.kind());
        assertEquals("R", rdfFeed.items().getFirst().get("title").asText());
        assertEquals(SourceKind.RSS, parse(rss("", "en", "x", "y").getBytes(StandardCharsets.UTF_8), null).kind());

        FeedParser.UnreadableFeedException wrongKind = assertThrows(FeedParser.UnreadableFeedException.class,
                () -> parser.parse(atom.getBytes(StandardCharsets.UTF_8), null, SourceKind.RSS, "test"));
        assertEquals("wrong-kind", wrongKind.reason());
    }

    @Test
    void keepsNamespacedContentThroughTheItemCapCopy() throws Exception {
        String feed = """
                <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
                     xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>t</title>
                <link>https://example.org/</link><description>d</description>
                <item><title>Full</title><link>https://example.org/full</link><description>Short</description>
                <content:encoded><![CDATA[<p>The <b>whole</b> story &amp; more</p>]]></content:encoded>
                <dc:date>2026-11-12T08:30:00Z</dc:date></item></channel></rss>""";
        ObjectNode item = parse(feed.getBytes(StandardCharsets.UTF_8), null).items().getFirst();
        assertEquals("The whole story & more", item.get("text").asText());
        assertEquals("2026-11-12T08:30:00Z", item.get("publishedAt").asText());
    }

    @Test
    void readsANewsSitemapKeepingTheMostRecentEntries() throws Exception {
        String sitemap = """
                <?xml version="1.0" encoding="UTF-8"?>
                <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
                        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
                        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
                  <url><loc>https://news.example.az/old</loc>
                    <news:news><news:publication><news:name>X</news:name><news:language>az</news:language></news:publication>
                    <news:publication_date>2026-11-10</news:publication_date><news:title>Köhnə xəbər</news:title></news:news></url>
                  <url><loc>https://news.example.az/new</loc>
                    <image:image><image:loc>https://news.example.az/pic.jpg</image:loc></image:image>
                    <news:news><news:publication><news:name>X</news:name><news:language>zh-cn</news:language></news:publication>
                    <news:publication_date>2026-11-12T08:30:00+04:00</news:publication_date>
                    <news:title>Bakı &amp;amp; Gəncə</news:title></news:news></url>
                  <url><loc>https://news.example.az/mid</loc>
                    <news:news><news:publication><news:name>X</news:name><news:language>az</news:language></news:publication>
                    <news:publication_date>2026-11-11T10:00:00Z</news:publication_date><news:title>Orta</news:title></news:news></url>
                </urlset>
                """;
        FeedParser.Parsed parsed = new FeedParser(new ObjectMapper(), 2, 1_000_000)
                .parse(sitemap.getBytes(StandardCharsets.UTF_8), "application/xml", SourceKind.SITEMAP, "s");
        assertEquals(SourceKind.SITEMAP, parsed.kind());
        assertEquals(3, parsed.itemsListed());
        assertEquals(List.of("https://news.example.az/new", "https://news.example.az/mid"),
                parsed.items().stream().map(item -> item.get("url").asText()).toList());
        ObjectNode newest = parsed.items().getFirst();
        assertEquals("Bakı & Gəncə", newest.get("title").asText());
        assertEquals("zh", newest.get("lang").asText());
        assertEquals("2026-11-12T04:30:00Z", newest.get("publishedAt").asText());
        assertFalse(newest.has("text"));
    }

    @Test
    void readsASitemapIndexMostRecentFirst() throws Exception {
        String index = """
                <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
                  <sitemap><loc>https://example.org/a.xml</loc><lastmod>2026-11-01</lastmod></sitemap>
                  <sitemap><loc>https://example.org/b.xml</loc></sitemap>
                  <sitemap><loc>https://example.org/c.xml</loc><lastmod>2026-11-12T00:00:00Z</lastmod></sitemap>
                </sitemapindex>
                """;
        FeedParser.Parsed parsed = parse(index.getBytes(StandardCharsets.UTF_8), null);
        assertTrue(parsed.isSitemapIndex());
        assertEquals(List.of("https://example.org/c.xml", "https://example.org/a.xml", "https://example.org/b.xml"),
                parsed.childSitemaps().stream().map(FeedParser.ChildSitemap::url).toList());
    }

    @Test
    void inflatesAGzippedSitemapUpToTheLimit() throws Exception {
        String sitemap = "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
                + "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\"><url><loc>https://example.org/gz</loc>"
                + "<news:news><news:title>Gzipped</news:title></news:news></url></urlset>";
        FeedParser.Parsed parsed = parse(gzip(sitemap.getBytes(StandardCharsets.UTF_8)), "application/x-gzip");
        assertEquals("Gzipped", parsed.items().getFirst().get("title").asText());

        byte[] bomb = gzip(("<urlset>" + " ".repeat(2_000_000) + "</urlset>").getBytes(StandardCharsets.UTF_8));
        assertTrue(bomb.length < 10_000);
        assertEquals("too-large", assertThrows(FeedParser.UnreadableFeedException.class,
                () -> parse(bomb, null)).reason());
    }

    private static byte[] gzip(byte[] bytes) throws java.io.IOException {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(zipped)) {
            out.write(bytes);
        }
        return zipped.toByteArray();
    }

    @Test
    void keepsTheFirstItemsOfAHugeFeed() throws Exception {
        StringBuilder feed = new StringBuilder("<rss version=\"2.0\"><channel><title>t</title>"
                + "<link>https://example.org/</link><description>d</description>");
        for (int i = 0; i < 100_000; i++) {
            feed.append("<item><title>n").append(i).append("</title><description>d</description></item>");
        }
        feed.append("</channel></rss>");
        FeedParser.Parsed parsed = parse(feed.toString().getBytes(StandardCharsets.UTF_8), null);
        assertEquals(100_000, parsed.itemsListed());
        assertEquals(100, parsed.items().size());
        assertEquals("n0", parsed.items().getFirst().get("title").asText());
        assertEquals("n99", parsed.items().getLast().get("title").asText());
    }

    @Test
    void namesWhatIsWrongWithBadDocuments() {
        assertReason("not-a-feed", "<!DOCTYPE html><html><head><title>Login</title></head><body><p>Hi<br></body></html>");
        assertReason("not-a-feed", "<html><body>maintenance</body></html>");
        FeedParser.UnreadableFeedException servedAsHtml = assertThrows(FeedParser.UnreadableFeedException.class,
                () -> parser.parse("<p>Moved<br>away".getBytes(StandardCharsets.UTF_8), "text/html", SourceKind.AUTO, "t"));
        assertEquals("not-a-feed", servedAsHtml.reason());
        assertReason("not-a-feed", "<?xml version=\"1.0\"?><catalog><book/></catalog>");
        assertReason("truncated", rss("", "en", "x", "y").substring(0, 150));
        assertReason("malformed-xml", "<rss version=\"2.0\"><channel><item><title>a</titel></item></channel></rss>");
        assertReason("doctype", "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x \"y\">]><rss version=\"2.0\"/>");
        assertReason("empty", "");
    }

    private void assertReason(String reason, String document) {
        FeedParser.UnreadableFeedException e = assertThrows(FeedParser.UnreadableFeedException.class,
                () -> parse(document.getBytes(StandardCharsets.UTF_8), null));
        assertEquals(reason, e.reason(), e.getMessage());
    }
}
