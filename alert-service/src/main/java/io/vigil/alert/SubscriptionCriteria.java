package io.vigil.alert;

import java.util.List;

/** What a subscription asks for; an empty list means "no constraint on this dimension". */
public record SubscriptionCriteria(
        List<String> topics,
        List<String> countries,
        List<String> frameworks,
        List<String> languages,
        double minScore) {

    public SubscriptionCriteria {
        topics = List.copyOf(topics);
        countries = List.copyOf(countries);
        frameworks = List.copyOf(frameworks);
        languages = List.copyOf(languages);
    }

    public boolean constrainsContent() {
        return !topics.isEmpty() || !countries.isEmpty() || !frameworks.isEmpty();
    }
}
