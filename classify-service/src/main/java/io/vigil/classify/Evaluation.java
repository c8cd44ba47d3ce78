package io.vigil.classify;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Evaluates the classifier on a labelled JSONL file (TAXONOMY.md's format) without starting the service: prints
 * precision, recall and F1 per topic, per language and overall, country and focus figures, and the articles it got
 * most wrong with their evidence; optionally writes the predictions in the format {@code /work/shared/eval/score} reads.
 *
 * <pre>classify-service/evaluate GOLD.jsonl [--predictions OUT.jsonl] [--rules-dir DIR] [--worst N] [--high-accuracy]</pre>
 */
public final class Evaluation {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Counts of one label set comparison. */
    static final class Counts {
        int tp;
        int fp;
        int fn;

        void add(Set<String> gold, Set<String> predicted) {
            for (String p : predicted) {
                if (gold.contains(p)) {
                    tp++;
                } else {
                    fp++;
                }
            }
            for (String g : gold) {
                if (!predicted.contains(g)) {
                    fn++;
                }
            }
        }

        double precision() {
            return tp + fp == 0 ? 1.0 : (double) tp / (tp + fp);
        }

        double recall() {
            return tp + fn == 0 ? 1.0 : (double) tp / (tp + fn);
        }

        double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    record Gold(String id, String lang, String title, String text, Set<String> topics, Set<String> countries,
                List<String> focus) {
    }

    record Scored(Gold gold, Classification predicted, double errors) {
    }

    private Evaluation() {
    }

    public static void main(String[] args) throws IOException {
        Path gold = null;
        Path predictions = null;
        Path rulesDir = null;
        int worst = 10;
        boolean highAccuracy = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--predictions" -> predictions = Path.of(args[++i]);
                case "--rules-dir" -> rulesDir = Path.of(args[++i]);
                case "--worst" -> worst = Integer.parseInt(args[++i]);
                case "--high-accuracy" -> highAccuracy = true;
                default -> {
                    if (args[i].startsWith("--") || gold != null) {
                        usage();
                        return;
                    }
                    gold = Path.of(args[i]);
                }
            }
        }
        if (gold == null) {
            usage();
            return;
        }
        ClassifierModel model = ClassifierModel.load(rulesDir == null ? DataFiles.classpath() : DataFiles.directory(rulesDir));
        Classifier classifier = new Classifier(model, new LanguageDetector(!highAccuracy), 0.5);
        List<Gold> articles = read(gold);
        List<Scored> scored = new ArrayList<>();
        long started = System.nanoTime();
        for (Gold article : articles) {
            Classification predicted = classifier.classify(article.title(), article.text(), article.lang());
            scored.add(new Scored(article, predicted, errors(article, predicted)));
        }
        double millis = (System.nanoTime() - started) / 1e6;
        if (predictions != null) {
            writePredictions(predictions, scored);
        }
        report(System.out, scored, worst, millis, model.counts());
    }

    private static void usage() {
        System.err.println("usage: evaluate GOLD.jsonl [--predictions OUT.jsonl] [--rules-dir DIR] [--worst N] [--high-accuracy]");
        System.exit(2);
    }

    static List<Gold> read(Path file) throws IOException {
        List<Gold> articles = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int n = 1; n <= lines.size(); n++) {
            String line = lines.get(n - 1).strip();
            if (line.isEmpty()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (IOException e) {
                throw new IOException(file + ":" + n + ": not JSON: " + e.getMessage(), e);
            }
            articles.add(new Gold(node.path("id").asText("line-" + n), node.path("lang").asText(null),
                    node.path("title").asText(""), node.path("text").asText(""), labels(node.get("topics")),
                    labels(node.get("countries")), new ArrayList<>(labels(node.get("focus")))));
        }
        return articles;
    }

    private static Set<String> labels(JsonNode array) {
        Set<String> labels = new TreeSet<>();
        if (array != null) {
            array.forEach(v -> labels.add(v.isObject() ? v.path(v.has("id") ? "id" : "code").asText() : v.asText()));
        }
        return labels;
    }

    private static Set<String> topicIds(Classification c) {
        return c.topics().stream().map(Classification.TopicTag::id).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> countryCodes(Classification c) {
        return c.countries().stream().map(Classification.CountryTag::code).collect(Collectors.toCollection(TreeSet::new));
    }

    /** How wrong one article is: topic errors count fully, country errors half, a missed first focus once. */
    static double errors(Gold gold, Classification predicted) {
        Counts topics = new Counts();
        topics.add(gold.topics(), topicIds(predicted));
        Counts countries = new Counts();
        countries.add(gold.countries(), countryCodes(predicted));
        boolean focusMissed = !gold.focus().isEmpty()
                && (predicted.focus().isEmpty() || !gold.focus().contains(predicted.focus().getFirst()));
        return topics.fp + topics.fn + (countries.fp + countries.fn) / 2.0 + (focusMissed ? 1 : 0);
    }

    private static void writePredictions(Path file, List<Scored> scored) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Scored s : scored) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", s.gold().id());
                row.put("lang", s.predicted().lang());
                row.put("topics", s.predicted().topics());
                row.put("countries", s.predicted().countries());
                row.put("focus", s.predicted().focus());
                out.write(JSON.writeValueAsString(row));
                out.newLine();
            }
        }
    }

    static void report(PrintStream out, List<Scored> scored, int worst, double millis, ClassifierModel.Counts counts) {
        Counts topics = new Counts();
        Counts countries = new Counts();
        Map<String, Counts> perTopic = new TreeMap<>();
        Map<String, Counts> perLangTopics = new TreeMap<>();
        Map<String, Counts> perLangCountries = new TreeMap<>();
        Map<String, Integer> perLangArticles = new TreeMap<>();
        int focusTotal = 0;
        int focusHits = 0;
        int langHits = 0;
        for (Scored s : scored) {
            Gold gold = s.gold();
            Set<String> predictedTopics = topicIds(s.predicted());
            Set<String> predictedCountries = countryCodes(s.predicted());
            String lang = gold.lang() == null ? "?" : gold.lang();
            topics.add(gold.topics(), predictedTopics);
            countries.add(gold.countries(), predictedCountries);
            perLangTopics.computeIfAbsent(lang, l -> new Counts()).add(gold.topics(), predictedTopics);
            perLangCountries.computeIfAbsent(lang, l -> new Counts()).add(gold.countries(), predictedCountries);
            perLangArticles.merge(lang, 1, Integer::sum);
            Set<String> all = new HashSet<>(gold.topics());
            all.addAll(predictedTopics);
            for (String topic : all) {
                perTopic.computeIfAbsent(topic, t -> new Counts()).add(gold.topics().contains(topic) ? Set.of(topic) : Set.of(),
                        predictedTopics.contains(topic) ? Set.of(topic) : Set.of());
            }
            if (!gold.focus().isEmpty()) {
                focusTotal++;
                if (!s.predicted().focus().isEmpty() && gold.focus().contains(s.predicted().focus().getFirst())) {
                    focusHits++;
                }
            }
            if (lang.equals(s.predicted().lang())) {
                langHits++;
            }
        }
        out.printf(Locale.ROOT, "%-24s %6s %6s %6s %5s%n", "topic", "P", "R", "F1", "gold");
        perTopic.forEach((topic, c) -> out.printf(Locale.ROOT, "%-24s %6.3f %6.3f %6.3f %5d%n", topic, c.precision(),
                c.recall(), c.f1(), c.tp + c.fn));
        out.printf(Locale.ROOT, "%n%-6s %4s %8s %8s %8s %10s %10s %10s%n", "lang", "n", "topicP", "topicR", "topicF1",
                "countryP", "countryR", "countryF1");
        perLangArticles.forEach((lang, n) -> {
            Counts t = perLangTopics.get(lang);
            Counts c = perLangCountries.get(lang);
            out.printf(Locale.ROOT, "%-6s %4d %8.3f %8.3f %8.3f %10.3f %10.3f %10.3f%n", lang, n, t.precision(),
                    t.recall(), t.f1(), c.precision(), c.recall(), c.f1());
        });
        int articles = scored.size();
        out.printf(Locale.ROOT, "%noverall: articles=%d topicF1=%.3f (P=%.3f R=%.3f) countryF1=%.3f (P=%.3f R=%.3f) "
                        + "focus@1=%.3f lang=%.3f%n", articles, topics.f1(), topics.precision(), topics.recall(),
                countries.f1(), countries.precision(), countries.recall(),
                focusTotal == 0 ? 1.0 : (double) focusHits / focusTotal, articles == 0 ? 1.0 : (double) langHits / articles);
        out.printf(Locale.ROOT, "classified in %.0f ms (%.2f ms per article, cold JVM); data: %s%n", millis,
                articles == 0 ? 0 : millis / articles, counts);

        List<Scored> worstArticles = scored.stream().filter(s -> s.errors() > 0)
                .sorted(Comparator.comparingDouble(Scored::errors).reversed()).limit(worst).toList();
        if (!worstArticles.isEmpty()) {
            out.printf("%nmost wrong articles:%n");
        }
        for (Scored s : worstArticles) {
            describe(out, s);
        }
    }

    private static void describe(PrintStream out, Scored s) {
        Gold gold = s.gold();
        Classification predicted = s.predicted();
        Set<String> predictedTopics = topicIds(predicted);
        Set<String> predictedCountries = countryCodes(predicted);
        out.printf(Locale.ROOT, "%n%s [%s -> %s] errors=%.1f  %s%n", gold.id(), gold.lang(), predicted.lang(), s.errors(),
                abbreviate(gold.title().isEmpty() ? gold.text() : gold.title(), 90));
        out.printf("  topics    gold %s predicted %s%n", gold.topics(), predictedTopics);
        for (Classification.TopicTag topic : predicted.topics()) {
            String mark = gold.topics().contains(topic.id()) ? "ok" : "FALSE";
            out.printf(Locale.ROOT, "    %-5s %s %.3f: %s%n", mark, topic.id(), topic.score(), evidence(topic.evidence()));
        }
        Set<String> missedTopics = new TreeSet<>(gold.topics());
        missedTopics.removeAll(predictedTopics);
        if (!missedTopics.isEmpty()) {
            out.printf("    MISSED %s%n", missedTopics);
        }
        out.printf("  countries gold %s predicted %s%n", gold.countries(), predictedCountries);
        for (Classification.CountryTag country : predicted.countries()) {
            if (!gold.countries().contains(country.code())) {
                out.printf("    FALSE %s: %s%n", country.code(), evidence(country.evidence()));
            }
        }
        out.printf("  focus     gold %s predicted %s%n", gold.focus(), predicted.focus());
    }

    private static String evidence(List<Classification.Evidence> evidence) {
        return evidence.stream().limit(6).map(e -> "\"" + e.text() + "\"@" + e.start()).collect(Collectors.joining(", "));
    }

    private static String abbreviate(String text, int max) {
        String oneLine = text.replace('\n', ' ');
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "…";
    }
}
