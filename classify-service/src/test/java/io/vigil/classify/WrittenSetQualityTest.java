package io.vigil.classify;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Regression guard on the written evaluation sets ({@code src/test/resources/eval/written-<lang>.jsonl}: articles
 * written for the project in the style of each language's outlets, labelled by TAXONOMY.md's rules before the
 * classifier saw them). Prints the figures per language and fails when a language, or focus@1 over all of them, falls
 * below the floors, which sit under today's figures so that a change that costs a clear share of quality is noticed.
 */
class WrittenSetQualityTest {

    private static final Logger LOG = Logger.getLogger(WrittenSetQualityTest.class);

    static final double MIN_TOPIC_F1 = 0.80;
    static final double MIN_COUNTRY_F1 = 0.90;
    /** Over all languages: a language has too few articles for its own focus floor. */
    static final double MIN_FOCUS_AT_1 = 0.87;

    private static final class LanguageFigures {
        int articles;
        int focusHits;
        final Evaluation.Counts topics = new Evaluation.Counts();
        final Evaluation.Counts countries = new Evaluation.Counts();
    }

    @Test
    void everyLanguageKeepsItsTopicAndCountryQuality() throws IOException, URISyntaxException {
        Classifier classifier = TestClassifiers.shipped();
        Map<String, LanguageFigures> byLang = new TreeMap<>();
        for (Path file : writtenSets()) {
            for (Evaluation.Gold gold : Evaluation.read(file)) {
                Classification predicted = classifier.classify(gold.title(), gold.text(), gold.lang());
                LanguageFigures figures = byLang.computeIfAbsent(gold.lang(), l -> new LanguageFigures());
                figures.articles++;
                figures.topics.add(gold.topics(), ids(predicted.topics(), Classification.TopicTag::id));
                figures.countries.add(gold.countries(), ids(predicted.countries(), Classification.CountryTag::code));
                if (!predicted.focus().isEmpty() && gold.focus().contains(predicted.focus().getFirst())) {
                    figures.focusHits++;
                }
            }
        }
        assertFalse(byLang.isEmpty(), "no written evaluation set found under eval/");
        int articles = byLang.values().stream().mapToInt(f -> f.articles).sum();
        double focusAt1 = (double) byLang.values().stream().mapToInt(f -> f.focusHits).sum() / articles;

        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-5s %4s %8s %8s %8s %10s %10s%n", "lang",
                "n", "topicP", "topicR", "topicF1", "countryF1", "focus@1"));
        List<Executable> checks = new ArrayList<>();
        byLang.forEach((lang, f) -> {
            table.append(String.format(Locale.ROOT, "%-5s %4d %8.3f %8.3f %8.3f %10.3f %10.3f%n", lang, f.articles,
                    f.topics.precision(), f.topics.recall(), f.topics.f1(), f.countries.f1(),
                    (double) f.focusHits / f.articles));
            checks.add(() -> assertTrue(f.topics.f1() >= MIN_TOPIC_F1, () -> String.format(Locale.ROOT,
                    "%s: topic F1 %.3f < %.2f", lang, f.topics.f1(), MIN_TOPIC_F1)));
            checks.add(() -> assertTrue(f.countries.f1() >= MIN_COUNTRY_F1, () -> String.format(Locale.ROOT,
                    "%s: country F1 %.3f < %.2f", lang, f.countries.f1(), MIN_COUNTRY_F1)));
        });
        table.append(String.format(Locale.ROOT, "all   %4d %48.3f", articles, focusAt1));
        LOG.infof("Written evaluation sets:%n%s", table);
        checks.add(() -> assertTrue(focusAt1 >= MIN_FOCUS_AT_1, () -> String.format(Locale.ROOT,
                "focus@1 %.3f < %.2f", focusAt1, MIN_FOCUS_AT_1)));
        assertAll(checks);
    }

    private static <T> Set<String> ids(List<T> tags, Function<T, String> id) {
        return tags.stream().map(id).collect(Collectors.toSet());
    }

    private static List<Path> writtenSets() throws IOException, URISyntaxException {
        URL root = WrittenSetQualityTest.class.getClassLoader().getResource("eval");
        if (root == null) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(Path.of(root.toURI()))) {
            return files.filter(f -> f.getFileName().toString().matches("written-[a-z]{2}\\.jsonl")).sorted().toList();
        }
    }
}
