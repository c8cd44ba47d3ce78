package io.vigil.classify;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tokens of one article in its language, with each distinct word listed once: the lexicons match a word and the
 * stemmer stems it once per article however often it occurs. One instance serves one classification (not
 * thread-safe).
 */
public final class ArticleWords {

    private static final String NOT_STEMMED = new String("");

    private final String text;
    private final List<Token> tokens;
    private final String lang;
    private final int[] wordOfToken;
    private final Map<String, Integer> wordIds;
    private final String[] words;
    private final String[] stems;
    private final Stemming stemming;

    private ArticleWords(String text, List<Token> tokens, String lang) {
        this.text = text;
        this.tokens = tokens;
        this.lang = lang;
        this.wordOfToken = new int[tokens.size()];
        Map<String, Integer> index = new HashMap<>(Math.max(16, tokens.size()));
        for (int i = 0; i < tokens.size(); i++) {
            Integer known = index.putIfAbsent(tokens.get(i).text(), index.size());
            wordOfToken[i] = known == null ? index.size() - 1 : known;
        }
        this.wordIds = index;
        this.words = new String[index.size()];
        index.forEach((word, id) -> words[id] = word);
        this.stems = new String[words.length];
        this.stemming = lang != null && Stemming.stems(lang) ? new Stemming() : null;
    }

    /** The words of {@code text}; {@code lang} (may be null) decides stems and which suffixes may follow a word. */
    public static ArticleWords of(String text, String lang) {
        return new ArticleWords(text, Tokenizer.tokenize(text), lang);
    }

    /** The text the tokens come from. */
    public String text() {
        return text;
    }

    public List<Token> tokens() {
        return tokens;
    }

    public String lang() {
        return lang;
    }

    /** Whether a token of the article reads {@code word} (folded). */
    boolean has(String word) {
        return wordIds.containsKey(word);
    }

    /** How many distinct words the article has. */
    int wordCount() {
        return words.length;
    }

    String word(int word) {
        return words[word];
    }

    int wordOfToken(int token) {
        return wordOfToken[token];
    }

    /** The stem of a distinct word in the article's language, or null when the language or the word has none. */
    String stem(int word) {
        String stem = stems[word];
        if (stem == null) {
            String computed = stemming == null ? null : stemming.stem(lang, words[word]);
            stems[word] = computed == null ? NOT_STEMMED : computed;
            return computed;
        }
        return stem == NOT_STEMMED ? null : stem;
    }
}
