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
import java.util.regex.Pattern;

/** Checks a subscription against the taxonomy; errors name what was wrong and which values are valid. */
public final class SubscriptionValidator {

    public static final double DEFAULT_MIN_SCORE = 0.5;
    static final int MAX_EMAIL_RECIPIENTS = 20;
    /** The dot-atom of RFC 5322 (no quoted local parts). */
    private static final Pattern EMAIL_LOCAL_PART = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern EMAIL_DOMAIN = Pattern.compile(
            "([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");

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

    public DeliveryMode deliveryMode(String value) {
        if (value == null || value.isBlank()) {
            return DeliveryMode.IMMEDIATE;
        }
        return DeliveryMode.parse(value.strip().toLowerCase(Locale.ROOT)).orElseThrow(() -> {
            String error = "deliveryMode must be one of " + DeliveryMode.dbValues();
            return new InvalidSubscriptionException(error, Map.of("errors", List.of(error),
                    "field", "deliveryMode", "validDeliveryModes", DeliveryMode.dbValues()));
        });
    }

    /**
     * Addresses of the form local@domain, as SMTP needs them: no display names, no spaces, commas or
     * line breaks (which could add recipients or headers), a dotted host name.
     */
    public List<String> emailRecipients(List<String> recipients) {
        List<String> addresses = normalise(recipients, UnaryOperator.identity());
        List<String> invalid = addresses.stream().filter(address -> !validEmailAddress(address)).toList();
        List<String> problems = new ArrayList<>();
        if (!invalid.isEmpty()) {
            problems.add("email.recipients has invalid addresses " + invalid + "; use plain addresses such as ops@example.org");
        }
        if (addresses.size() > MAX_EMAIL_RECIPIENTS) {
            problems.add("email.recipients may list at most " + MAX_EMAIL_RECIPIENTS + " addresses");
        }
        if (!problems.isEmpty()) {
            throw new InvalidSubscriptionException(String.join("; ", problems), Map.of("errors", problems,
                    "field", "email.recipients", "invalidEmailRecipients", invalid));
        }
        return addresses;
    }

    /** Immediate alerts go by webhook only; a digest needs a webhook URL, email recipients or both. */
    public void channels(DeliveryMode mode, boolean hasWebhookUrl, List<String> emailRecipients) {
        String error = null;
        if (!mode.digest() && !emailRecipients.isEmpty()) {
            error = "email is a digest channel: set deliveryMode to hourly or daily, or remove email.recipients";
        } else if (mode.digest() && !hasWebhookUrl && emailRecipients.isEmpty()) {
            error = "a " + mode.dbValue() + " digest needs webhook.url, email.recipients or both";
        }
        if (error != null) {
            throw new InvalidSubscriptionException(error, Map.of("errors", List.of(error)));
        }
    }

    static boolean validEmailAddress(String address) {
        int at = address.lastIndexOf('@');
        return address.length() <= 254 && at > 0 && at <= 64 && EMAIL_LOCAL_PART.matcher(address.substring(0, at)).matches()
                && EMAIL_DOMAIN.matcher(address.substring(at + 1)).matches();
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
