package io.vigil.classify;

/**
 * One word of an article: its folded text, its UTF-16 span in the analysed text, the sentence it belongs to, and
 * what the disambiguation rules need to know about its spelling.
 *
 * @param spaceBefore only white space separates it from the previous token (no punctuation)
 */
public record Token(String text, int start, int end, int sentence, boolean capitalised, boolean allCaps,
                    boolean spaceBefore) {
}
