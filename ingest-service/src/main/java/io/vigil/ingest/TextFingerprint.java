package io.vigil.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
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
     * After NFKC and lower-casing, one pass over the code points drops marks, invisible format characters
     * and punctuation, folds letter variants and digits, and turns every run of white space into one space
     * (a run interrupted only by dropped characters is still one run).
     */
    public static String normalize(String text) {
        String lowered = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        int length = lowered.length();
        // Every character written stands for at least one read, so the result fits.
        char[] normalized = new char[length];
        int written = 0;
        boolean pendingSpace = false;
        for (int i = 0; i < length; i++) {
            char c = lowered.charAt(i);
            int codePoint = c;
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(lowered.charAt(i + 1))) {
                codePoint = Character.toCodePoint(c, lowered.charAt(++i));
            }
            byte kind = codePoint < ASCII_KINDS.length ? ASCII_KINDS[codePoint] : kindOf(codePoint);
            if (kind == SPACE) {
                pendingSpace = true;
            } else if (kind != DROPPED) {
                if (pendingSpace) {
                    normalized[written++] = ' ';
                    pendingSpace = false;
                }
                written = appendFolded(normalized, written, codePoint, kind);
            }
        }
        if (pendingSpace) {
            normalized[written++] = ' ';
        }
        return new String(normalized, 0, written).strip();
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
    private static final byte[] ASCII_KINDS = new byte[0x80];

    static {
        for (int c = 0; c < ASCII_KINDS.length; c++) {
            ASCII_KINDS[c] = kindOf(c);
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

    /** @return the new length */
    private static int appendFolded(char[] folded, int at, int codePoint, byte kind) {
        if (kind == DIGIT) {
            folded[at] = (char) ('0' + Character.digit(codePoint, 10));
            return at + 1;
        }
        switch (codePoint) {
            // Persian sources mix Arabic yeh/kaf with the Persian forms depending on the keyboard.
            case 0x064A, 0x0649 -> folded[at] = '\u06CC';
            case 0x0643 -> folded[at] = '\u06A9';
            // Lower-casing without a locale turns Azerbaijani/Turkish I into i, but leaves ı alone.
            case 0x0131 -> folded[at] = 'i';
            default -> {
                return at + Character.toChars(codePoint, folded, at);
            }
        }
        return at + 1;
    }
}
