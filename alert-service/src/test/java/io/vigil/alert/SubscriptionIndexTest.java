package io.vigil.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.vigil.alert.messaging.ClassifiedArticleEvent;
import io.vigil.alert.messaging.ClassifiedArticleEvent.Country;
import io.vigil.alert.messaging.ClassifiedArticleEvent.Topic;

class SubscriptionIndexTest {

    private static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");

    private final SubscriptionMatcher matcher = new SubscriptionMatcher();
    private final SubscriptionIndex<Integer> index = new SubscriptionIndex<>();

    @AfterEach
    void closeIndex() {
        index.close();
    }

    /** The reference: every subscription through {@link SubscriptionMatcher}, the muted ones left out. */
    private Set<Integer> scan(Map<Integer, SubscriptionIndex.Entry<Integer>> subscriptions,
            ClassifiedArticleEvent article) {
        KeywordSearch search = new KeywordSearch(article.title(), article.text());
        return subscriptions.values().stream()
                .filter(entry -> entry.mutedUntil() == null || !NOW.isBefore(entry.mutedUntil()))
                .filter(entry -> matcher.match(entry.criteria(), article, search).isPresent())
                .map(SubscriptionIndex.Entry::key)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private Set<Integer> indexed(ClassifiedArticleEvent article) {
        List<SubscriptionIndex.Entry<Integer>> matches = index.match(article, NOW);
        Set<Integer> keys = matches.stream().map(SubscriptionIndex.Entry::key)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(keys.size(), matches.size(), "a subscription reported twice");
        return keys;
    }

    @Test
    void indexAgreesWithAScanOfEverySubscriptionThroughChanges() {
        for (long seed = 1; seed <= 3; seed++) {
            RandomTraffic traffic = new RandomTraffic(seed, 40);
            Random changes = new Random(seed);
            Map<Integer, SubscriptionIndex.Entry<Integer>> subscriptions = new HashMap<>();
            List<SubscriptionIndex.Entry<Integer>> initial = new ArrayList<>();
            int nextKey = 0;
            for (; nextKey < 1_500; nextKey++) {
                SubscriptionIndex.Entry<Integer> entry = new SubscriptionIndex.Entry<>(nextKey, traffic.subscription(),
                        traffic.mutedUntil(NOW));
                subscriptions.put(nextKey, entry);
                initial.add(entry);
            }
            index.putAll(initial);
            long matched = 0;

            for (int a = 0; a < 150; a++) {
                ClassifiedArticleEvent article = traffic.article("seed-" + seed + "-article-" + a);
                Set<Integer> expected = scan(subscriptions, article);
                assertEquals(expected, indexed(article), "seed " + seed + ", " + article);
                matched += expected.size();

                if (a % 10 == 9) {
                    List<Integer> keys = new ArrayList<>(subscriptions.keySet());
                    for (int c = 0; c < 40; c++) {
                        Integer key = keys.get(changes.nextInt(keys.size()));
                        if (!subscriptions.containsKey(key)) {
                            continue;
                        }
                        if (changes.nextBoolean()) {
                            SubscriptionIndex.Entry<Integer> replaced = new SubscriptionIndex.Entry<>(key,
                                    traffic.subscription(), traffic.mutedUntil(NOW));
                            subscriptions.put(key, replaced);
                            index.put(key, replaced.criteria(), replaced.mutedUntil());
                        } else {
                            subscriptions.remove(key);
                            index.remove(key);
                        }
                    }
                    List<SubscriptionIndex.Entry<Integer>> added = new ArrayList<>();
                    for (int n = 0; n < 20; n++, nextKey++) {
                        SubscriptionIndex.Entry<Integer> entry = new SubscriptionIndex.Entry<>(nextKey,
                                traffic.subscription(), traffic.mutedUntil(NOW));
                        subscriptions.put(nextKey, entry);
                        added.add(entry);
                    }
                    index.putAll(added);
                    assertEquals(subscriptions.size(), index.size());
                }
            }
            assertEquals(true, matched > 150, "the random traffic should match now and then: " + matched);
            index.removeAll(new ArrayList<>(subscriptions.keySet()));
        }
    }

    private static ClassifiedArticleEvent article(String lang, String title, String text) {
        return new ClassifiedArticleEvent("a", null, title, text, lang, null, List.of(new Topic("cyber", 0.9)),
                List.of(new Country("AZ", List.of("PFP"))), List.of("AZ"));
    }

    private static SubscriptionCriteria query(String query) {
        return new SubscriptionCriteria(List.of(), TopicsMode.ANY, List.of(), List.of(), false, List.of(), 0.5, query);
    }

    @Test
    void keywordQueriesInLatinCyrillicAndArabicScripts() {
        index.put(1, query("\"Azərbaycan Respublikası\""), null);
        index.put(2, query("кибератака трубопровод"), null);
        index.put(3, query("هجوم OR انفجار"), null);
        index.put(4, query("Київ*"), null);
        index.put(5, query("ransomware -exercise"), null);
        index.put(6, new SubscriptionCriteria(List.of("cyber"), TopicsMode.ANY, List.of("AZ"), List.of(), true,
                List.of("ru"), 0.5, "КИБЕРАТАКА"), null);

        assertEquals(Set.of(1), indexed(article("az", "Azərbaycan Respublikası və NATO",
                "Bakıda kibertəhlükəsizlik üzrə görüş keçirilib.")));
        assertEquals(Set.of(2, 6), indexed(article("ru", "Кибератака на трубопровод",
                "Кибератака на трубопровод в Азербайджане была отражена.")));
        assertEquals(Set.of(3), indexed(article("ar", "هجوم على ناقلة نفط", "وقع هجوم قرب مضيق هرمز.")));
        assertEquals(Set.of(4), indexed(article("uk", "", "У київському штабі провели навчання.")));
        assertEquals(Set.of(5), indexed(article("en", "Ransomware", "A ransomware gang hit the port.")));
        assertEquals(Set.of(), indexed(article("en", "Ransomware", "A ransomware exercise at the port.")));
        assertEquals(Set.of(2), indexed(article("az", "Кибератака на трубопровод", "")),
                "subscription 6 asks for Russian");
    }

    @Test
    void updatedAndDeletedSubscriptionsAreReflected() {
        SubscriptionCriteria cyberInAzerbaijan = new SubscriptionCriteria(List.of("cyber"), TopicsMode.ANY,
                List.of("AZ"), List.of(), false, List.of(), 0.5, null);
        SubscriptionCriteria kuwait = new SubscriptionCriteria(List.of(), TopicsMode.ANY, List.of("KW"), List.of(),
                false, List.of(), 0.5, null);
        ClassifiedArticleEvent article = article("az", "Bakı", "pipeline");
        index.put(1, cyberInAzerbaijan, null);
        index.put(2, query("pipeline"), null);
        index.put(3, query("pipeline"), null);
        assertEquals(Set.of(1, 2, 3), indexed(article));

        index.put(1, kuwait, null);
        index.put(2, query("ceasefire"), null);
        assertEquals(Set.of(3), indexed(article));

        index.put(1, cyberInAzerbaijan, NOW.plusSeconds(60));
        index.remove(3);
        assertEquals(Set.of(), indexed(article));
        assertNull(index.get(3));

        index.put(1, cyberInAzerbaijan, NOW);
        index.put(3, query("pipeline OR ceasefire"), null);
        assertEquals(Set.of(1, 3), indexed(article), "muted until now is no longer muted");
    }

    @Test
    void keywordSubscriptionsAskingForManyCountriesOrLanguages() {
        Map<Integer, SubscriptionIndex.Entry<Integer>> subscriptions = new HashMap<>();
        List<SubscriptionCriteria> all = List.of(
                new SubscriptionCriteria(List.of(), TopicsMode.ANY, List.of("KW", "TR", "GE", "AZ"), List.of(), false,
                        List.of(), 0.5, "pipeline"),
                new SubscriptionCriteria(List.of(), TopicsMode.ANY, List.of("KW", "TR", "GE", "AM", "IR"), List.of(),
                        true, List.of(), 0.5, "pipeline"),
                new SubscriptionCriteria(List.of(), TopicsMode.ANY, List.of("AZ"), List.of(), false,
                        List.of("en", "ru", "tr", "az"), 0.5, "pipeline"),
                new SubscriptionCriteria(List.of(), TopicsMode.ANY, List.of(), List.of(), false,
                        List.of("en", "ru", "tr", "fa", "ar"), 0.5, "pipeline"),
                new SubscriptionCriteria(List.of(), TopicsMode.ANY, List.of("KW", "TR", "GE"), List.of(), false,
                        List.of("en", "ru", "az"), 0.5, "pipeline"));
        for (int key = 0; key < all.size(); key++) {
            subscriptions.put(key, new SubscriptionIndex.Entry<>(key, all.get(key), null));
        }
        index.putAll(subscriptions.values());
        for (String lang : List.of("az", "fa", "uk")) {
            ClassifiedArticleEvent article = article(lang, "Pipeline", "A pipeline in Baku.");
            assertEquals(scan(subscriptions, article), indexed(article), lang);
        }
        assertEquals(Set.of(0, 2), indexed(article("az", "Pipeline", "")));
    }
}
