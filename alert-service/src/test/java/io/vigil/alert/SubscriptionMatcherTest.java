package io.vigil.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.vigil.alert.messaging.ClassifiedArticleEvent;
import io.vigil.alert.messaging.ClassifiedArticleEvent.Country;
import io.vigil.alert.messaging.ClassifiedArticleEvent.Topic;

class SubscriptionMatcherTest {

    private final SubscriptionMatcher matcher = new SubscriptionMatcher();

    private final ClassifiedArticleEvent azerbaijaniCyberArticle = new ClassifiedArticleEvent("a-1",
            "https://example.az/1", "Azərbaycan NATO ilə kibertəhlükəsizlik üzrə əməkdaşlığı genişləndirir",
            "Bakı, 12 noyabr. Ransomware attack on the ministry was repelled, officials in Romania said.", "az", null,
            List.of(new Topic("cyber", 0.82), new Topic("terrorism", 0.3)),
            List.of(new Country("AZ", List.of("PFP")), new Country("RO", List.of())), List.of("AZ"));

    private static SubscriptionCriteria criteria(List<String> topics, List<String> countries, List<String> frameworks,
            List<String> languages, double minScore) {
        return new SubscriptionCriteria(topics, TopicsMode.ANY, countries, frameworks, false, languages, minScore, null);
    }

    @Test
    void topicMatchesAtOrAboveTheMinimumScore() {
        Optional<Match> match = matcher.match(criteria(List.of("cyber"), List.of(), List.of(), List.of(), 0.82),
                azerbaijaniCyberArticle);

        assertEquals(List.of("cyber"), match.orElseThrow().topics());
    }

    @Test
    void topicBelowTheMinimumScoreDoesNotMatch() {
        assertTrue(matcher.match(criteria(List.of("terrorism"), List.of(), List.of(), List.of(), 0.5),
                azerbaijaniCyberArticle).isEmpty());
    }

    @Test
    void anyOfTheTopicsIsEnough() {
        Optional<Match> match = matcher.match(criteria(List.of("cbrn", "cyber"), List.of(), List.of(), List.of(), 0.5),
                azerbaijaniCyberArticle);

        assertEquals(List.of("cyber"), match.orElseThrow().topics());
    }

    @Test
    void countryMustBeAmongTheArticleCountries() {
        assertEquals(List.of("RO"), matcher.match(criteria(List.of(), List.of("RO", "KW"), List.of(), List.of(), 0.5),
                azerbaijaniCyberArticle).orElseThrow().countries());
        assertTrue(matcher.match(criteria(List.of(), List.of("KW"), List.of(), List.of(), 0.5),
                azerbaijaniCyberArticle).isEmpty());
    }

    @Test
    void frameworkMatchesThroughTheMembershipTable() {
        assertEquals(List.of("NATO"), matcher.match(criteria(List.of(), List.of(), List.of("NATO"), List.of(), 0.5),
                azerbaijaniCyberArticle).orElseThrow().frameworks());
        assertEquals(List.of("PFP"), matcher.match(criteria(List.of(), List.of(), List.of("PFP", "ICI"), List.of(), 0.5),
                azerbaijaniCyberArticle).orElseThrow().frameworks());
        assertTrue(matcher.match(criteria(List.of(), List.of(), List.of("MD"), List.of(), 0.5),
                azerbaijaniCyberArticle).isEmpty());
    }

    @Test
    void languageMustMatchWhenGiven() {
        assertTrue(matcher.match(criteria(List.of("cyber"), List.of(), List.of(), List.of("az", "ru"), 0.5),
                azerbaijaniCyberArticle).isPresent());
        assertTrue(matcher.match(criteria(List.of("cyber"), List.of(), List.of(), List.of("en"), 0.5),
                azerbaijaniCyberArticle).isEmpty());
    }

    @Test
    void everyNonEmptyCriterionMustHold() {
        assertTrue(matcher.match(criteria(List.of("cyber"), List.of("AZ"), List.of("PFP"), List.of("az"), 0.5),
                azerbaijaniCyberArticle).isPresent());
        assertTrue(matcher.match(criteria(List.of("cyber"), List.of("KW"), List.of("PFP"), List.of("az"), 0.5),
                azerbaijaniCyberArticle).isEmpty());
        assertTrue(matcher.match(criteria(List.of("cbrn"), List.of("AZ"), List.of("PFP"), List.of("az"), 0.5),
                azerbaijaniCyberArticle).isEmpty());
    }

    @Test
    void articleWithoutClassificationMatchesNoContentCriterion() {
        ClassifiedArticleEvent empty = new ClassifiedArticleEvent("a-2", null, "", null, "en", null, null, null, null);

        assertTrue(matcher.match(criteria(List.of("cyber"), List.of(), List.of(), List.of(), 0.0), empty).isEmpty());
        assertTrue(matcher.match(criteria(List.of(), List.of("AZ"), List.of(), List.of(), 0.0), empty).isEmpty());
    }

    @Test
    void allTopicsModeNeedsEveryTopicAboveTheMinimum() {
        SubscriptionCriteria cyberAndTerrorism = new SubscriptionCriteria(List.of("cyber", "terrorism"), TopicsMode.ALL,
                List.of(), List.of(), false, List.of(), 0.25, null);
        SubscriptionCriteria cyberAndCbrn = new SubscriptionCriteria(List.of("cyber", "cbrn"), TopicsMode.ALL,
                List.of(), List.of(), false, List.of(), 0.25, null);

        assertEquals(List.of("cyber", "terrorism"),
                matcher.match(cyberAndTerrorism, azerbaijaniCyberArticle).orElseThrow().topics());
        assertTrue(matcher.match(cyberAndCbrn, azerbaijaniCyberArticle).isEmpty());
    }

    @Test
    void focusOnlyIgnoresCountriesMerelyNamed() {
        SubscriptionCriteria romaniaInFocus = new SubscriptionCriteria(List.of(), TopicsMode.ANY, List.of("RO"),
                List.of(), true, List.of(), 0.5, null);
        SubscriptionCriteria natoInFocus = new SubscriptionCriteria(List.of(), TopicsMode.ANY, List.of(),
                List.of("NATO"), true, List.of(), 0.5, null);
        SubscriptionCriteria pfpInFocus = new SubscriptionCriteria(List.of(), TopicsMode.ANY, List.of(),
                List.of("PFP"), true, List.of(), 0.5, null);

        assertTrue(matcher.match(romaniaInFocus, azerbaijaniCyberArticle).isEmpty());
        assertTrue(matcher.match(natoInFocus, azerbaijaniCyberArticle).isEmpty());
        assertTrue(matcher.match(pfpInFocus, azerbaijaniCyberArticle).isPresent());
    }

    @Test
    void keywordQueryRunsOverTitleAndText() {
        assertTrue(matcher.match(query("ransomware AND (ministry OR parliament)"), azerbaijaniCyberArticle).isPresent());
        assertTrue(matcher.match(query("kibertəhlükəsizlik"), azerbaijaniCyberArticle).isPresent());
        assertTrue(matcher.match(query("\"ransomware attack\""), azerbaijaniCyberArticle).isPresent());
        assertTrue(matcher.match(query("ransomware -romania"), azerbaijaniCyberArticle).isEmpty());
        assertTrue(matcher.match(query("phishing"), azerbaijaniCyberArticle).isEmpty());
    }

    private static SubscriptionCriteria query(String query) {
        return new SubscriptionCriteria(List.of(), TopicsMode.ANY, List.of(), List.of(), false, List.of(), 0.5, query);
    }
}
