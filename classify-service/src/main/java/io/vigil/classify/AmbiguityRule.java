package io.vigil.classify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The condition of a {@code ?<ISO>} line of a countries file: an ambiguous form counts as a country only when it holds.
 *
 * @param words for the {@code not-*} kinds, each word or phrase as folded tokens (matched as written, not stemmed:
 *              inflected forms are listed one by one)
 */
public record AmbiguityRule(Kind kind, List<String[]> words) {

    /**
     * {@code not-in-article} is one sense per article: a word that settles the other sense anywhere in the title or
     * body (Atlanta for Georgia the US state) rules the form out everywhere in that article, the title included.
     * {@code not-form} rules out the words the text writes themselves: inflections of another country's name that
     * the stemmer brings to this form's stem (Russian Нигерии, Нигерия stem to Нигер).
     * {@code dateline} holds where the form opens a paragraph of the body as its dateline: "عمان - ..." in a
     * Jordanian outlet is Amman, where an Omani outlet writes "مسقط"; {@code not-dateline} is its negation.
     */
    public enum Kind {
        CASE_SENSITIVE, NOT_PERSON, NOT_AFTER, NOT_BEFORE, NOT_NEAR, NOT_IN_ARTICLE, NOT_FORM, DATELINE, NOT_DATELINE
    }

    /** How far {@code not-near} looks on either side, in tokens. */
    static final int NEAR_TOKENS = 8;

    /** How many characters may separate a dateline from its dash, parenthesis or slash (white space only). */
    static final int DATELINE_GAP = 3;
    private static final String DATELINE_MARKS = "-–—(/";

    /** Proportion of capitalised words above which a sentence is a Title Case headline, where capitals say nothing. */
    private static final double TITLE_CASE_RATIO = 0.6;

    public static AmbiguityRule parse(String text) {
        String rule = text.strip();
        if (rule.equals("case-sensitive")) {
            return new AmbiguityRule(Kind.CASE_SENSITIVE, List.of());
        }
        if (rule.equals("not-person")) {
            return new AmbiguityRule(Kind.NOT_PERSON, List.of());
        }
        if (rule.equals("dateline")) {
            return new AmbiguityRule(Kind.DATELINE, List.of());
        }
        if (rule.equals("not-dateline")) {
            return new AmbiguityRule(Kind.NOT_DATELINE, List.of());
        }
        int colon = rule.indexOf(':');
        if (colon > 0) {
            Kind kind = switch (rule.substring(0, colon)) {
                case "not-after" -> Kind.NOT_AFTER;
                case "not-before" -> Kind.NOT_BEFORE;
                case "not-near" -> Kind.NOT_NEAR;
                case "not-in-article" -> Kind.NOT_IN_ARTICLE;
                case "not-form" -> Kind.NOT_FORM;
                default -> null;
            };
            if (kind != null) {
                String list = rule.substring(colon + 1);
                if (list.isBlank()) {
                    throw new IllegalArgumentException("rule '" + rule + "' lists no words");
                }
                List<String[]> words = new ArrayList<>();
                for (String word : list.split(",", -1)) {
                    String[] tokens = Tokenizer.tokenize(word).stream().map(Token::text).toArray(String[]::new);
                    if (tokens.length > 0) {
                        words.add(tokens);
                    } else if (kind == Kind.NOT_IN_ARTICLE || kind == Kind.NOT_FORM) {
                        // a stray comma in the newer kinds' lists is more likely a lost word than a harmless typo
                        throw new IllegalArgumentException("rule '" + rule + "' has an empty word");
                    }
                }
                if (words.isEmpty()) {
                    throw new IllegalArgumentException("rule '" + rule + "' lists no words");
                }
                return new AmbiguityRule(kind, List.copyOf(words));
            }
        }
        throw new IllegalArgumentException("unknown rule '" + rule
                + "' (expected case-sensitive, not-person, not-after:w1,w2, not-before:w1,w2, not-near:w1,w2, "
                + "not-in-article:w1,w2, not-form:w1,w2, dateline or not-dateline)");
    }

