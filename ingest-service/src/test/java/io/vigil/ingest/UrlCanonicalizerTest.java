package io.vigil.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class UrlCanonicalizerTest {

    private static String canonical(String url) {
        return UrlCanonicalizer.canonicalize(url).orElseThrow();
    }

    @Test
    void lowerCasesSchemeAndHostButNotPath() {
        assertEquals("https://example.az/News/123", canonical("HTTPS://Example.AZ/News/123"));
    }

    @Test
    void dropsDefaultPortsAndKeepsOthers() {
        assertEquals("http://example.com/a", canonical("http://example.com:80/a"));
        assertEquals("https://example.com/a", canonical("https://example.com:443/a"));
        assertEquals("https://example.com:8443/a", canonical("https://example.com:8443/a"));
        assertEquals("http://example.com:443/a", canonical("http://example.com:443/a"));
    }

    @Test
    void dropsFragmentAndTrailingSlash() {
        assertEquals("https://example.com/news", canonical("https://example.com/news/#comments"));
        assertEquals("https://example.com", canonical("https://example.com/"));
    }

    @Test
    void dropsTrackingParametersAndSortsTheRest() {
        assertEquals("https://example.com/a?id=7&page=2", canonical(
                "https://example.com/a?utm_source=x&page=2&UTM_Medium=y&fbclid=abc&id=7&gclid=1&yclid=2"
                        + "&mc_cid=3&mc_eid=4&ref=home"));
    }

    @Test
    void dropsAnEmptyQuery() {
        assertEquals("https://example.com/a", canonical("https://example.com/a?utm_campaign=autumn"));
        assertEquals("https://example.com/a", canonical("https://example.com/a?"));
    }

    @Test
    void keepsPercentEncodingAndUnicodePaths() {
        assertEquals("https://www.bbc.com/persian/%D8%A7%DB%8C%D8%B1%D8%A7%D9%86",
                canonical("https://WWW.bbc.com/persian/%D8%A7%DB%8C%D8%B1%D8%A7%D9%86/"));
        assertEquals("https://example.az/xəbərlər/123", canonical("https://example.az/xəbərlər/123/"));
    }

    @Test
    void convertsInternationalisedHostNames() {
        assertEquals("https://xn--e1afmkfd.xn--p1ai/news", canonical("https://пример.рф/news"));
    }

    @Test
    void sameArticleSharedDifferentlyHasOneCanonicalForm() {
        assertEquals(canonical("https://azertag.az/xeber/123"),
                canonical("https://AZERTAG.az:443/xeber/123/?utm_source=telegram#top"));
    }

    @Test
    void refusesWhatIsNotAnAbsoluteHttpUrl() {
        assertEquals(Optional.empty(), UrlCanonicalizer.canonicalize("ftp://example.com/a"));
        assertEquals(Optional.empty(), UrlCanonicalizer.canonicalize("/relative/path"));
        assertEquals(Optional.empty(), UrlCanonicalizer.canonicalize("mailto:someone@example.com"));
        assertEquals(Optional.empty(), UrlCanonicalizer.canonicalize("https://exa mple.com/"));
        assertEquals(Optional.empty(), UrlCanonicalizer.canonicalize("https:///no-host"));
        assertFalse(UrlCanonicalizer.isHttpUrl(""));
        assertTrue(UrlCanonicalizer.isHttpUrl("http://example.com"));
    }
}
