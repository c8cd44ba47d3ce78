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
        return match(criteria, article, new KeywordSearch(article.title(), article.text()));
    }

    /**
     * {@code search} indexes the article once for all the subscriptions it is matched against. This is the plain
     * statement of the rules, one subscription at a time; {@link SubscriptionIndex} must agree with it.
     */
    public Optional<Match> match(SubscriptionCriteria criteria, ClassifiedArticleEvent article, KeywordSearch search) {
        Match match = explain(criteria, article);
        boolean topicsHold = criteria.topicsMode() == TopicsMode.ALL
                ? match.topics().containsAll(criteria.topics())
                : !match.topics().isEmpty();
        if (!criteria.topics().isEmpty() && !topicsHold) {
            return Optional.empty();
        }
        if (!criteria.countries().isEmpty() && match.countries().isEmpty()) {
            return Optional.empty();
        }
        if (!criteria.frameworks().isEmpty() && match.frameworks().isEmpty()) {
            return Optional.empty();
        }
        if (!criteria.languages().isEmpty()
                && (article.lang() == null || !criteria.languages().contains(article.lang().toLowerCase(Locale.ROOT)))) {
            return Optional.empty();
        }
        if (criteria.query() != null && !search.matches(criteria.query())) {
            return Optional.empty();
        }
        return Optional.of(match);
    }

    /** The criteria values the article satisfies, reported with an alert once the subscription matched. */
    public Match explain(SubscriptionCriteria criteria, ClassifiedArticleEvent article) {
        List<String> matchedTopics = article.topics().stream()
                .filter(topic -> criteria.topics().contains(topic.id()) && topic.score() >= criteria.minScore())
                .map(ClassifiedArticleEvent.Topic::id)
                .distinct()
                .toList();
        if (criteria.countries().isEmpty() && criteria.frameworks().isEmpty()) {
            return new Match(matchedTopics, List.of(), List.of());
        }
        List<String> articleCountries = criteria.focusOnly()
                ? article.focus()
                : article.countries().stream().map(ClassifiedArticleEvent.Country::code).toList();
        List<String> matchedCountries = criteria.countries().stream().filter(articleCountries::contains).toList();
        List<String> matchedFrameworks = List.of();
        if (!criteria.frameworks().isEmpty()) {
            Set<String> articleFrameworks = frameworksOf(article, articleCountries);
            matchedFrameworks = criteria.frameworks().stream().filter(articleFrameworks::contains).toList();
        }
        return new Match(matchedTopics, matchedCountries, matchedFrameworks);
    }

    /** The taxonomy's membership table decides; frameworks the classifier attached are honoured as well. */
    private static Set<String> frameworksOf(ClassifiedArticleEvent article, List<String> countries) {
        Set<String> frameworks = new TreeSet<>();
        for (String country : countries) {
            frameworks.addAll(Taxonomy.frameworksOf(country));
        }
        for (ClassifiedArticleEvent.Country country : article.countries()) {
            if (countries.contains(country.code())) {
                frameworks.addAll(country.frameworks());
            }
        }
        return frameworks;
    }
}
