package io.vigil.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vigil.ingest.ArticlePageExtractor.ExtractedPage;

class ArticlePageExtractorTest {

    private final ArticlePageExtractor extractor = new ArticlePageExtractor(new ObjectMapper(), 200);

    @Test
    void azerbaijaniArticleWithItsMetadataAndWithoutTheSiteAroundIt() {
        String html = NewsPages.azerbaijani(
                "https://xeber.example.az/siyaset/nato-kiber?utm_source=facebook&amp;id=77&amp;fbclid=X1#comments");

        ExtractedPage page = extractor.extract(html.getBytes(StandardCharsets.UTF_8), "text/html", null,
                URI.create("https://xeber.example.az/siyaset/nato-kiber?utm_source=rss"));

        assertEquals(NewsPages.AZ_TEXT, page.text());
        assertEquals(NewsPages.AZ_TITLE, page.title());
        assertEquals(Instant.parse("2026-11-12T06:15:00Z"), page.publishedAt());
        assertEquals("az", page.lang());
        assertEquals("https://xeber.example.az/siyaset/nato-kiber?id=77", page.canonicalUrl());
        NewsPages.assertNoChrome(page.text());
    }

    @Test
    void persianRightToLeftTextKeepsItsJoinersMarksAndQuotes() {
        String html = NewsPages.persian("https://khabar.example.ir/news/4521");

        ExtractedPage page = extractor.extract(html.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8",
                null, URI.create("https://khabar.example.ir/news/4521/?utm_campaign=tg&gclid=abc"));

        assertEquals(NewsPages.FA_TEXT, page.text());
        assertTrue(page.text().contains("می\u200Cشود"), "the zero-width non-joiner is kept");
        assertEquals("ایران و آذربایجان درباره امنیت مرزی گفت‌وگو کردند", page.title());
        assertEquals(Instant.parse("2026-11-11T11:00:00Z"), page.publishedAt());
        assertEquals("fa", page.lang());
        assertEquals("https://khabar.example.ir/news/4521", page.canonicalUrl());
        NewsPages.assertNoChrome(page.text());
    }

    @Test
    void arabicInWindows1256DeclaredInAMetaTag() {
        byte[] bytes = NewsPages.arabic("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1256\">")
                .getBytes(Charset.forName("windows-1256"));

        ExtractedPage page = extractor.extract(bytes, "text/html", null,
                URI.create("https://www.alwatan.example.kw/article/123?utm_source=twitter&fbclid=abc#comments"));

        assertArabicArticle(page);
    }

    @Test
    void arabicInWindows1256DeclaredOnlyInTheContentTypeHeader() {
        byte[] bytes = NewsPages.arabic("").getBytes(Charset.forName("windows-1256"));

        ExtractedPage page = extractor.extract(bytes, "text/html;charset=Windows-1256", null,
                URI.create("https://www.alwatan.example.kw/article/123?utm_source=twitter&fbclid=abc#comments"));

        assertArabicArticle(page);
    }

    private static void assertArabicArticle(ExtractedPage page) {
        assertEquals(NewsPages.AR_TEXT, page.text());
        assertEquals("الكويت تستضيف اجتماعاً خليجياً حول الأمن البحري", page.title());
        assertEquals(Instant.parse("2026-11-12T07:15:00Z"), page.publishedAt());
        assertEquals("ar", page.lang());
        assertEquals("https://www.alwatan.example.kw/article/123", page.canonicalUrl());
        NewsPages.assertNoChrome(page.text());
    }

    @Test
    void russianInKoi8rWhereTheHeaderOverridesAWrongMetaCharset() {
        String html = NewsPages.russian("/news/2026/11/12/kaspiy/?utm_medium=rss#top");

        ExtractedPage page = extractor.extract(html.getBytes(Charset.forName("KOI8-R")), "text/html; charset=KOI8-R",
                "ru-RU", URI.create("https://novosti.example.ru/news/2026/11/12/kaspiy"));

        assertEquals(NewsPages.RU_TEXT, page.text());
        assertEquals("Россия и Азербайджан обсудили безопасность на Каспии", page.title());
        assertEquals(Instant.parse("2026-11-12T06:00:00Z"), page.publishedAt());
        assertEquals("ru", page.lang());
        assertEquals("https://novosti.example.ru/news/2026/11/12/kaspiy", page.canonicalUrl());
        NewsPages.assertNoChrome(page.text());
    }

