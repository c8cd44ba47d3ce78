package io.vigil.classify;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into words and sentences in one pass. Apostrophes and hyphens separate words, so {@code Türkiye'nin},
 * {@code l'Azerbaïdjan} and {@code ABŞ-ın} expose the name as a token of its own; rule terms and country forms are
 * split the same way, so a term written with an apostrophe becomes a phrase.
 */
public final class Tokenizer {

    private Tokenizer() {
    }

    public static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>(Math.max(16, text.length() / 6));
        int sentence = 0;
        boolean punctuationSinceLastToken = false;
        int i = 0;
        int length = text.length();
        while (i < length) {
            int cp = text.codePointAt(i);
            if (isWordCodePoint(cp)) {
                int start = i;
                while (i < length) {
                    int c = text.codePointAt(i);
                    if (!isWordCodePoint(c)) {
                        break;
                    }
                    i += Character.charCount(c);
                }
                String folded = TextNormalizer.foldWord(text, start, i);
                if (!folded.isEmpty()) {
                    tokens.add(new Token(folded, start, i, sentence, isCapitalised(text, start),
                            isAllCaps(text, start, i),
                            !tokens.isEmpty() && !punctuationSinceLastToken && tokens.getLast().sentence() == sentence));
                }
                punctuationSinceLastToken = false;
                continue;
            }
            if (endsSentence(text, i, cp)) {
                sentence++;
            }
            if (!Character.isWhitespace(cp)) {
                punctuationSinceLastToken = true;
            }
            i += Character.charCount(cp);
        }
        return tokens;
    }

    static boolean isWordCodePoint(int cp) {
        if (Character.isLetterOrDigit(cp) || cp == '\u200C' || cp == '\u200D' || cp == '\u00AD') {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    private static boolean endsSentence(String text, int index, int cp) {
        return switch (cp) {
            case '\n', '!', '?', ';', '؟', '։', '۔', '…' -> true;
            // "U.S." and "12.5" do not end a sentence; a full stop followed by a space or the end does
            case '.' -> index + 1 >= text.length() || Character.isWhitespace(text.charAt(index + 1));
            default -> false;
        };
    }

    static boolean isCapitalised(String word) {
        return isCapitalised(word, 0);
    }

    private static boolean isCapitalised(String text, int start) {
        int cp = text.codePointAt(start);
        return Character.isUpperCase(cp) || Character.isTitleCase(cp);
    }

    static boolean isAllCaps(String word) {
        return isAllCaps(word, 0, word.length());
    }

    private static boolean isAllCaps(String text, int start, int end) {
        int cased = 0;
        for (int i = start; i < end; ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLowerCase(cp)) {
                return false;
            }
            if (Character.isUpperCase(cp)) {
                cased++;
            }
        }
        return cased >= 2;
    }

    /** Whether names in the word's script are written capitalised (Arabic, Persian and Georgian ones are not). */
    static boolean isCasedScript(String word) {
        Character.UnicodeScript script = Character.UnicodeScript.of(word.codePointAt(0));
        return script == Character.UnicodeScript.LATIN || script == Character.UnicodeScript.CYRILLIC
                || script == Character.UnicodeScript.ARMENIAN || script == Character.UnicodeScript.GREEK;
    }
}
