package io.vigil.classify;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The parsed {@code topics/<lang>.rules} file: per topic a threshold and weighted terms.
 *
 * <pre>
 * [cyber] threshold=4
 * kiberhücum*                 3      # token starting with "kiberhücum"
 * kibertəhlükəsizlik          3      # that token, inflected
 * "informasiya sistemləri*"   2      # consecutive tokens
 * haker* &amp; hücum*             2      # both in one sentence
 * oyun*                      -2      # a context where the words mean something else
 * </pre>
 */
public record TopicRules(String lang, List<Section> sections) {

    public record Section(String topic, double threshold, List<Term> terms) {
    }

    /** A term: one or more parts that must all occur in one sentence; each part is a sequence of consecutive words. */
    public record Term(String expression, double weight, List<List<Lexicon.Word>> parts, int line) {
    }

    public static TopicRules parse(String lang, String file, List<String> lines) {
        List<Section> sections = new ArrayList<>();
        Set<String> seenTopics = new HashSet<>();
        String topic = null;
        double threshold = 0;
        List<Term> terms = null;
        for (int n = 1; n <= lines.size(); n++) {
            String line = DataFiles.stripComment(lines.get(n - 1));
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("[")) {
                if (topic != null) {
                    sections.add(new Section(topic, threshold, List.copyOf(terms)));
                }
                int close = line.indexOf(']');
                if (close < 0) {
                    throw new ClassifierDataException(file, n, "section header without ']': '" + line + "'");
                }
                topic = line.substring(1, close).strip();
                if (!Taxonomy.TOPICS.containsKey(topic)) {
                    throw new ClassifierDataException(file, n, "unknown topic id '" + topic + "' (expected one of "
                            + String.join(", ", Taxonomy.TOPIC_IDS) + ")");
                }
                if (!seenTopics.add(topic)) {
                    throw new ClassifierDataException(file, n, "second section for topic '" + topic + "'");
                }
                threshold = parseThreshold(file, n, line.substring(close + 1).strip());
                terms = new ArrayList<>();
                continue;
            }
            if (topic == null) {
                throw new ClassifierDataException(file, n, "term before the first [topic] threshold=N section");
            }
            terms.add(parseTerm(lang, file, n, line));
        }
        if (topic != null) {
            sections.add(new Section(topic, threshold, List.copyOf(terms)));
        }
        return new TopicRules(lang, List.copyOf(sections));
    }

    private static double parseThreshold(String file, int n, String setting) {
        if (!setting.startsWith("threshold=")) {
            throw new ClassifierDataException(file, n, "expected 'threshold=N' after the topic id, got '" + setting + "'");
        }
        try {
            double threshold = Double.parseDouble(setting.substring("threshold=".length()).strip());
            if (!(threshold > 0)) {
                throw new ClassifierDataException(file, n, "threshold must be positive, got " + threshold);
            }
            return threshold;
        } catch (NumberFormatException e) {
            throw new ClassifierDataException(file, n, "threshold is not a number: '" + setting + "'");
        }
    }

    private static Term parseTerm(String lang, String file, int n, String line) {
        int split = lastWhitespace(line);
        if (split < 0) {
            throw new ClassifierDataException(file, n, "expected '<term> <weight>', got '" + line + "'");
        }
        String expression = line.substring(0, split).strip();
        double weight;
        try {
            weight = Double.parseDouble(line.substring(split + 1));
        } catch (NumberFormatException e) {
            throw new ClassifierDataException(file, n, "weight is not a number in '" + line + "'");
        }
        List<List<Lexicon.Word>> parts = new ArrayList<>();
        String[] sides = expression.split("&");
        for (String part : sides) {
            parts.add(parsePart(lang, file, n, part.strip(), sides.length > 1));
        }
        return new Term(expression, weight, List.copyOf(parts), n);
    }

    private static List<Lexicon.Word> parsePart(String lang, String file, int n, String part, boolean conjunction) {
        // Quotes mark a phrase; a quoted conjunction ("a* & b*") is read as the conjunction of its sides
        boolean quoted = part.indexOf('"') >= 0;
        if (quoted && part.chars().filter(c -> c == '"').count() % 2 != 0 && !(conjunction && partOfQuotedConjunction(part))) {
            throw new ClassifierDataException(file, n, "unclosed quote in " + part);
        }
        String body = part.replace("\"", "").strip();
        if (!quoted && body.chars().anyMatch(Character::isWhitespace)) {
            throw new ClassifierDataException(file, n, "several words must be quoted as a phrase: \"" + part + "\"");
        }
        List<Lexicon.Word> words = new ArrayList<>();
        for (String word : body.split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            boolean prefix = word.endsWith("*");
            String stem = prefix ? word.substring(0, word.length() - 1) : word;
            if (stem.contains("*")) {
                throw new ClassifierDataException(file, n, "'*' may only end a word: " + word);
            }
            List<Token> tokens = Tokenizer.tokenize(stem);
            if (tokens.isEmpty()) {
                throw new ClassifierDataException(file, n, "no word in '" + word + "'");
            }
            for (int i = 0; i < tokens.size(); i++) {
                words.add(new Lexicon.Word(lang, tokens.get(i).text(), prefix && i == tokens.size() - 1));
            }
        }
        if (words.isEmpty()) {
            throw new ClassifierDataException(file, n, "empty term part in '" + part + "'");
        }
        return List.copyOf(words);
    }

    private static boolean partOfQuotedConjunction(String part) {
        return part.startsWith("\"") != part.endsWith("\"");
    }

    private static int lastWhitespace(String line) {
        for (int i = line.length() - 1; i >= 0; i--) {
            if (Character.isWhitespace(line.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    public int termCount() {
        return sections.stream().mapToInt(s -> s.terms().size()).sum();
    }
}
