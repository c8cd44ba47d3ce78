package io.vigil.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class DigestEmailTest {

    private static final String DIGEST = """
            {"type": "digest.created", "timestamp": "2026-11-22T09:00:05Z",
             "subscriptionId": "5b0c1f7e-0d55-4c43-a0f4-3a3b8e1f2d10", "subscriptionName": "Caspian desk",
             "deliveryMode": "hourly", "window": {"start": "2026-11-22T08:00:00Z", "end": "2026-11-22T09:00:00Z"},
             "alertCount": 2,
             "alerts": [
               {"alertId": "a1", "createdAt": "2026-11-22T08:12:00Z",
                "article": {"id": "x1", "url": "https://example.az/news/1", "title": "Pipeline drills & <b>cyber</b> exercise"},
                "topics": [{"id": "energy-security", "score": 0.91}, {"id": "cyber", "score": 0.64}],
                "countries": [{"code": "AZ", "frameworks": ["PFP"]}, {"code": "GE", "frameworks": ["PFP"]}],
                "focus": ["AZ"], "matched": {"topics": ["energy-security"], "countries": ["AZ"], "frameworks": []}},
               {"alertId": "a2", "createdAt": "2026-11-22T08:40:00Z",
                "article": {"id": "x2", "url": "javascript:alert(1)", "title": ""},
                "topics": [], "countries": [], "focus": [], "matched": {"topics": [], "countries": [], "frameworks": []}}
             ]}""";

    @Test
    void subjectGivesTheCountTheSubscriptionAndTheWindow() {
        assertEquals("Vigil digest: 2 alerts for Caspian desk, 2026-11-22 08:00–09:00 UTC",
                DigestEmail.fromPayload(DIGEST).subject());
    }

    @Test
    void plainTextListsTitleUrlTopicsCountriesAndScore() {
        String text = DigestEmail.fromPayload(DIGEST).text();

        assertTrue(text.contains("1. Pipeline drills & <b>cyber</b> exercise\n   https://example.az/news/1\n"
                + "   Topics: energy-security 0.91, cyber 0.64\n   Countries: AZ, GE\n   Score: 0.91\n"), text);
        assertTrue(text.contains("2. javascript:alert(1)\n"), "an untitled article is listed by its URL: " + text);
    }

    @Test
    void htmlEscapesFeedTextAndLinksOnlyWebUrls() {
        String html = DigestEmail.fromPayload(DIGEST).html();

        assertTrue(html.contains("<a href=\"https://example.az/news/1\">Pipeline drills &amp; &lt;b&gt;cyber&lt;/b&gt; exercise</a>"),
                html);
        assertTrue(html.contains("Topics: energy-security 0.91, cyber 0.64<br>Countries: AZ, GE<br>Score: 0.91"), html);
        assertFalse(html.contains("href=\"javascript:"), html);
    }

    @Test
    void aNameCannotBreakTheSubjectHeader() {
        String payload = DIGEST.replace("Caspian desk", "desk\\r\\nBcc: someone@example.org");

        assertFalse(DigestEmail.fromPayload(payload).subject().contains("\n"));
        assertFalse(DigestEmail.fromPayload(payload).subject().contains("\r"));
    }

    @Test
    void windowsAcrossMidnightNameBothDays() {
        assertEquals("2026-11-22 00:00–2026-11-23 00:00 UTC",
                DigestEmail.span(Instant.parse("2026-11-22T00:00:00Z"), Instant.parse("2026-11-23T00:00:00Z")));
        assertEquals("2026-11-22 23:00–2026-11-23 00:00 UTC",
                DigestEmail.span(Instant.parse("2026-11-22T23:00:00Z"), Instant.parse("2026-11-23T00:00:00Z")));
    }
}
