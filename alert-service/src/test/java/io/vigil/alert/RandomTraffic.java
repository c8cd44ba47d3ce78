package io.vigil.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import io.vigil.alert.messaging.ClassifiedArticleEvent;

/**
 * Reproducible subscriptions and classified articles over the real taxonomy, shaped like real traffic: countries
 * named with a skew (a few countries in most articles), most subscriptions a topic in a region, one in ten a
 * keyword query (in Latin, Cyrillic or Arabic script), some focus-only, language-restricted, muted or strict.
 */
final class RandomTraffic {

    private static final List<String> COUNTRIES = List.copyOf(new TreeSet<>(Taxonomy.COUNTRIES));
    private static final List<String> FRAMEWORKS = List.copyOf(new TreeSet<>(Taxonomy.FRAMEWORK_MEMBERS.keySet()));
    private static final List<String> LANGUAGES = List.of("az", "en", "ru", "ar", "fa", "tr", "uk");
    /** Words queries look for, in the scripts of the monitored languages. */
    static final List<String> KEYWORDS = List.of("pipeline", "ceasefire", "drill", "ransomware", "border", "summit",
            "Azərbaycan", "kiberhücum", "sərhəd", "тренировка", "кибератака", "трубопровод", "Україна", "перемир'я",
            "هجوم", "الكويت", "نفط", "مناورات", "انفجار", "Hürmüz");
    /** Other words, used with Zipf's law frequencies as in real text (the first ones are the common words). */
    private static final String[] FILLER = filler(20_000);
    private static final double[] FILLER_CUMULATIVE = zipf(FILLER.length);
    /** Queries name rarer words than the few hundred most common ones. */
    private static final int RAREST_COMMON_WORD = 500;

    private final Random random;
    private final int textWords;

    /** @param textWords words of filler in each article text (real articles have some 400) */
    RandomTraffic(long seed, int textWords) {
        this.random = new Random(seed);
        this.textWords = textWords;
    }

    SubscriptionCriteria subscription() {
        int shape = random.nextInt(100);
        List<String> topics = List.of();
        List<String> countries = List.of();
        List<String> frameworks = List.of();
        String query = null;
        if (shape < 10) {
            query = query();
            if (shape < 5) {
                topics = random.nextBoolean() ? pick(Taxonomy.TOPICS, 1) : List.of();
                countries = topics.isEmpty() ? countries(1 + random.nextInt(2)) : List.of();
            }
        } else if (shape < 60) {
            topics = pick(Taxonomy.TOPICS, 1 + random.nextInt(2));
            countries = countries(1 + random.nextInt(3));
        } else if (shape < 75) {
            countries = countries(1 + random.nextInt(3));
        } else if (shape < 80) {
            topics = pick(Taxonomy.TOPICS, 1 + random.nextInt(3));
        } else if (shape < 92) {
            frameworks = pick(FRAMEWORKS, 1 + random.nextInt(2));
            topics = pick(Taxonomy.TOPICS, 1);
        } else {
            frameworks = pick(FRAMEWORKS, 1);
            countries = random.nextInt(2) == 0 ? countries(2) : List.of();
        }
        List<String> languages = random.nextInt(5) == 0 ? pick(LANGUAGES, 1 + random.nextInt(2)) : List.of();
        TopicsMode mode = random.nextInt(4) == 0 ? TopicsMode.ALL : TopicsMode.ANY;
        return new SubscriptionCriteria(topics, mode, countries, frameworks, random.nextInt(4) == 0, languages,
                (3 + random.nextInt(6)) / 10.0, query);
    }

    /** One subscription in twenty muted, half of them until a time already past. */
    Instant mutedUntil(Instant now) {
        int roll = random.nextInt(40);
        return roll == 0 ? now.plusSeconds(3_600) : roll == 1 ? now.minusSeconds(3_600) : null;
    }

