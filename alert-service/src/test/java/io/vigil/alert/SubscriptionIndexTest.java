package io.vigil.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.vigil.alert.messaging.ClassifiedArticleEvent;

class SubscriptionIndexTest {

    private static final int SUBSCRIPTIONS = 2_000;
    private static final int ARTICLES = 200;

    private final SubscriptionMatcher matcher = new SubscriptionMatcher();

    @Test
    void candidatesAlwaysIncludeEveryMatch() {
        RandomTraffic traffic = new RandomTraffic(7, true);
        Map<Integer, SubscriptionCriteria> subscriptions = new LinkedHashMap<>();
        for (int i = 0; i < SUBSCRIPTIONS; i++) {
            subscriptions.put(i, traffic.subscription());
        }
        SubscriptionIndex<Integer> index = new SubscriptionIndex<>(subscriptions);
        long candidatesSeen = 0;

        for (int a = 0; a < ARTICLES; a++) {
            ClassifiedArticleEvent article = traffic.article("article-" + a);
            KeywordSearch search = new KeywordSearch(article.title(), article.text());
            Set<Integer> everyMatch = subscriptions.entrySet().stream()
                    .filter(entry -> matcher.match(entry.getValue(), article, search).isPresent())
                    .map(Map.Entry::getKey)
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<Integer> candidates = index.candidates(article);
            Set<Integer> indexedMatches = candidates.stream()
                    .filter(key -> matcher.match(subscriptions.get(key), article, search).isPresent())
                    .collect(Collectors.toCollection(TreeSet::new));

            assertEquals(everyMatch, indexedMatches, "article " + a);
            candidatesSeen += candidates.size();
        }
        assertTrue(candidatesSeen < (long) ARTICLES * SUBSCRIPTIONS / 3, "the index should discard most subscriptions: " + candidatesSeen);
    }

    @Test
    void querySubscriptionsAreAlwaysCandidates() {
        SubscriptionCriteria queryOnly = new SubscriptionCriteria(List.of(), TopicsMode.ANY, List.of(), List.of(),
                false, List.of(), 0.5, "pipeline");
        SubscriptionIndex<String> index = new SubscriptionIndex<>(Map.of("q", queryOnly));

        assertEquals(Set.of("q"), index.candidates(new ClassifiedArticleEvent("x", null, "", "", "en", null, null,
                null, null)));
    }
}
