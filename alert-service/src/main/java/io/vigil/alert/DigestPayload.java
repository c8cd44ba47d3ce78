package io.vigil.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Builds the {@code digest.created} body (docs/events.md) from the frozen {@code alert.created} payloads it
 * carries. A busy subscription's daily digest could otherwise grow without bound: it lists the oldest
 * {@code maxListed} alerts and counts the rest in {@code omittedCount}.
 */
public final class DigestPayload {

    /** An alert carried by a digest: its id, frozen {@code alert.created} payload and when it matched. */
    public record Carried(UUID alertId, String payload, Instant createdAt) {
    }

    private static final List<String> ALERT_FIELDS = List.of("article", "topics", "countries", "focus", "matched");

    private final ObjectMapper json;
    private final int maxListed;

    public DigestPayload(ObjectMapper json, int maxListed) {
        this.json = json;
        this.maxListed = maxListed;
    }

    /** @param alerts oldest first */
    public String build(UUID subscriptionId, String subscriptionName, DeliveryMode mode, DigestWindow window,
            List<Carried> alerts, Instant now) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (Carried alert : alerts.subList(0, Math.min(maxListed, alerts.size()))) {
            JsonNode stored = read(alert.payload());
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("alertId", alert.alertId().toString());
            item.put("createdAt", alert.createdAt().toString());
            for (String field : ALERT_FIELDS) {
                item.put(field, stored.get(field));
            }
            items.add(item);
        }
        Map<String, Object> span = new LinkedHashMap<>();
        span.put("start", window.start().toString());
        span.put("end", window.end().toString());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "digest.created");
        body.put("timestamp", now.toString());
        body.put("subscriptionId", subscriptionId.toString());
        body.put("subscriptionName", subscriptionName);
        body.put("deliveryMode", mode.dbValue());
        body.put("window", span);
        body.put("alertCount", alerts.size());
        body.put("omittedCount", alerts.size() - items.size());
        body.put("alerts", items);
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Digest payload cannot be serialised", e);
        }
    }

    private JsonNode read(String payload) {
        try {
            return json.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored alert payload cannot be read", e);
        }
    }
}
