package io.vigil.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Identifies an article by its wording rather than its bytes: the same story re-posted with other
 * punctuation, spacing, letter case, Arabic vowel marks or Persian/Arabic letter variants yields the
 * same fingerprint.
 */
public final class TextFingerprint {

    private TextFingerprint() {
    }

    /**
     * The comparable form of a text: what the fingerprint and the near-duplicate shingles are computed from.
     * See {@link #normalizedUtf8}; a lone surrogate becomes {@code ?}, as in the UTF-8 form.
     */
    public static String normalize(String text) {
        return new String(normalizedUtf8(text), StandardCharsets.UTF_8);
    }

    /**
     * The UTF-8 bytes of the comparable form of a text, made in one pass over the code points after NFKC
     * (skipped when the text already is in NFKC, as most are): each code point is lower-cased, marks,
     * invisible format characters and punctuation are dropped, letter variants and digits folded, every run
     * of white space becomes one space (a run interrupted only by dropped characters is still one run) and
     * the result is written as UTF-8 directly. Lower-casing code point by code point equals the whole
     * string's {@code toLowerCase(Locale.ROOT)} except for the capital sigma, whose lower case depends on
     * its place in a word: a text with one is lower-cased as a whole first.
     */
    public static byte[] normalizedUtf8(String text) {
        String composed = Normalizer.isNormalized(text, Normalizer.Form.NFKC) ? text
                : Normalizer.normalize(text, Normalizer.Form.NFKC);
        boolean lowerEach = composed.indexOf(CAPITAL_SIGMA) < 0;
        String source = lowerEach ? composed : composed.toLowerCase(Locale.ROOT);
        int length = source.length();
        // A character read yields at most three bytes (a folded code point, or a space for a run of them).
        byte[] utf8 = new byte[3 * length];
        int written = 0;
        boolean pendingSpace = false;
        for (int i = 0; i < length; i++) {
            char c = source.charAt(i);
            int codePoint = c;
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(source.charAt(i + 1))) {
                codePoint = Character.toCodePoint(c, source.charAt(++i));
            }
            byte kind;
            if (lowerEach && codePoint < LOWERED_KINDS.length) {
                kind = LOWERED_KINDS[codePoint];
                codePoint = LOWERED_FOLDED[codePoint];
            } else {
                if (lowerEach) {
                    codePoint = Character.toLowerCase(codePoint);
                }
                kind = kindOf(codePoint);
                codePoint = folded(codePoint, kind);
            }
            if (kind == SPACE) {
                pendingSpace = true;
            } else if (kind != DROPPED) {
                if (pendingSpace) {
                    utf8[written++] = ' ';
                    pendingSpace = false;
                }
                written = writeUtf8(utf8, written, codePoint);
            }
        }
        if (pendingSpace) {
            utf8[written++] = ' ';
        }
        // String.strip(): the white space left is the ASCII kind, one byte each.
        int from = 0;
        while (from < written && isAsciiWhitespace(utf8[from])) {
            from++;
        }
        while (written > from && isAsciiWhitespace(utf8[written - 1])) {
            written--;
        }
        return Arrays.copyOfRange(utf8, from, written);
    }

    /** SHA-256 (hex) of the normalised {@code title + text}. */
    public static String of(String title, String text) {
        return sha256(normalize(title + " " + text));
    }

    /** SHA-256 (hex) of a text that is already normalised. */
    public static String sha256(String normalizedText) {
        return sha256(normalizedText.getBytes(StandardCharsets.UTF_8));
    }

    /** SHA-256 (hex) of the UTF-8 bytes of a text that is already normalised. */
    public static String sha256(byte[] normalizedUtf8) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(normalizedUtf8);
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides SHA-256", e);
        }
    }

    private static final byte KEPT = 0;
    private static final byte SPACE = 1;
    private static final byte DROPPED = 2;
    private static final byte DIGIT = 3;
    private static final char CAPITAL_SIGMA = '\u03A3';
    /**
     * For every code point of the Basic Multilingual Plane, the kind of its lower case and that lower case
     * folded, looked up instead of worked out each time (the lower case of such a code point is one too).
     */
    private static final byte[] LOWERED_KINDS = new byte[Character.MIN_SUPPLEMENTARY_CODE_POINT];
    private static final char[] LOWERED_FOLDED = new char[Character.MIN_SUPPLEMENTARY_CODE_POINT];

    static {
        for (int c = 0; c < LOWERED_KINDS.length; c++) {
            int lowered = Character.toLowerCase(c);
            LOWERED_KINDS[c] = kindOf(lowered);
            LOWERED_FOLDED[c] = (char) folded(lowered, LOWERED_KINDS[c]);
        }
    }

    /**
     * White space is Java's {@code [\\s\\p{Z}]}: ASCII white space and the Unicode space, line and paragraph
     * separators. Dropped are the combining dot left behind by lower-casing the Turkish/Azerbaijani dotted
     * capital İ; Arabic harakat, Quranic annotation marks, superscript alef and the tatweel used only for
     * stretching; ZWNJ, ZWJ, bidi marks and other format characters, which change rendering, not words; and
     * punctuation.
     */
    private static byte kindOf(int codePoint) {
        switch (codePoint) {
            case ' ', '\t', '\n', 0x0B, '\f', '\r' -> {
                return SPACE;
            }
            case 0x0307, 0x0640, 0x0670 -> {
                return DROPPED;
            }
            default -> {
                if ((codePoint >= 0x0610 && codePoint <= 0x061A) || (codePoint >= 0x064B && codePoint <= 0x065F)
                        || (codePoint >= 0x06D6 && codePoint <= 0x06DC) || (codePoint >= 0x06DF && codePoint <= 0x06E8)
                        || (codePoint >= 0x06EA && codePoint <= 0x06ED)) {
                    return DROPPED;
                }
            }
        }
        return switch (Character.getType(codePoint)) {
            case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> SPACE;
            case Character.FORMAT, Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION,
                    Character.START_PUNCTUATION, Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION -> DROPPED;
            case Character.DECIMAL_DIGIT_NUMBER -> DIGIT;
            default -> KEPT;
        };
    }

    private static int folded(int codePoint, byte kind) {
        if (kind == DIGIT) {
            return '0' + Character.digit(codePoint, 10);
        }
        return switch (codePoint) {
            // Persian sources mix Arabic yeh/kaf with the Persian forms depending on the keyboard.
            case 0x064A, 0x0649 -> 0x06CC;
            case 0x0643 -> 0x06A9;
            // Lower-casing without a locale turns Azerbaijani/Turkish I into i, but leaves ı alone.
            case 0x0131 -> 'i';
            default -> codePoint;
        };
    }

    /** @return the new length; a lone surrogate is written as {@code ?}, as {@link String#getBytes} does */
    private static int writeUtf8(byte[] utf8, int at, int codePoint) {
        if (codePoint < 0x80) {
            utf8[at] = (byte) codePoint;
            return at + 1;
        }
        if (codePoint < 0x800) {
            utf8[at] = (byte) (0xC0 | (codePoint >> 6));
            utf8[at + 1] = (byte) (0x80 | (codePoint & 0x3F));
            return at + 2;
        }
        if (codePoint < 0x10000) {
            if (Character.isSurrogate((char) codePoint)) {
                utf8[at] = '?';
                return at + 1;
            }
            utf8[at] = (byte) (0xE0 | (codePoint >> 12));
            utf8[at + 1] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
            utf8[at + 2] = (byte) (0x80 | (codePoint & 0x3F));
            return at + 3;
        }
        utf8[at] = (byte) (0xF0 | (codePoint >> 18));
        utf8[at + 1] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
        utf8[at + 2] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
        utf8[at + 3] = (byte) (0x80 | (codePoint & 0x3F));
        return at + 4;
    }

    private static boolean isAsciiWhitespace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r') || (b >= 0x1C && b <= 0x1F);
    }
}
