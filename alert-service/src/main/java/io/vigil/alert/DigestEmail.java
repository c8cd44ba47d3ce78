package io.vigil.alert;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The email form of a digest payload ({@code digest.created}): a subject, a plain-text and an HTML body. */
public record DigestEmail(String subject, String text, String html) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private record Item(String title, String url, List<String> topics, List<String> countries, Double score) {
    }

    public static DigestEmail fromPayload(String payload) {
        JsonNode digest;
        try {
            digest = JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Digest payload is not JSON", e);
        }
        Instant start = Instant.parse(digest.path("window").path("start").asText());
        Instant end = Instant.parse(digest.path("window").path("end").asText());
        String window = span(start, end);
        List<Item> items = new ArrayList<>();
        for (JsonNode alert : digest.path("alerts")) {
            items.add(item(alert));
        }
        String name = digest.path("subscriptionName").asText("");
        int total = digest.path("alertCount").asInt(items.size());
        String count = total + (total == 1 ? " alert" : " alerts");
        String omitted = total > items.size() ? "…and " + (total - items.size()) + " more not listed here." : null;
        // A subscription name is free text: line breaks in a header would let it add headers of its own.
        String subject = ("Vigil digest: " + count + " for " + name + ", " + window).replaceAll("\\p{Cntrl}", " ");
        return new DigestEmail(subject, text(name, count, window, items, omitted),
                html(name, count, window, items, omitted));
    }

    /** "2026-11-22 08:00–09:00 UTC" within a day, both ends in full otherwise. */
    static String span(Instant start, Instant end) {
        boolean sameDay = start.atZone(ZoneOffset.UTC).toLocalDate().equals(end.atZone(ZoneOffset.UTC).toLocalDate());
        return DAY_AND_TIME.format(start) + "–" + (sameDay ? TIME.format(end) : DAY_AND_TIME.format(end)) + " UTC";
    }

    private static Item item(JsonNode alert) {
        JsonNode article = alert.path("article");
        String url = article.path("url").asText("");
        String title = article.path("title").asText("").strip();
        List<String> topics = new ArrayList<>();
        Double best = null;
        for (JsonNode topic : alert.path("topics")) {
            double score = topic.path("score").asDouble();
            topics.add(topic.path("id").asText() + " " + String.format(Locale.ROOT, "%.2f", score));
            best = best == null ? score : Math.max(best, score);
        }
        List<String> countries = new ArrayList<>();
        for (JsonNode country : alert.path("countries")) {
            countries.add(country.path("code").asText());
        }
        return new Item(title.isEmpty() ? url : title, url, topics, countries, best);
    }

    private static String text(String name, String count, String window, List<Item> items, String omitted) {
        StringBuilder text = new StringBuilder()
                .append(count).append(" for ").append(name).append(", ").append(window).append(".\n");
        int number = 1;
        for (Item item : items) {
            text.append('\n').append(number++).append(". ").append(item.title()).append('\n')
                    .append("   ").append(item.url()).append('\n')
                    .append("   Topics: ").append(listed(item.topics())).append('\n')
                    .append("   Countries: ").append(listed(item.countries())).append('\n')
                    .append("   Score: ").append(score(item)).append('\n');
        }
        if (omitted != null) {
            text.append('\n').append(omitted).append('\n');
        }
        return text.toString();
    }

    private static String html(String name, String count, String window, List<Item> items, String omitted) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><body>\n<p>")
                .append(escape(count)).append(" for <strong>").append(escape(name)).append("</strong>, ")
                .append(escape(window)).append(".</p>\n<ol>\n");
        for (Item item : items) {
            html.append("<li><p>");
            // Article URLs come from feeds: only http(s) becomes a link, so a javascript: URL stays inert text.
            if (isWebUrl(item.url())) {
                html.append("<a href=\"").append(escape(item.url())).append("\">").append(escape(item.title()))
                        .append("</a>");
            } else {
                html.append(escape(item.title()));
            }
            html.append("<br>Topics: ").append(escape(listed(item.topics())))
                    .append("<br>Countries: ").append(escape(listed(item.countries())))
                    .append("<br>Score: ").append(escape(score(item)))
                    .append("</p></li>\n");
        }
        html.append("</ol>\n");
        if (omitted != null) {
            html.append("<p>").append(escape(omitted)).append("</p>\n");
        }
        return html.append("</body></html>\n").toString();
    }

    private static String listed(List<String> values) {
        return values.isEmpty() ? "none" : String.join(", ", values);
    }

    private static String score(Item item) {
        return item.score() == null ? "none" : String.format(Locale.ROOT, "%.2f", item.score());
    }

    private static boolean isWebUrl(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    static String escape(String value) {
        StringBuilder escaped = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
