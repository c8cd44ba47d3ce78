package io.vigil.alert;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.vigil.alert.messaging.ClassifiedArticleEvent;

/**
 * Narrows the subscriptions worth matching against an article. Every subscription is filed under one anchor
 * criterion that must hold for it to match: its topics if it has any, else its countries, else its
 * frameworks; query-only subscriptions are always candidates. The candidates are a superset of the matches, so
 * {@link SubscriptionMatcher} still has the last word.
 *
 * @param <K> the subscription key
 */
public final class SubscriptionIndex<K> {

    private final Map<String, List<K>> byTopic = new HashMap<>();
    private final Map<String, List<K>> byCountry = new HashMap<>();
    private final Map<String, List<K>> byFramework = new HashMap<>();
    private final List<K> alwaysCandidates = new ArrayList<>();

    public SubscriptionIndex(Map<K, SubscriptionCriteria> subscriptions) {
        subscriptions.forEach((key, criteria) -> {
            if (!criteria.topics().isEmpty()) {
                criteria.topics().forEach(topic -> byTopic.computeIfAbsent(topic, t -> new ArrayList<>()).add(key));
            } else if (!criteria.countries().isEmpty()) {
                criteria.countries().forEach(country ->
                        byCountry.computeIfAbsent(country, c -> new ArrayList<>()).add(key));
            } else if (!criteria.frameworks().isEmpty()) {
                criteria.frameworks().forEach(framework ->
                        byFramework.computeIfAbsent(framework, f -> new ArrayList<>()).add(key));
            } else {
                alwaysCandidates.add(key);
            }
        });
    }

    public Set<K> candidates(ClassifiedArticleEvent article) {
        Set<K> candidates = new LinkedHashSet<>(alwaysCandidates);
        for (ClassifiedArticleEvent.Topic topic : article.topics()) {
            candidates.addAll(byTopic.getOrDefault(topic.id(), List.of()));
        }
        Set<String> countries = new LinkedHashSet<>(article.focus());
        article.countries().forEach(country -> countries.add(country.code()));
        Set<String> frameworks = new LinkedHashSet<>();
        for (ClassifiedArticleEvent.Country country : article.countries()) {
            frameworks.addAll(country.frameworks());
        }
        for (String country : countries) {
            candidates.addAll(byCountry.getOrDefault(country, List.of()));
            frameworks.addAll(Taxonomy.frameworksOf(country));
        }
        for (String framework : frameworks) {
            candidates.addAll(byFramework.getOrDefault(framework, List.of()));
        }
        return candidates;
    }
}
