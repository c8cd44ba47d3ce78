package io.vigil.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Identifies an article by its wording rather than its bytes: the same story re-posted with other
 * punctuation, spacing, letter case, Arabic vowel marks or Persian/Arabic letter variants yields the
 * same fingerprint.
 */
public final class TextFingerprint {

    /** Arabic harakat, Quranic annotation marks, superscript alef and the tatweel used only for stretching. */
    private static final Pattern ARABIC_DIACRITICS =
            Pattern.compile("[\\u0610-\\u061A\\u064B-\\u065F\\u0670\\u06D6-\\u06DC\\u06DF-\\u06E8\\u06EA-\\u06ED\\u0640]");
    /** ZWNJ, ZWJ, bidi marks and other invisible format characters; they change rendering, not words. */
    private static final Pattern FORMAT_CHARACTERS = Pattern.compile("\\p{Cf}");
    /** Left behind by lower-casing the Turkish/Azerbaijani dotted capital İ. */
    private static final Pattern COMBINING_DOT_ABOVE = Pattern.compile("\\u0307");
    private static final Pattern PUNCTUATION = Pattern.compile("\\p{P}");
    private static final Pattern WHITESPACE = Pattern.compile("[\\s\\p{Z}]+");

    private TextFingerprint() {
    }

    /** The comparable form of a text: what the fingerprint and the near-duplicate shingles are computed from. */
    public static String normalize(String text) {
        String normalized = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        normalized = COMBINING_DOT_ABOVE.matcher(normalized).replaceAll("");
        normalized = ARABIC_DIACRITICS.matcher(normalized).replaceAll("");
        normalized = FORMAT_CHARACTERS.matcher(normalized).replaceAll("");
        normalized = foldLetterVariantsAndDigits(normalized);
        normalized = PUNCTUATION.matcher(normalized).replaceAll("");
        return WHITESPACE.matcher(normalized).replaceAll(" ").strip();
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

    private static String foldLetterVariantsAndDigits(String text) {
        StringBuilder folded = new StringBuilder(text.length());
        text.codePoints().forEach(codePoint -> {
            switch (codePoint) {
                // Persian sources mix Arabic yeh/kaf with the Persian forms depending on the keyboard.
                case 0x064A, 0x0649 -> folded.append('\u06CC');
                case 0x0643 -> folded.append('\u06A9');
                // Lower-casing without a locale turns Azerbaijani/Turkish I into i, but leaves ı alone.
                case 0x0131 -> folded.append('i');
                default -> {
                    if (Character.getType(codePoint) == Character.DECIMAL_DIGIT_NUMBER) {
                        folded.append((char) ('0' + Character.digit(codePoint, 10)));
                    } else {
                        folded.appendCodePoint(codePoint);
                    }
                }
            }
        });
        return folded.toString();
    }
}