    ClassifiedArticleEvent article(String id) {
        List<ClassifiedArticleEvent.Topic> topics = new ArrayList<>();
        for (String topic : pick(Taxonomy.TOPICS, random.nextInt(4))) {
            topics.add(new ClassifiedArticleEvent.Topic(topic, Math.round(random.nextDouble() * 100) / 100.0));
        }
        if (!topics.isEmpty() && random.nextInt(10) == 0) {
            topics.add(new ClassifiedArticleEvent.Topic(topics.getFirst().id(), random.nextDouble()));
        }
        List<ClassifiedArticleEvent.Country> countries = new ArrayList<>();
        List<String> codes = countries(random.nextInt(5));
        for (String code : codes) {
            List<String> attached = random.nextInt(10) == 0 ? pick(FRAMEWORKS, 1) : List.copyOf(Taxonomy.frameworksOf(code));
            countries.add(new ClassifiedArticleEvent.Country(code, attached));
        }
        List<String> focus = new ArrayList<>(codes.isEmpty() ? List.of() : codes.subList(0, 1 + random.nextInt(Math.min(2, codes.size()))));
        if (random.nextInt(20) == 0) {
            focus.add(countries(1).getFirst());
        }
        int languageRoll = random.nextInt(20);
        String lang = languageRoll == 0 ? null
                : languageRoll == 1 ? "EN"
                : LANGUAGES.get(random.nextInt(LANGUAGES.size()));
        return new ClassifiedArticleEvent(id, "https://example.org/" + id, words(6), words(textWords), lang, null,
                topics, countries, focus);
    }

    private String query() {
        String word = queryWord();
        String other = queryWord();
        return switch (random.nextInt(6)) {
            case 0 -> word + " " + other;
            case 1 -> word + " OR " + other;
            case 2 -> "\"" + word + " " + other + "\"";
            case 3 -> word + " -" + other;
            case 4 -> word.substring(0, Math.max(3, word.length() - 2)) + "*";
            default -> word;
        };
    }

    private String queryWord() {
        return random.nextInt(10) == 0
                ? KEYWORDS.get(random.nextInt(KEYWORDS.size()))
                : FILLER[RAREST_COMMON_WORD + random.nextInt(FILLER.length - RAREST_COMMON_WORD)];
    }

    /** Filler with about one keyword in an article, some in upper case. */
    private String words(int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                text.append(' ');
            }
            if (random.nextInt(2 * count + 4) == 0) {
                String keyword = KEYWORDS.get(random.nextInt(KEYWORDS.size()));
                text.append(random.nextInt(3) == 0 ? keyword.toUpperCase(java.util.Locale.ROOT) : keyword);
            } else {
                int rank = Arrays.binarySearch(FILLER_CUMULATIVE, random.nextDouble());
                text.append(FILLER[Math.min(FILLER.length - 1, rank < 0 ? -rank - 1 : rank)]);
            }
        }
        return text.toString();
    }

    /** Distinct countries, the first few dozen codes named far more often than the rest. */
    private List<String> countries(int count) {
        List<String> picked = new ArrayList<>();
        while (picked.size() < count) {
            int rank = (int) Math.min(COUNTRIES.size() - 1, Math.floor(Math.pow(random.nextDouble(), 2) * COUNTRIES.size()));
            String code = COUNTRIES.get((rank * 37) % COUNTRIES.size());
            if (!picked.contains(code)) {
                picked.add(code);
            }
        }
        return picked;
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

    private static double[] zipf(int size) {
        double[] cumulative = new double[size];
        double sum = 0;
        for (int rank = 0; rank < size; rank++) {
            sum += 1.0 / (rank + 1);
            cumulative[rank] = sum;
        }
        for (int rank = 0; rank < size; rank++) {
            cumulative[rank] /= sum;
        }
        return cumulative;
    }

    private static String[] filler(int size) {
        Random random = new Random(1);
        String[] alphabets = {"abcdefghijklmnoprstuvyzəğışçö", "абвгдежзиклмнопрстуфхцчшыя", "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"};
        String[] words = new String[size];
        for (int i = 0; i < size; i++) {
            String alphabet = alphabets[i % alphabets.length];
            StringBuilder word = new StringBuilder();
            for (int length = 3 + random.nextInt(7); word.length() < length; ) {
                word.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            words[i] = word.toString();
        }
        return words;
    }
}
