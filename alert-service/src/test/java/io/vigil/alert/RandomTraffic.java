package io.vigil.alert;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.vigil.alert.messaging.ClassifiedArticleEvent;

/** Reproducible random subscriptions and classified articles over the real taxonomy. */
final class RandomTraffic {

    private static final List<String> COUNTRIES = List.copyOf(new java.util.TreeSet<>(Taxonomy.COUNTRIES));
    private static final List<String> FRAMEWORKS = List.copyOf(new java.util.TreeSet<>(Taxonomy.FRAMEWORK_MEMBERS.keySet()));
    private static final List<String> LANGUAGES = List.of("az", "en", "ru", "ar", "fa", "tr");
    private static final List<String> WORDS = List.of("pipeline", "ceasefire", "drill", "ransomware", "border",
            "summit", "mine", "port", "exercise", "treaty");

    private final Random random;
    private final boolean withQueries;

    /** @param withQueries whether one subscription in ten is a keyword query alone */
    RandomTraffic(long seed, boolean withQueries) {
        this.random = new Random(seed);
        this.withQueries = withQueries;
    }

    SubscriptionCriteria subscription() {
        int shape = random.nextInt(withQueries ? 10 : 9);
        List<String> topics = shape < 6 ? pick(Taxonomy.TOPICS, 1 + random.nextInt(2)) : List.of();
        List<String> countries = shape < 3 || shape == 6 || shape == 7 ? pick(COUNTRIES, 1 + random.nextInt(3)) : List.of();
        List<String> frameworks = shape == 8 || shape == 2 ? pick(FRAMEWORKS, 1) : List.of();
        String query = shape == 9 ? WORDS.get(random.nextInt(WORDS.size())) : null;
        List<String> languages = random.nextInt(4) == 0 ? pick(LANGUAGES, 1) : List.of();
        return new SubscriptionCriteria(topics, random.nextBoolean() ? TopicsMode.ANY : TopicsMode.ALL, countries,
                frameworks, random.nextInt(5) == 0, languages, 0.3 + random.nextInt(5) / 10.0, query);
    }

    ClassifiedArticleEvent article(String id) {
        List<ClassifiedArticleEvent.Topic> topics = new ArrayList<>();
        for (String topic : pick(Taxonomy.TOPICS, random.nextInt(3))) {
            topics.add(new ClassifiedArticleEvent.Topic(topic, random.nextDouble()));
        }
        List<ClassifiedArticleEvent.Country> countries = new ArrayList<>();
        List<String> codes = pick(COUNTRIES, random.nextInt(4));
        for (String code : codes) {
            countries.add(new ClassifiedArticleEvent.Country(code, List.copyOf(Taxonomy.frameworksOf(code))));
        }
        List<String> focus = codes.isEmpty() ? List.of() : List.of(codes.getFirst());
        String text = String.join(" ", pick(WORDS, 3));
        return new ClassifiedArticleEvent(id, null, "title", text, LANGUAGES.get(random.nextInt(LANGUAGES.size())),
                null, topics, countries, focus);
    }

    private List<String> pick(List<String> from, int count) {
        List<String> picked = new ArrayList<>();
        while (picked.size() < count) {
            String candidate = from.get(random.nextInt(from.size()));
            if (!picked.contains(candidate)) {
                picked.add(candidate);
            }
        }
        return picked;
    }
}
