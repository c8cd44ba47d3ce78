package io.vigil.alert;

import java.util.List;

/**
 * What a subscription asks for; an empty list means "no constraint on this dimension".
 *
 * @param focusOnly countries and frameworks are matched against the article's focus, not every country named
 * @param query     Lucene query over title and text, or null
 */
public record SubscriptionCriteria(
        List<String> topics,
        TopicsMode topicsMode,
        List<String> countries,
        List<String> frameworks,
        boolean focusOnly,
        List<String> languages,
        double minScore,
        String query) {

    public SubscriptionCriteria {
        topics = List.copyOf(topics);
        countries = List.copyOf(countries);
        frameworks = List.copyOf(frameworks);
        languages = List.copyOf(languages);
    }

    public boolean constrainsContent() {
        return !topics.isEmpty() || !countries.isEmpty() || !frameworks.isEmpty() || query != null;
    }
}
