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
        StringBuilder normalized = new StringBuilder(lowered.length());
        boolean pendingSpace = false;
        for (int i = 0; i < lowered.length(); ) {
            int codePoint = lowered.codePointAt(i);
            i += Character.charCount(codePoint);
            if (isWhitespace(codePoint)) {
                pendingSpace = true;
            } else if (!isDropped(codePoint)) {
                if (pendingSpace) {
                    normalized.append(' ');
                    pendingSpace = false;
                }
                appendFolded(normalized, codePoint);
            }
        }
        if (pendingSpace) {
            normalized.append(' ');
        }
        return normalized.toString().strip();
    }

    /** SHA-256 (hex) of the normalised {@code title + text}. */
    public static String of(String title, String text) {
        return sha256(normalize(title + " " + text));
    }

    /** SHA-256 (hex) of a text that is already normalised. */
    public static String sha256(String normalizedText) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(normalizedText.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides SHA-256", e);
        }
    }

    /** Java's {@code [\\s\\p{Z}]}: ASCII white space and the Unicode space, line and paragraph separators. */
    private static boolean isWhitespace(int codePoint) {
        return switch (codePoint) {
            case ' ', '\t', '\n', 0x0B, '\f', '\r' -> true;
            default -> switch (Character.getType(codePoint)) {
                case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
                default -> false;
            };
        };
    }

    /**
     * The combining dot left behind by lower-casing the Turkish/Azerbaijani dotted capital İ; Arabic harakat,
     * Quranic annotation marks, superscript alef and the tatweel used only for stretching; ZWNJ, ZWJ, bidi
     * marks and other format characters, which change rendering, not words; and punctuation.
     */
    private static boolean isDropped(int codePoint) {
        if (codePoint == 0x0307 || codePoint == 0x0640 || codePoint == 0x0670
                || (codePoint >= 0x0610 && codePoint <= 0x061A) || (codePoint >= 0x064B && codePoint <= 0x065F)
                || (codePoint >= 0x06D6 && codePoint <= 0x06DC) || (codePoint >= 0x06DF && codePoint <= 0x06E8)
                || (codePoint >= 0x06EA && codePoint <= 0x06ED)) {
            return true;
        }
        return switch (Character.getType(codePoint)) {
            case Character.FORMAT, Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION,
                    Character.START_PUNCTUATION, Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    private static void appendFolded(StringBuilder folded, int codePoint) {
        switch (codePoint) {
            // Persian sources mix Arabic yeh/kaf with the Persian forms depending on the keyboard.
            case 0x064A, 0x0649 -> folded.append('\u06CC');
            case 0x0643 -> folded.append('\u06A9');
            // Lower-casing without a locale turns Azerbaijani/Turkish I into i, but leaves ı alone.
            case 0x0131 -> folded.append('i');
            default -> {
                if (codePoint < 0x80) {
                    folded.append((char) codePoint);
                } else if (Character.getType(codePoint) == Character.DECIMAL_DIGIT_NUMBER) {
                    folded.append((char) ('0' + Character.digit(codePoint, 10)));
                } else {
                    folded.appendCodePoint(codePoint);
                }
            }
        }
    }
}
