package io.vigil.alert;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.vigil.alert.messaging.ClassifiedArticleEvent;

/**
 * Decides whether a classified article matches a subscription: every non-empty criterion must hold.
 */
public final class SubscriptionMatcher {

    public Optional<Match> match(SubscriptionCriteria criteria, ClassifiedArticleEvent article) {
        List<String> matchedTopics = article.topics().stream()
                .filter(topic -> criteria.topics().contains(topic.id()) && topic.score() >= criteria.minScore())
                .map(ClassifiedArticleEvent.Topic::id)
                .distinct()
                .toList();
        if (!criteria.topics().isEmpty() && matchedTopics.isEmpty()) {
            return Optional.empty();
        }

        List<String> articleCountries = article.countries().stream().map(ClassifiedArticleEvent.Country::code).toList();
        List<String> matchedCountries = criteria.countries().stream().filter(articleCountries::contains).toList();
        if (!criteria.countries().isEmpty() && matchedCountries.isEmpty()) {
            return Optional.empty();
        }

        List<String> matchedFrameworks = criteria.frameworks().stream()
                .filter(framework -> articleFrameworks(article).contains(framework))
                .toList();
        if (!criteria.frameworks().isEmpty() && matchedFrameworks.isEmpty()) {
            return Optional.empty();
        }

        if (!criteria.languages().isEmpty()
                && (article.lang() == null || !criteria.languages().contains(article.lang().toLowerCase(Locale.ROOT)))) {
            return Optional.empty();
        }
        return Optional.of(new Match(matchedTopics, matchedCountries, matchedFrameworks));
    }

    /** The taxonomy's membership table decides; frameworks the classifier attached are honoured as well. */
    private static Set<String> articleFrameworks(ClassifiedArticleEvent article) {
        Set<String> frameworks = new TreeSet<>();
        for (ClassifiedArticleEvent.Country country : article.countries()) {
            frameworks.addAll(Taxonomy.frameworksOf(country.code()));
            frameworks.addAll(country.frameworks());
        }
        return frameworks;
    }
}
