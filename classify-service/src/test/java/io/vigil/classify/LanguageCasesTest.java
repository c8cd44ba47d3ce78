package io.vigil.classify;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every case of {@code src/test/resources/cases/<lang>.cases}: one case a line,
 * {@code <expectations><TAB><text>}, expectations among {@code lang=az country=AZ no-country=JO focus=AZ topic=cyber
 * no-topic=cyber}; a literal {@code \n} in the text separates the title (first line) from the body.
 *
 * <p>Only one language: {@code ./mvnw -B -pl classify-service test -Dtest=LanguageCasesTest -Dcases=az}.
 */
class LanguageCasesTest {

    record Case(String file, int line, String lang, List<String> expectations, String title, String text) {
        @Override
        public String toString() {
            return file + ":" + line + " " + String.join(" ", expectations);
        }
    }

    private static Classifier classifier;

    @BeforeAll
    static void loadClassifier() {
        classifier = TestClassifiers.shipped();
    }

    static Stream<Case> cases() throws IOException, URISyntaxException {
        URL root = LanguageCasesTest.class.getClassLoader().getResource("cases");
        if (root == null) {
            return Stream.empty();
        }
        String only = System.getProperty("cases", "");
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(root.toURI()))) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".cases")).sorted().toList()) {
                String name = file.getFileName().toString();
                String lang = name.substring(0, name.length() - ".cases".length());
                if (!only.isEmpty() && !only.equals(lang)) {
                    continue;
                }
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int n = 1; n <= lines.size(); n++) {
                    cases.add(parse(name, n, lang, lines.get(n - 1)));
                }
            }
        }
        return cases.stream().filter(c -> c != null);
    }

    private static Case parse(String file, int line, String lang, String raw) {
        if (raw.isBlank() || raw.startsWith("#")) {
            return null;
        }
        int tab = raw.indexOf('\t');
        if (tab < 0) {
            return new Case(file, line, lang, List.of("malformed: no TAB between expectations and text"), "", raw);
        }
        List<String> expectations = List.of(raw.substring(0, tab).strip().split("\\s+"));
        String text = raw.substring(tab + 1).replace("\\n", "\n");
        int newline = text.indexOf('\n');
        return newline < 0
                ? new Case(file, line, lang, expectations, "", text)
                : new Case(file, line, lang, expectations, text.substring(0, newline), text.substring(newline + 1));
    }

    @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
    @MethodSource("cases")
    void classifiesAsExpected(Case testCase) {
        Classification result = classifier.classify(testCase.title(), testCase.text(), testCase.lang());
        for (String expectation : testCase.expectations()) {
            int eq = expectation.indexOf('=');
            if (eq < 0) {
                fail("unknown expectation '" + expectation + "'" + describe(testCase, result));
            }
            String kind = expectation.substring(0, eq);
            String value = expectation.substring(eq + 1);
            String message = "expected " + expectation + describe(testCase, result);
            switch (kind) {
                case "lang" -> assertTrue(value.equals(result.lang()), message);
                case "country" -> assertTrue(countries(result).contains(value), message);
                case "no-country" -> assertFalse(countries(result).contains(value), message);
                case "focus" -> assertTrue(!result.focus().isEmpty() && result.focus().getFirst().equals(value), message);
                case "topic" -> assertTrue(topics(result).contains(value), message);
                case "no-topic" -> assertFalse(topics(result).contains(value), message);
                default -> fail("unknown expectation '" + expectation + "'" + describe(testCase, result));
            }
        }
    }

    private static List<String> countries(Classification result) {
        return result.countries().stream().map(Classification.CountryTag::code).toList();
    }

    private static List<String> topics(Classification result) {
        return result.topics().stream().map(Classification.TopicTag::id).toList();
    }

    static String describe(Case testCase, Classification result) {
        StringBuilder out = new StringBuilder();
        out.append("\n  case ").append(testCase.file()).append(':').append(testCase.line())
                .append("\n  title: ").append(testCase.title())
                .append("\n  text:  ").append(testCase.text())
                .append("\n  lang:  ").append(result.lang())
                .append("\n  topics:");
        if (result.topics().isEmpty()) {
            out.append(" none");
        }
        result.topics().forEach(t -> out.append("\n    ").append(t.id()).append(' ').append(t.score())
                .append(" evidence ").append(evidence(t.evidence())));
        out.append("\n  countries:");
        if (result.countries().isEmpty()) {
            out.append(" none");
        }
        result.countries().forEach(c -> out.append("\n    ").append(c.code()).append(" x").append(c.mentions())
                .append(" evidence ").append(evidence(c.evidence())));
        out.append("\n  focus: ").append(result.focus()).append('\n');
        return out.toString();
    }

    private static String evidence(List<Classification.Evidence> evidence) {
        return evidence.stream().map(e -> "\"" + e.text() + "\"@" + e.start()).collect(Collectors.joining(", "));
    }
}
