package io.vigil.alert;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/** Checks a subscription against the taxonomy; errors name what was wrong and which values are valid. */
public final class SubscriptionValidator {

    public static final double DEFAULT_MIN_SCORE = 0.5;

    public SubscriptionCriteria criteria(List<String> topics, String topicsMode, List<String> countries,
            List<String> frameworks, Boolean focusOnly, List<String> languages, Double minScore, String query) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> details = new LinkedHashMap<>();

        List<String> topicIds = normalise(topics, UnaryOperator.identity());
        List<String> countryCodes = normalise(countries, value -> value.toUpperCase(Locale.ROOT));
        List<String> frameworkIds = normalise(frameworks, value -> value.toUpperCase(Locale.ROOT));
        List<String> languageCodes = normalise(languages, value -> value.toLowerCase(Locale.ROOT));

        List<String> unknownTopics = Taxonomy.unknown(topicIds, Taxonomy.TOPICS);
        if (!unknownTopics.isEmpty()) {
            problems.add("unknown topics " + unknownTopics + "; valid topics are " + Taxonomy.TOPICS);
            details.put("unknownTopics", unknownTopics);
            details.put("validTopics", Taxonomy.TOPICS);
        }
        List<String> unknownCountries = Taxonomy.unknown(countryCodes, Taxonomy.COUNTRIES);
        if (!unknownCountries.isEmpty()) {
            problems.add("unknown countries " + unknownCountries
                    + "; valid countries are ISO 3166-1 alpha-2 codes plus XK (listed in validCountries)");
            details.put("unknownCountries", unknownCountries);
            details.put("validCountries", new TreeSet<>(Taxonomy.COUNTRIES));
        }
        List<String> unknownFrameworks = Taxonomy.unknown(frameworkIds, Taxonomy.FRAMEWORK_MEMBERS.keySet());
        if (!unknownFrameworks.isEmpty()) {
            TreeSet<String> valid = new TreeSet<>(Taxonomy.FRAMEWORK_MEMBERS.keySet());
            problems.add("unknown frameworks " + unknownFrameworks + "; valid frameworks are " + valid);
            details.put("unknownFrameworks", unknownFrameworks);
            details.put("validFrameworks", valid);
        }
        List<String> unknownLanguages = Taxonomy.unknown(languageCodes, Taxonomy.LANGUAGES);
        if (!unknownLanguages.isEmpty()) {
            problems.add("unknown languages " + unknownLanguages + "; languages are ISO 639-1 codes such as az, en, ar");
            details.put("unknownLanguages", unknownLanguages);
        }
        TopicsMode mode = topicsMode == null ? TopicsMode.ANY : TopicsMode.parse(topicsMode).orElse(null);
        if (mode == null) {
            problems.add("topicsMode must be any or all");
            details.put("validTopicsModes", List.of("any", "all"));
        }
        String keywordQuery = query == null || query.isBlank() ? null : query.strip();
        if (keywordQuery != null) {
            try {
                KeywordSearch.parse(keywordQuery);
            } catch (IllegalArgumentException e) {
                problems.add("query is not valid Lucene syntax: " + e.getMessage());
                details.put("query", keywordQuery);
            }
        }
        if (topicIds.isEmpty() && countryCodes.isEmpty() && frameworkIds.isEmpty() && keywordQuery == null) {
            problems.add("at least one topic, country, framework or query is required");
        }
        double score = minScore == null ? DEFAULT_MIN_SCORE : minScore;
        if (!(score >= 0.0 && score <= 1.0)) {
            problems.add("minScore must be between 0 and 1");
            details.put("minScore", score);
        }
        if (!problems.isEmpty()) {
            details.put("errors", problems);
            throw new InvalidSubscriptionException(String.join("; ", problems), details);
        }
        return new SubscriptionCriteria(topicIds, mode, countryCodes, frameworkIds, Boolean.TRUE.equals(focusOnly),
                languageCodes, score, keywordQuery);
    }

    public String name(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidSubscriptionException("name is required", Map.of("errors", List.of("name is required")));
        }
        return name.strip();
    }

    /** Webhooks go to absolute http(s) URLs with a host. */
    public String webhookUrl(String url) {
        String error = null;
        if (url == null || url.isBlank()) {
            error = "webhook.url is required";
        } else {
            try {
                URI uri = new URI(url.strip());
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                    error = "webhook.url must be an absolute http or https URL";
                }
            } catch (URISyntaxException e) {
                error = "webhook.url is not a valid URL: " + e.getReason();
            }
        }
        if (error != null) {
            throw new InvalidSubscriptionException(error, Map.of("errors", List.of(error)));
        }
        return url.strip();
    }

    private static List<String> normalise(List<String> values, UnaryOperator<String> caseRule) {
        if (values == null) {
            return List.of();
        }
        return values.stream()
                .map(value -> value == null ? "" : caseRule.apply(value.strip()))
                .distinct()
                .toList();
    }
}
