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

    /** Site chrome around every test article: none of it may reach the extracted text. */
    private static final String MENU = """
            <header class="site-header"><a href="/" class="logo">LOGO-TEXT</a>
              <nav><ul><li><a href="/">MENU-HOME</a></li><li><a href="/politics">MENU-POLITICS</a></li>
              <li><a href="/economy">MENU-ECONOMY</a></li><li><a href="/sport">MENU-SPORT</a></li></ul></nav>
            </header>
            <div class="cookie-banner">COOKIE-NOTICE: this site uses cookies, <a href="/privacy">privacy policy</a>.</div>
            """;
    private static final String SIDEBAR_AND_FOOTER = """
            <aside class="sidebar"><h3>MOST-READ</h3><ul>
              <li><a href="/a/1">SIDEBAR-LINK one, with a long enough title to look like text</a></li>
              <li><a href="/a/2">SIDEBAR-LINK two, with a long enough title to look like text</a></li>
              <li><a href="/a/3">SIDEBAR-LINK three, with a long enough title to look like text</a></li></ul></aside>
            <div class="advert">ADVERT-TEXT buy now, limited offer, best prices</div>
            <footer class="site-footer"><p>FOOTER-TEXT © 2026, all rights reserved.</p>
              <ul><li><a href="/about">FOOTER-ABOUT</a></li><li><a href="/contact">FOOTER-CONTACT</a></li></ul></footer>
            """;

    private static void assertNoChrome(String text) {
        for (String chrome : new String[] {"LOGO-TEXT", "MENU-", "COOKIE-NOTICE", "MOST-READ", "SIDEBAR-LINK",
                "ADVERT-TEXT", "FOOTER-", "SHARE-", "RELATED-"}) {
            assertFalse(text.contains(chrome), () -> "'" + chrome + "' leaked into: " + text);
        }
    }

    private static final String AZ_TITLE = "Azərbaycan və NATO kibertəhlükəsizlik üzrə əməkdaşlığı genişləndirir";
    private static final String AZ_TEXT = """
            Bakıda keçirilən görüşdə tərəflər kibertəhlükəsizlik sahəsində birgə təlimlərin keçirilməsini, \
            mütəxəssislərin hazırlanmasını və informasiya mübadiləsinin gücləndirilməsini müzakirə ediblər.

            Müdafiə Nazirliyinin məlumatına görə, növbəti il ərzində Azərbaycan hərbçiləri NATO-nun tədris \
            mərkəzlərində "Kiber Qalxan" kurslarına cəlb olunacaq, eyni zamanda milli kompüter insidentlərinə \
            cavab mərkəzi yenilənəcək.

            Görüşün sonunda tərəflər əməkdaşlığın hüquqi bazasının möhkəmləndirilməsi, o cümlədən yeni fərdi \
            tərəfdaşlıq proqramının hazırlanması barədə razılığa gəliblər.""";

    @Test
    void azerbaijaniArticleWithItsMetadataAndWithoutTheSiteAroundIt() {
        String html = """
                <!DOCTYPE html>
                <html lang="az-Latn-AZ"><head><meta charset="utf-8">
                <title>Azərbaycan və NATO əməkdaşlığı | Xəbər Portalı</title>
                <meta property="og:title" content="%1$s">
                <meta property="article:published_time" content="2026-11-12T10:15:00+04:00">
                <link rel="canonical" href="https://xeber.example.az/siyaset/nato-kiber?utm_source=facebook&amp;id=77&amp;fbclid=X1#comments">
                </head><body>
                %2$s
                <main><article>
                  <header><h1>%1$s</h1></header>
                  <div class="article-body">
                    <p>Bakıda keçirilən görüşdə tərəflər kibertəhlükəsizlik sahəsində birgə təlimlərin keçirilməsini,
                    mütəxəssislərin hazırlanmasını və informasiya mübadiləsinin gücləndirilməsini müzakirə ediblər.</p>
                    <p>Müdafiə Nazirliyinin məlumatına görə, növbəti il&nbsp;ərzində Azərbaycan hərbçiləri NATO-nun tədris
                    mərkəzlərində &quot;Kiber Qalxan&quot; kurslarına cəlb olunacaq, eyni zamanda milli kompüter
                    insidentlərinə cavab mərkəzi yenilənəcək.</p>
                    <p>Görüşün sonunda tərəflər əməkdaşlığın hüquqi bazasının möhkəmləndirilməsi, o cümlədən yeni fərdi
                    tərəfdaşlıq proqramının hazırlanması barədə razılığa gəliblər.</p>
                  </div>
                  <div class="share-buttons">SHARE-FACEBOOK SHARE-X</div>
                  <div class="related"><h3>RELATED-NEWS</h3><ul><li><a href="/x">RELATED-ONE</a></li></ul></div>
                </article></main>
                %3$s
                </body></html>
                """.formatted(AZ_TITLE, MENU, SIDEBAR_AND_FOOTER);

        ExtractedPage page = extractor.extract(html.getBytes(StandardCharsets.UTF_8), "text/html", null,
                URI.create("https://xeber.example.az/siyaset/nato-kiber?utm_source=rss"));

        assertEquals(AZ_TEXT, page.text());
        assertEquals(AZ_TITLE, page.title());
        assertEquals(Instant.parse("2026-11-12T06:15:00Z"), page.publishedAt());
        assertEquals("az", page.lang());
        assertEquals("https://xeber.example.az/siyaset/nato-kiber?id=77", page.canonicalUrl());
        assertNoChrome(page.text());
    }

    private static final String FA_TEXT = """
            هیئت‌های امنیتی دو کشور در تهران دیدار کردند و درباره همکاری در مدیریت مرزها، مبارزه با قاچاق \
            مواد مخدر و تبادل اطلاعات گفت‌وگو کردند.

            به گفته سخنگوی وزارت کشور، «گشت‌های مشترک مرزی» از ماه آینده آغاز می‌شود و دو طرف سامانه‌های \
            نظارتی جدیدی را در گذرگاه‌های مرزی نصب خواهند کرد.

            این نشست در ادامه توافق‌نامه‌ای برگزار شد که سال گذشته میان دو کشور امضا شده بود و بر حفاظت از \
            زیرساخت‌های مرزی تأکید دارد.""";

    @Test
    void persianRightToLeftTextKeepsItsJoinersMarksAndQuotes() {
        String html = """
                <html lang="fa" dir="rtl"><head><meta charset="UTF-8">
                <title>ایران و آذربایجان درباره امنیت مرزی گفت‌وگو کردند - خبرگزاری</title>
                <meta property="og:url" content="https://khabar.example.ir/news/4521">
                <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
                  {"@type":"WebSite","name":"خبرگزاری"},
                  {"@type":"NewsArticle","headline":"x","datePublished":"2026-11-11T14:30:00+03:30"}]}</script>
                </head><body>
                %s
                <div id="content"><div class="post">
                  <h1>ایران و آذربایجان درباره امنیت مرزی گفت‌وگو کردند</h1>
                  <div class="post-text">
                    <p>هیئت&#x200C;های امنیتی دو کشور در تهران دیدار کردند و درباره همکاری در مدیریت مرزها، مبارزه با قاچاق
                    مواد مخدر و تبادل اطلاعات گفت‌وگو کردند.</p>
                    <p>به گفته سخنگوی وزارت کشور، &laquo;گشت‌های مشترک مرزی&raquo; از ماه آینده آغاز می‌شود و دو طرف سامانه‌های
                    نظارتی جدیدی را در گذرگاه‌های مرزی نصب خواهند کرد.</p>
                    <p>این نشست در ادامه توافق‌نامه‌ای برگزار شد که سال گذشته میان دو کشور امضا شده بود و بر حفاظت از
                    زیرساخت‌های مرزی تأکید دارد.</p>
                  </div>
                </div></div>
                %s
                </body></html>
                """.formatted(MENU, SIDEBAR_AND_FOOTER);

        ExtractedPage page = extractor.extract(html.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8",
                null, URI.create("https://khabar.example.ir/news/4521/?utm_campaign=tg&gclid=abc"));

        assertEquals(FA_TEXT, page.text());
        assertTrue(page.text().contains("می\u200Cشود"), "the zero-width non-joiner is kept");
        assertEquals("ایران و آذربایجان درباره امنیت مرزی گفت‌وگو کردند", page.title());
        assertEquals(Instant.parse("2026-11-11T11:00:00Z"), page.publishedAt());
        assertEquals("fa", page.lang());
        assertEquals("https://khabar.example.ir/news/4521", page.canonicalUrl());
        assertNoChrome(page.text());
    }

    private static final String AR_TEXT = """
            استضافت دولة الكويت اليوم اجتماعاً لمسؤولي الأمن البحري في دول مجلس التعاون الخليجي، ناقش فيه \
            المشاركون سبل حماية الممرات الملاحية والموانئ من التهديدات المتزايدة.

            وأكد رئيس الاجتماع أن التعاون في تبادل المعلومات وتنسيق الدوريات البحرية المشتركة يمثل أولوية \
            للمرحلة المقبلة، مشيراً إلى تدريبات مشتركة مقررة في الربيع.

            واتفق المجتمعون على عقد الاجتماع المقبل في مسقط، وعلى إعداد خطة عمل لمكافحة القرصنة وتهريب \
            الأسلحة عبر البحر.""";

    private static String arabicPage(String headMeta) {
        return """
                <html><head>%s
                <title>الكويت تستضيف اجتماعاً خليجياً حول الأمن البحري</title>
                <meta property="og:locale" content="ar_KW">
                </head><body>
                %s
                <article>
                  <h1>الكويت تستضيف اجتماعاً خليجياً حول الأمن البحري</h1>
                  <div class="date"><time datetime="2026-11-12T10:15:00+0300">&#1633;&#1634; نوفمبر &#1634;&#1632;&#1634;&#1638;</time></div>
                  <p>استضافت دولة الكويت اليوم اجتماعاً لمسؤولي الأمن البحري في دول مجلس التعاون الخليج&#1610;، ناقش فيه
                  المشاركون سبل حماية الممرات الملاحية والموانئ من التهديدات المتزايدة.</p>
                  <p>وأكد رئيس الاجتماع أن التعاون في تبادل المعلومات وتنسيق الدوريات البحرية المشتركة يمثل أولوية
                  للمرحلة المقبلة، مشيراً إلى تدريبات مشتركة مقررة في الربيع.</p>
                  <p>واتفق المجتمعون على عقد الاجتماع المقبل في مسقط، وعلى إعداد خطة عمل لمكافحة القرصنة وتهريب
                  الأسلحة عبر البحر.</p>
                </article>
                %s
                </body></html>
                """.formatted(headMeta, MENU, SIDEBAR_AND_FOOTER);
    }

    @Test
    void arabicInWindows1256DeclaredInAMetaTag() {
        byte[] bytes = arabicPage("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1256\">")
                .getBytes(Charset.forName("windows-1256"));

        ExtractedPage page = extractor.extract(bytes, "text/html", null,
                URI.create("https://www.alwatan.example.kw/article/123?utm_source=twitter&fbclid=abc#comments"));

        assertArabicArticle(page);
    }

    @Test
    void arabicInWindows1256DeclaredOnlyInTheContentTypeHeader() {
        byte[] bytes = arabicPage("").getBytes(Charset.forName("windows-1256"));

        ExtractedPage page = extractor.extract(bytes, "text/html;charset=Windows-1256", null,
                URI.create("https://www.alwatan.example.kw/article/123?utm_source=twitter&fbclid=abc#comments"));

        assertArabicArticle(page);
    }

    private static void assertArabicArticle(ExtractedPage page) {
        assertEquals(AR_TEXT, page.text());
        assertEquals("الكويت تستضيف اجتماعاً خليجياً حول الأمن البحري", page.title());
        assertEquals(Instant.parse("2026-11-12T07:15:00Z"), page.publishedAt());
        assertEquals("ar", page.lang());
        assertEquals("https://www.alwatan.example.kw/article/123", page.canonicalUrl());
        assertNoChrome(page.text());
    }

    private static final String RU_TEXT = """
            Представители министерств обороны двух стран провели в Москве консультации, посвящённые безопасности \
            судоходства и защите энергетической инфраструктуры на Каспийском море.

            Стороны договорились о проведении совместных учений спасательных служб и об обмене информацией о \
            подозрительной активности вблизи нефтяных платформ.

            Следующий раунд консультаций запланирован на весну в Баку.""";

    @Test
    void russianInKoi8rWhereTheHeaderOverridesAWrongMetaCharset() {
        String html = """
                <html><head><meta charset="utf-8">
                <title>Россия и Азербайджан обсудили безопасность на Каспии — Новости</title>
                <link rel="canonical" href="/news/2026/11/12/kaspiy/?utm_medium=rss#top">
                <script type="application/ld+json">[{"@type":"BreadcrumbList"},
                  {"@type":"NewsArticle","datePublished":"2026-11-12T09:00:00+03:00"}]</script>
                </head><body>
                %s
                <div class="content">
                  <h1>Россия и Азербайджан обсудили безопасность на Каспии</h1>
                  <div class="text">
                    <p>Представители министерств обороны двух стран провели в Москве консультации, посвящённые безопасности
                    судоходства и защите энергетической инфраструктуры на Каспийском море.</p>
                    <p>Стороны договорились о проведении совместных учений спасательных служб и об обмене информацией о
                    подозрительной активности вблизи нефтяных платформ.</p>
                    <p>Следующий раунд консультаций запланирован на весну в Баку.</p>
                  </div>
                </div>
                %s
                </body></html>
                """.formatted(MENU, SIDEBAR_AND_FOOTER);

        ExtractedPage page = extractor.extract(html.getBytes(Charset.forName("KOI8-R")), "text/html; charset=KOI8-R",
                "ru-RU", URI.create("https://novosti.example.ru/news/2026/11/12/kaspiy"));

        assertEquals(RU_TEXT, page.text());
        assertEquals("Россия и Азербайджан обсудили безопасность на Каспии", page.title());
        assertEquals(Instant.parse("2026-11-12T06:00:00Z"), page.publishedAt());
        assertEquals("ru", page.lang());
        assertEquals("https://novosti.example.ru/news/2026/11/12/kaspiy", page.canonicalUrl());
        assertNoChrome(page.text());
    }

    @Test
    void aPageWithoutAnArticleYieldsNoText() {
        String html = """
                <html lang="en"><head><title>Section: Politics</title></head><body>
                %s
                <main><h1>Politics</h1><ul>
                  <li><a href="/a/1">Minister visits the border</a></li>
                  <li><a href="/a/2">Parliament debates the budget</a></li>
                  <li><a href="/a/3">Talks resume in Geneva</a></li></ul>
                <div class="pager"><a href="?page=2">Next page</a></div></main>
                %s
                </body></html>
                """.formatted(MENU, SIDEBAR_AND_FOOTER);

        ExtractedPage page = extractor.extract(html.getBytes(StandardCharsets.UTF_8), "text/html", null,
                URI.create("https://news.example.com/politics"));

        assertFalse(page.hasArticle(), page.text());
        assertEquals("Politics", page.title());
        assertNull(page.publishedAt());
        assertEquals("en", page.lang());
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
