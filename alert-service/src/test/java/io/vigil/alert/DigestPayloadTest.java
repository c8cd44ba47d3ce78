package io.vigil.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class DigestPayloadTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DigestWindow WINDOW = new DigestWindow(Instant.parse("2026-11-22T08:00:00Z"),
            Instant.parse("2026-11-22T09:00:00Z"));

    private static List<DigestPayload.Carried> alerts(int count) {
        return IntStream.range(0, count).mapToObj(i -> new DigestPayload.Carried(UUID.randomUUID(), """
                {"type": "alert.created", "timestamp": "2026-11-22T08:1%d:00Z", "subscriptionId": "s",
                 "article": {"id": "article-%d", "url": "https://example.org/%d", "title": "Title %d"},
                 "topics": [{"id": "cyber", "score": 0.8}], "countries": [{"code": "AZ", "frameworks": ["PFP"]}],
                 "focus": ["AZ"], "matched": {"topics": ["cyber"], "countries": [], "frameworks": []}}"""
                .formatted(i, i, i, i), Instant.parse("2026-11-22T08:10:00Z").plusSeconds(i))).toList();
    }

    @Test
    void listsEachAlertWithItsArticleClassificationAndMatch() throws Exception {
        UUID subscription = UUID.randomUUID();
        JsonNode digest = JSON.readTree(new DigestPayload(JSON, 10).build(subscription, "Desk", DeliveryMode.HOURLY,
                WINDOW, alerts(2), Instant.parse("2026-11-22T09:00:03Z")));

        assertEquals("digest.created", digest.path("type").asText());
        assertEquals(subscription.toString(), digest.path("subscriptionId").asText());
        assertEquals("2026-11-22T08:00:00Z", digest.path("window").path("start").asText());
        assertEquals("2026-11-22T09:00:00Z", digest.path("window").path("end").asText());
        assertEquals(2, digest.path("alertCount").asInt());
        assertEquals(0, digest.path("omittedCount").asInt());
        JsonNode first = digest.path("alerts").get(0);
        assertEquals("article-0", first.path("article").path("id").asText());
        assertEquals(0.8, first.path("topics").get(0).path("score").asDouble());
        assertEquals("AZ", first.path("focus").get(0).asText());
        assertEquals("cyber", first.path("matched").path("topics").get(0).asText());
        assertEquals("2026-11-22T08:10:00Z", first.path("createdAt").asText());
        assertTrue(first.path("type").isMissingNode(), "the per-alert envelope is not repeated");
    }

    @Test
    void aLargeDigestListsTheOldestAndCountsTheRest() throws Exception {
        String payload = new DigestPayload(JSON, 3).build(UUID.randomUUID(), "Desk", DeliveryMode.DAILY, WINDOW,
                alerts(5), Instant.now());
        JsonNode digest = JSON.readTree(payload);

        assertEquals(5, digest.path("alertCount").asInt());
        assertEquals(2, digest.path("omittedCount").asInt());
        assertEquals(3, digest.path("alerts").size());
        assertEquals("article-2", digest.path("alerts").get(2).path("article").path("id").asText());
        DigestEmail email = DigestEmail.fromPayload(payload);
        assertTrue(email.subject().startsWith("Vigil digest: 5 alerts for Desk"), email.subject());
        assertTrue(email.text().contains("…and 2 more not listed here."), email.text());
        assertTrue(email.html().contains("…and 2 more not listed here."), email.html());
    }
}