    /**
     * Whether the form matched at tokens {@code [from, to)} counts.
     *
     * @param article the analysed article (title, line break, body): its tokens, its words, and its text for {@code dateline}
     * @param written the form as the data file writes it, split into tokens, for {@code case-sensitive}
     */
    public boolean holds(ArticleWords article, int from, int to, List<String> written) {
        List<Token> tokens = article.tokens();
        return switch (kind) {
            case CASE_SENSITIVE -> casedAsWritten(tokens, from, to, written);
            case NOT_PERSON -> !nextToPersonName(tokens, from, to);
            case NOT_AFTER -> words.stream().noneMatch(w -> endsAt(tokens, from, w));
            case NOT_BEFORE -> words.stream().noneMatch(w -> startsAt(tokens, to, w));
            case NOT_NEAR -> words.stream().noneMatch(w -> near(tokens, from, to, w));
            case NOT_IN_ARTICLE -> words.stream().noneMatch(w -> inArticle(article, w));
            case NOT_FORM -> words.stream().noneMatch(w -> w.length == to - from && startsAt(tokens, from, w));
            case DATELINE -> isDateline(article.text(), tokens.get(from).start(), tokens.get(to - 1).end());
            case NOT_DATELINE -> !isDateline(article.text(), tokens.get(from).start(), tokens.get(to - 1).end());
        };
    }

    /**
     * Whether the text at {@code [start, end)} opens a line after the first (the title's) and is followed, past at
     * most {@link #DATELINE_GAP} white-space characters, by a dash, an opening parenthesis or a slash.
     */
    static boolean isDateline(String text, int start, int end) {
        int before = start - 1;
        while (before >= 0 && text.charAt(before) != '\n' && Character.isWhitespace(text.charAt(before))) {
            before--;
        }
        if (before < 0 || text.charAt(before) != '\n') {
            return false;
        }
        int after = end;
        while (after < text.length() && after - end < DATELINE_GAP && Character.isWhitespace(text.charAt(after))
                && text.charAt(after) != '\n') {
            after++;
        }
        return after < text.length() && DATELINE_MARKS.indexOf(text.charAt(after)) >= 0;
    }

    private static boolean casedAsWritten(List<Token> tokens, int from, int to, List<String> written) {
        for (int i = from; i < to && i - from < written.size(); i++) {
            String form = written.get(i - from);
            Token token = tokens.get(i);
            if (Tokenizer.isAllCaps(form) && !token.allCaps()) {
                return false;
            }
            if (Tokenizer.isCapitalised(form) != token.capitalised()) {
                return false;
            }
        }
        return true;
    }

    private static boolean nextToPersonName(List<Token> tokens, int from, int to) {
        Token first = tokens.get(from);
        if (isTitleCaseSentence(tokens, first.sentence())) {
            return false;
        }
        if (from > 0) {
            Token previous = tokens.get(from - 1);
            if (first.spaceBefore() && previous.capitalised() && previous.sentence() == first.sentence()
                    && !isSentenceStart(tokens, from - 1)) {
                return true;
            }
        }
        if (to < tokens.size()) {
            Token next = tokens.get(to);
            return next.spaceBefore() && next.capitalised() && next.sentence() == first.sentence();
        }
        return false;
    }

    private static boolean isSentenceStart(List<Token> tokens, int index) {
        return index == 0 || tokens.get(index - 1).sentence() != tokens.get(index).sentence();
    }

    private static boolean isTitleCaseSentence(List<Token> tokens, int sentence) {
        int words = 0;
        int capitalised = 0;
        for (Token token : tokens) {
            if (token.sentence() == sentence && Character.isLetter(token.text().codePointAt(0))) {
                words++;
                if (token.capitalised()) {
                    capitalised++;
                }
            } else if (token.sentence() > sentence) {
                break;
            }
        }
        return words >= 3 && capitalised >= TITLE_CASE_RATIO * words;
    }

    private static boolean endsAt(List<Token> tokens, int end, String[] word) {
        int start = end - word.length;
        return start >= 0 && startsAt(tokens, start, word);
    }

    /** Whether the tokens from {@code start} read {@code word}, token by token. */
    static boolean startsAt(List<Token> tokens, int start, String[] word) {
        if (start + word.length > tokens.size()) {
            return false;
        }
        for (int i = 0; i < word.length; i++) {
            if (!tokens.get(start + i).text().equals(word[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean near(List<Token> tokens, int from, int to, String[] word) {
        int lo = Math.max(0, from - NEAR_TOKENS);
        int hi = Math.min(tokens.size(), to + NEAR_TOKENS);
        for (int i = lo; i < hi; i++) {
            if ((i + word.length <= from || i >= to) && startsAt(tokens, i, word)) {
                return true;
            }
        }
        return false;
    }

    private static boolean inArticle(ArticleWords article, String[] word) {
        // Most articles lack the words that settle the other sense: one look-up instead of a scan per mention.
        if (!article.has(word[0])) {
            return false;
        }
        List<Token> tokens = article.tokens();
        for (int i = 0; i + word.length <= tokens.size(); i++) {
            if (startsAt(tokens, i, word)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return kind + (words.isEmpty() ? "" : words.stream().map(Arrays::toString).toList().toString());
    }
}