    @Test
    void aPageWithoutAnArticleYieldsNoText() {
        ExtractedPage page = extractor.extract(NewsPages.sectionWithoutArticle().getBytes(StandardCharsets.UTF_8),
                "text/html", null, URI.create("https://news.example.com/politics"));

        assertFalse(page.hasArticle(), page.text());
        assertEquals("Politics", page.title());
        assertNull(page.publishedAt());
        assertEquals("en", page.lang());
    }

    @Test
    void aPageCrowdedWithAdvertsSidebarsAndTeasersStillYieldsOnlyTheArticle() {
        String crowd = """
                <div id="promo-top"><p>ADVERT-TEXT: subscribe today, save money, read everything, anywhere.</p></div>
                <div class="teaser"><a href="/t">SIDEBAR-LINK, a teaser headline of another story, quite long.</a></div>
                """.repeat(40) + NewsPages.SIDEBAR_AND_FOOTER.repeat(10);
        String withArticleElement = NewsPages.azerbaijani("/az/1")
                .replace("<body>", "<body class=\"has-cookie-bar\">" + crowd);
        String withoutArticleElement = NewsPages.persian("https://khabar.example.ir/news/4521")
                .replace("<body>", "<body class=\"has-cookie-bar\">" + crowd);

        String azerbaijani = extractor.extract(withArticleElement.getBytes(StandardCharsets.UTF_8), "text/html", null,
                URI.create("https://xeber.example.az/az/1")).text();
        String persian = extractor.extract(withoutArticleElement.getBytes(StandardCharsets.UTF_8), "text/html", null,
                URI.create("https://khabar.example.ir/news/4521")).text();

        assertEquals(NewsPages.AZ_TEXT, azerbaijani);
        assertEquals(NewsPages.FA_TEXT, persian);
    }

    @Test
    void aCanonicalLinkToAnotherSiteIsIgnored() {
        String html = """
                <html><head><link rel="canonical" href="https://victim.example.org/story/1">
                <meta property="og:url" content="https://victim.example.org/story/1"></head>
                <body><article><p>%s</p></article></body></html>
                """.formatted("Some copied words, repeated to be long enough for an article. ".repeat(10));

        ExtractedPage page = extractor.extract(html.getBytes(StandardCharsets.UTF_8), null, null,
                URI.create("https://copy.example.net/story/1?utm_source=x"));

        assertTrue(page.hasArticle());
        assertEquals("https://copy.example.net/story/1", page.canonicalUrl());
    }

    @Test
    void aCanonicalLinkOnAnotherSubdomainOfTheSiteIsKept() {
        String html = """
                <html><head><link rel="canonical" href="https://www.example.az/story/1"></head>
                <body><article><p>%s</p></article></body></html>
                """.formatted("Mobile words, repeated to be long enough for an article. ".repeat(10));

        ExtractedPage page = extractor.extract(html.getBytes(StandardCharsets.UTF_8), null, null,
                URI.create("https://m.example.az/story/1"));

        assertEquals("https://www.example.az/story/1", page.canonicalUrl());
    }

    @Test
    void datesAsSitesWriteThem() {
        assertEquals(Optional.of(Instant.parse("2026-11-12T07:15:00Z")),
                ArticlePageExtractor.instant("2026-11-12T10:15:00+0300"));
        assertEquals(Optional.of(Instant.parse("2026-11-12T07:15:00Z")),
                ArticlePageExtractor.instant("2026-11-12T10:15:00.000+03:00"));
        assertEquals(Optional.of(Instant.parse("2026-11-12T10:15:00Z")),
                ArticlePageExtractor.instant(" 2026-11-12T10:15:00Z "));
        assertEquals(Optional.of(Instant.parse("2026-11-12T10:15:00Z")),
                ArticlePageExtractor.instant("2026-11-12T10:15:00"));
        assertEquals(Optional.of(Instant.parse("2026-11-12T00:00:00Z")), ArticlePageExtractor.instant("2026-11-12"));
        assertEquals(Optional.empty(), ArticlePageExtractor.instant("12 noyabr 2026"));
    }
}
