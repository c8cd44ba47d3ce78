package io.vigil.classify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * An endless stream of distinct 3,000-character articles in one language for {@link ClassifierBenchmark}, so that the
 * classifier meets words its caches have not seen, as it does on a real stream. Each article is made of random
 * sentences of {@code bench/<lang>.txt} in which most words are replaced: the word with one or two of the language's
 * suffixes ({@code suffixes/<lang>.txt}) or one letter changed (both keep the prefix, so they walk deep into the
 * lexicons' tries), an invented name drawn from the letters of the text, or a number. The rest stay as written, so
 * topic terms and country names still occur. The vocabulary is practically unbounded; a fixed seed makes runs
 * comparable.
 */
final class GeneratedArticles {

    private static final double KEEP = 0.25;
    private static final double INFLECT = KEEP + 0.25;
    private static final double CHANGE_LETTER = INFLECT + 0.2;
    private static final double INVENT = CHANGE_LETTER + 0.2;

    private final List<String> sentences;
    private final String[] suffixes;
    /** Every letter of the text, as often as it occurs there: drawing from it follows the language's frequencies. */
    private final String letters;
    private final boolean cased;
    private final Random random;

    GeneratedArticles(String lang, long seed) throws IOException {
        String text = source(lang);
        this.sentences = sentences(text);
        this.suffixes = ClassifierModel.parseMorphology(lang, "suffixes/" + lang + ".txt",
                        DataFiles.classpath().lines("suffixes/" + lang + ".txt").orElse(List.of()))
                .suffixes().stream().sorted().toArray(String[]::new);
        StringBuilder letterPool = new StringBuilder();
        text.codePoints().filter(Character::isLetter).map(Character::toLowerCase).forEach(letterPool::appendCodePoint);
        this.letters = letterPool.toString();
        this.cased = Tokenizer.isCasedScript(letters);
        this.random = new Random(seed);
    }

    /** The next article: title first, then a body of exactly {@value ClassifierBenchmark#ARTICLE_CHARS} characters. */
    String[] next() {
        String title = rewrite(sentences.get(random.nextInt(sentences.size())));
        StringBuilder body = new StringBuilder(ClassifierBenchmark.ARTICLE_CHARS + 400);
        while (body.length() < ClassifierBenchmark.ARTICLE_CHARS) {
            body.append(rewrite(sentences.get(random.nextInt(sentences.size()))))
                    .append(random.nextInt(5) == 0 ? "\n" : " ");
        }
        return new String[] {title, body.substring(0, ClassifierBenchmark.ARTICLE_CHARS)};
    }

    private String rewrite(String sentence) {
        StringBuilder out = new StringBuilder(sentence.length() + 40);
        int i = 0;
        while (i < sentence.length()) {
            int cp = sentence.codePointAt(i);
            if (!Tokenizer.isWordCodePoint(cp)) {
                out.appendCodePoint(cp);
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            while (i < sentence.length() && Tokenizer.isWordCodePoint(sentence.codePointAt(i))) {
                i += Character.charCount(sentence.codePointAt(i));
            }
            out.append(variant(sentence.substring(start, i)));
        }
        return out.toString();
    }

    private String variant(String word) {
        double draw = random.nextDouble();
        if (draw < KEEP || word.length() < 3) {
            return word;
        }
        if (draw < INFLECT && suffixes.length > 0) {
            String inflected = word + suffixes[random.nextInt(suffixes.length)];
            return random.nextBoolean() ? inflected : inflected + suffixes[random.nextInt(suffixes.length)];
        }
        if (draw < CHANGE_LETTER) {
            int at = 1 + random.nextInt(word.length() - 1);
            if (Character.isSurrogate(word.charAt(at)) || Character.isSurrogate(word.charAt(at - 1))) {
                return word;
            }
            return word.substring(0, at) + letters.charAt(random.nextInt(letters.length())) + word.substring(at + 1);
        }
        if (draw < INVENT) {
            return inventedName();
        }
        return Integer.toString(random.nextInt(100_000));
    }

    private String inventedName() {
        int length = 4 + random.nextInt(8);
        StringBuilder name = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            name.append(letters.charAt(random.nextInt(letters.length())));
        }
        if (cased && random.nextBoolean()) {
            name.setCharAt(0, Character.toUpperCase(name.charAt(0)));
        }
        return name.toString();
    }

    private static String source(String lang) throws IOException {
        try (InputStream in = GeneratedArticles.class.getClassLoader().getResourceAsStream("bench/" + lang + ".txt")) {
            if (in == null) {
                throw new IllegalStateException("no bench/" + lang + ".txt");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The sentences of the text: up to and including a full stop, question or exclamation mark, or a line end. */
    private static List<String> sentences(String text) {
        List<String> sentences = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean end = c == '\n' || ((c == '.' || c == '!' || c == '?' || c == '؟' || c == '։' || c == '۔')
                    && (i + 1 == text.length() || Character.isWhitespace(text.charAt(i + 1))));
            if (end || i + 1 == text.length()) {
                String sentence = text.substring(start, c == '\n' ? i : i + 1).strip();
                if (!sentence.isEmpty()) {
                    sentences.add(sentence);
                }
                start = i + 1;
            }
        }
        return sentences;
    }
}
