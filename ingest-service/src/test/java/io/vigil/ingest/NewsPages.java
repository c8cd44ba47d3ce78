package io.vigil.ingest;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * News pages written for the tests: an article in Azerbaijani, Persian, Arabic or Russian inside the menus, banners,
 * sidebars, adverts and footers of a real news site, and a section page without an article.
 */
final class NewsPages {

    private NewsPages() {
    }

    /** Site chrome around every test article: none of it may reach the extracted text. */
    static final String MENU = """
            <header class="site-header"><a href="/" class="logo">LOGO-TEXT</a>
              <nav><ul><li><a href="/">MENU-HOME</a></li><li><a href="/politics">MENU-POLITICS</a></li>
              <li><a href="/economy">MENU-ECONOMY</a></li><li><a href="/sport">MENU-SPORT</a></li></ul></nav>
            </header>
            <div class="cookie-banner">COOKIE-NOTICE: this site uses cookies, <a href="/privacy">privacy policy</a>.</div>
            """;
    static final String SIDEBAR_AND_FOOTER = """
            <aside class="sidebar"><h3>MOST-READ</h3><ul>
              <li><a href="/a/1">SIDEBAR-LINK one, with a long enough title to look like text</a></li>
              <li><a href="/a/2">SIDEBAR-LINK two, with a long enough title to look like text</a></li>
              <li><a href="/a/3">SIDEBAR-LINK three, with a long enough title to look like text</a></li></ul></aside>
            <div class="advert">ADVERT-TEXT buy now, limited offer, best prices</div>
            <footer class="site-footer"><p>FOOTER-TEXT © 2026, all rights reserved.</p>
              <ul><li><a href="/about">FOOTER-ABOUT</a></li><li><a href="/contact">FOOTER-CONTACT</a></li></ul></footer>
            """;

    static void assertNoChrome(String text) {
        for (String chrome : new String[] {"LOGO-TEXT", "MENU-", "COOKIE-NOTICE", "MOST-READ", "SIDEBAR-LINK",
                "ADVERT-TEXT", "FOOTER-", "SHARE-", "RELATED-"}) {
            assertFalse(text.contains(chrome), () -> "'" + chrome + "' leaked into: " + text);
        }
    }

    static final String AZ_TITLE = "Azərbaycan və NATO kibertəhlükəsizlik üzrə əməkdaşlığı genişləndirir";
    static final String AZ_TEXT = """
            Bakıda keçirilən görüşdə tərəflər kibertəhlükəsizlik sahəsində birgə təlimlərin keçirilməsini, \
            mütəxəssislərin hazırlanmasını və informasiya mübadiləsinin gücləndirilməsini müzakirə ediblər.

            Müdafiə Nazirliyinin məlumatına görə, növbəti il ərzində Azərbaycan hərbçiləri NATO-nun tədris \
            mərkəzlərində "Kiber Qalxan" kurslarına cəlb olunacaq, eyni zamanda milli kompüter insidentlərinə \
            cavab mərkəzi yenilənəcək.

            Görüşün sonunda tərəflər əməkdaşlığın hüquqi bazasının möhkəmləndirilməsi, o cümlədən yeni fərdi \
            tərəfdaşlıq proqramının hazırlanması barədə razılığa gəliblər.""";

    /** UTF-8, declared in a {@code <meta charset>}; html lang az-Latn-AZ; published 2026-11-12T06:15:00Z. */
    static String azerbaijani(String canonicalHref) {
        return """
                <!DOCTYPE html>
                <html lang="az-Latn-AZ"><head><meta charset="utf-8">
                <title>Azərbaycan və NATO əməkdaşlığı | Xəbər Portalı</title>
                <meta property="og:title" content="%1$s">
                <meta property="article:published_time" content="2026-11-12T10:15:00+04:00">
                <link rel="canonical" href="%4$s">
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
                """.formatted(AZ_TITLE, MENU, SIDEBAR_AND_FOOTER, canonicalHref);

    }

    static final String FA_TEXT = """
            هیئت‌های امنیتی دو کشور در تهران دیدار کردند و درباره همکاری در مدیریت مرزها، مبارزه با قاچاق \
            مواد مخدر و تبادل اطلاعات گفت‌وگو کردند.

            به گفته سخنگوی وزارت کشور، «گشت‌های مشترک مرزی» از ماه آینده آغاز می‌شود و دو طرف سامانه‌های \
            نظارتی جدیدی را در گذرگاه‌های مرزی نصب خواهند کرد.

            این نشست در ادامه توافق‌نامه‌ای برگزار شد که سال گذشته میان دو کشور امضا شده بود و بر حفاظت از \
            زیرساخت‌های مرزی تأکید دارد.""";

    /** UTF-8 and right to left; the date in JSON-LD (@graph), 2026-11-11T11:00:00Z; no canonical link. */
    static String persian(String ogUrl) {
        return """
                <html lang="fa" dir="rtl"><head><meta charset="UTF-8">
                <title>ایران و آذربایجان درباره امنیت مرزی گفت‌وگو کردند - خبرگزاری</title>
                <meta property="og:url" content="%s">
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
                """.formatted(ogUrl, MENU, SIDEBAR_AND_FOOTER);

    }

    static final String AR_TEXT = """
            استضافت دولة الكويت اليوم اجتماعاً لمسؤولي الأمن البحري في دول مجلس التعاون الخليجي، ناقش فيه \
            المشاركون سبل حماية الممرات الملاحية والموانئ من التهديدات المتزايدة.

            وأكد رئيس الاجتماع أن التعاون في تبادل المعلومات وتنسيق الدوريات البحرية المشتركة يمثل أولوية \
            للمرحلة المقبلة، مشيراً إلى تدريبات مشتركة مقررة في الربيع.

            واتفق المجتمعون على عقد الاجتماع المقبل في مسقط، وعلى إعداد خطة عمل لمكافحة القرصنة وتهريب \
            الأسلحة عبر البحر.""";

    /** The page to encode in windows-1256, with {@code headMeta} in its head. */
    static String arabic(String headMeta) {
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

    static final String RU_TEXT = """
            Представители министерств обороны двух стран провели в Москве консультации, посвящённые безопасности \
            судоходства и защите энергетической инфраструктуры на Каспийском море.

            Стороны договорились о проведении совместных учений спасательных служб и об обмене информацией о \
            подозрительной активности вблизи нефтяных платформ.

            Следующий раунд консультаций запланирован на весну в Баку.""";

    /** To encode in KOI8-R while its meta wrongly says utf-8; JSON-LD date 2026-11-12T06:00:00Z; no lang attribute. */
    static String russian(String canonicalHref) {
        return """
                <html><head><meta charset="utf-8">
                <title>Россия и Азербайджан обсудили безопасность на Каспии — Новости</title>
                <link rel="canonical" href="%s">
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
                """.formatted(canonicalHref, MENU, SIDEBAR_AND_FOOTER);

    }

    /** A section page: a list of links, no article. */
    static String sectionWithoutArticle() {
        return """
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

    }
}
