package io.vigil.alert;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * The tokens and positions {@link KeywordSearch#ANALYZER} gives for {@link KeywordSearch#content}, most of them
 * without it: its analysis is the largest cost of matching an article against the keyword queries.
 * <p>
 * A run of letters and digits of the scripts the monitored languages are written in (Latin, Greek, Cyrillic,
 * Armenian, Arabic, Georgian), with the combining marks that follow them, is one lower-cased token: Unicode's
 * word boundaries (UAX #29, which the analyzer's tokenizer follows) never split it, and a space or punctuation
 * that never joins two words ends it. Whatever this class cannot decide as simply (a period or apostrophe
 * between letters or digits, an underscore, a mark after no letter, any other character: CJK, Hebrew, emoji,
 * a joiner, a token longer than the analyzer keeps) goes to the analyzer itself: the stretch from the end of
 * the last token up to the next space, where no token can cross, so the analyzer sees the same context as in
 * the whole text. {@code StandardTokensTest} checks every character's class against the analyzer.
 * <p>
 * Each token comes with its {@link String#hashCode} and that of its first {@value #LEADING_CHARS} chars,
 * computed as it is read, for lookups that make no string of it.
 * <p>
 * Used by one thread at a time: it keeps the text and the current token in its own buffers, and a stream of the
 * analyzer (which reuses its streams per thread) is open only until {@link #next()} has returned false.
 */
final class StandardTokens {

    /** Decided by the analyzer: anything not below. */
    static final byte OTHER = 0;
    /** A letter or digit that joins the letters and digits beside it into one token. */
    static final byte WORD = 1;
    /** A combining mark: part of the token of the letter it follows. */
    static final byte MARK = 2;
    /** A space or line break: no token crosses it, and a mark after it is not a letter's. */
    static final byte SPACE = 3;
    /** Punctuation that is in no token and joins nothing. */
    static final byte PUNCT = 4;
    /** In no token, unless between letters or digits: an apostrophe, period, comma, colon... */
    static final byte MID = 5;

    /** How many leading chars {@link #leadingHash()} covers. */
    static final int LEADING_CHARS = 3;

    private static final byte[] KINDS = kinds();
    private static final char[] LOWER = lowerCase();

    private char[] text = new char[4096];
    private int length;
    private int at;
    /** Where the analyzer may start reading if it has to: just after the last token, where a boundary is. */
    private int resumable;
    private char[] token = new char[64];
    private int tokenLength;
    private int position;
    private int hash;
    private int leadingHash;

    private TokenStream fallback;
    private CharTermAttribute fallbackTerm;
    private PositionIncrementAttribute fallbackIncrement;

    /** Starts over with this article's content (its title, a line break, its text). */
    void reset(String title, String text) {
        closeFallback();
        String head = title == null ? "" : title;
        String body = text == null ? "" : text;
        length = head.length() + 1 + body.length();
        if (this.text.length < length) {
            this.text = new char[Math.max(length, this.text.length * 2)];
        }
        head.getChars(0, head.length(), this.text, 0);
        this.text[head.length()] = '\n';
        body.getChars(0, body.length(), this.text, head.length() + 1);
        at = 0;
        resumable = 0;
        position = -1;
    }

    /** Moves to the next token; false when there is none left. */
    boolean next() {
        if (fallback != null && nextFromFallback()) {
            return true;
        }
        char[] chars = text;
        byte[] kinds = KINDS;
        while (at < length) {
            byte kind = kinds[chars[at]];
            if (kind == SPACE || kind == PUNCT || kind == MID) {
                // Nothing before this character joins it: a letter before it would have ended a token here.
                at++;
            } else if (kind == WORD && scanWord()) {
                return true;
            } else {
                startFallback();
                if (nextFromFallback()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The current token's chars, valid up to {@link #length()} until the next call of {@link #next()}. */
    char[] chars() {
        return token;
    }

    int length() {
        return tokenLength;
    }

    /** The current token's {@link String#hashCode}. */
    int hash() {
        return hash;
    }

    /** The {@link String#hashCode} of the current token's first {@value #LEADING_CHARS} chars (all if fewer). */
    int leadingHash() {
        return leadingHash;
    }

    /** The current token's position: 0 for the first, and one more for each after it. */
    int position() {
        return position;
    }

    /** Reads the letters from {@link #at}; false, {@link #at} unmoved, when the analyzer must decide. */
    private boolean scanWord() {
        char[] chars = text;
        byte[] kinds = KINDS;
        int start = at;
        int end = start;
        while (end < length) {
            byte kind = kinds[chars[end]];
            if (kind == WORD || kind == MARK) {
                end++;
            } else if (kind == MID) {
                if (end + 1 < length && joinsAfterMid(kinds[chars[end + 1]])) {
                    return false;
                }
                break;
            } else if (kind == OTHER) {
                return false;
            } else {
                break;
            }
        }
        int count = end - start;
        if (count > StandardAnalyzer.DEFAULT_MAX_TOKEN_LENGTH) {
            return false;
        }
        if (token.length < count) {
            token = new char[Math.max(count, token.length * 2)];
        }
        char[] lower = LOWER;
        int h = 0;
        for (int i = 0; i < count; i++) {
            char c = lower[chars[start + i]];
            token[i] = c;
            h = 31 * h + c;
            if (i == LEADING_CHARS - 1) {
                leadingHash = h;
            }
        }
        hashed(count, h);
        position++;
        at = end;
        resumable = end;
        return true;
    }

    private void hashed(int count, int h) {
        tokenLength = count;
        hash = h;
        if (count < LEADING_CHARS) {
            leadingHash = h;
        }
    }

    /** Whether a character after a period, apostrophe... may join it to the letters before (the analyzer says). */
    private static boolean joinsAfterMid(byte kind) {
        return kind != SPACE && kind != PUNCT && kind != MID;
    }

    /** The analyzer reads from the end of the last token to the next space (or the end). */
    private void startFallback() {
        int end = at;
        while (end < length && KINDS[text[end]] != SPACE) {
            end++;
        }
        fallback = KeywordSearch.ANALYZER.tokenStream(KeywordSearch.FIELD,
                new String(text, resumable, end - resumable));
        fallbackTerm = fallback.addAttribute(CharTermAttribute.class);
        fallbackIncrement = fallback.addAttribute(PositionIncrementAttribute.class);
        try {
            fallback.reset();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        at = end;
        resumable = end;
    }

    private boolean nextFromFallback() {
        try {
            if (fallback.incrementToken()) {
                int count = fallbackTerm.length();
                if (token.length < count) {
                    token = new char[Math.max(count, token.length * 2)];
                }
                int h = 0;
                for (int i = 0; i < count; i++) {
                    char c = fallbackTerm.buffer()[i];
                    token[i] = c;
                    h = 31 * h + c;
                    if (i == LEADING_CHARS - 1) {
                        leadingHash = h;
                    }
                }
                hashed(count, h);
                position += fallbackIncrement.getPositionIncrement();
                return true;
            }
            fallback.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        closeFallback();
        return false;
    }

    /** The analyzer's streams are reused per thread: one must be closed before the next is asked for. */
    private void closeFallback() {
        if (fallback != null) {
            try {
                fallback.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            fallback = null;
        }
    }

    static byte kind(char c) {
        return KINDS[c];
    }

    private static byte[] kinds() {
        byte[] kinds = new byte[Character.MAX_VALUE + 1];
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            if (inScriptsRead(c) && (Character.isLetter(c) || Character.isDigit(c))) {
                kinds[c] = WORD;
            } else if (inScriptsRead(c) && isMark(c)) {
                kinds[c] = MARK;
            }
        }
        kinds['\u200C'] = MARK; // zero-width non-joiner, inside Persian words
        for (char c : " \t\n\r\u00A0".toCharArray()) {
            kinds[c] = SPACE;
        }
        for (char c : "!\"#$%&()*+-/<=>?@[\\]^`{|}~«»‹›–—―“”„…؟".toCharArray()) {
            kinds[c] = PUNCT;
        }
        for (char c : ".,;:'·‘’‛،".toCharArray()) {
            kinds[c] = MID;
        }
        return kinds;
    }

    private static boolean inScriptsRead(int c) {
        return c < 0x0250 // Basic Latin, Latin-1 Supplement, Latin Extended-A and -B
                || c >= 0x0300 && c < 0x0370 // combining diacritical marks
                || c >= 0x0370 && c < 0x0530 // Greek, Cyrillic, Cyrillic Supplement
                || c >= 0x0530 && c < 0x0590 // Armenian
                || c >= 0x0600 && c < 0x0780 // Arabic, Arabic Supplement
                || c >= 0x10A0 && c < 0x1100 // Georgian
                || c >= 0x1E00 && c < 0x1F00; // Latin Extended Additional
    }

    private static boolean isMark(int c) {
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    private static char[] lowerCase() {
        char[] lower = new char[Character.MAX_VALUE + 1];
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            lower[c] = (char) Character.toLowerCase(c);
        }
        return lower;
    }
}
