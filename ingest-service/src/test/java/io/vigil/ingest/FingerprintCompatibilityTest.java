package io.vigil.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Text hashes and SimHashes are stored with every article and compared with those of new submissions, so
 * the single-pass normaliser and the in-place SimHash must give exactly what the straightforward
 * regex-and-split definitions below give, on texts mixing every kind of character they treat specially.
 */
class FingerprintCompatibilityTest {

    private static final Pattern ARABIC_DIACRITICS =
            Pattern.compile("[\\u0610-\\u061A\\u064B-\\u065F\\u0670\\u06D6-\\u06DC\\u06DF-\\u06E8\\u06EA-\\u06ED\\u0640]");
    private static final Pattern FORMAT_CHARACTERS = Pattern.compile("\\p{Cf}");
    private static final Pattern COMBINING_DOT_ABOVE = Pattern.compile("\\u0307");
    private static final Pattern PUNCTUATION = Pattern.compile("\\p{P}");
    private static final Pattern WHITESPACE = Pattern.compile("[\\s\\p{Z}]+");

    /** Characters the normaliser treats specially, and ordinary letters of the monitored languages. */
    private static final int[] ALPHABET = ("abcXYZ0189 İIıiəçşğöüАБВабвЖжЁёاأبتثيىكکی٠١٢۴۵"
            + "աբգԱԲԳაბგ你好\u0307\u064B\u064E\u0650\u0651\u0652\u0670\u0640\u0610\u06D6\u06E5\u06EA"
            + "\u200B\u200C\u200D\u200E\u200F\u2066\uFEFF\u00AD.,;:!?\"'()[]{}«»—–-_…؟،؛「」"
            + "\t\n\r\u000B\f\u00A0\u2002\u2009\u3000\u2028\u2029\u001C\u0085ﬁＮＡ\uFEFB①²½\uD83D\uDE00")
            .codePoints().toArray();

    @Test
    void normaliseMatchesTheRegexDefinition() {
        for (String text : samples()) {
            assertEquals(referenceNormalize(text), TextFingerprint.normalize(text), () -> "for " + escape(text));
        }
    }

    @Test
    void simHashMatchesTheSplitAndJoinDefinition() {
        for (String text : samples()) {
            String normalized = TextFingerprint.normalize(text);
            assertEquals(referenceSimHash(normalized), SimHash.of(normalized), () -> "for " + escape(normalized));
            // Not normalised: leading, doubled and trailing spaces make empty words.
            String spaced = " " + text.replace(" ", "  ") + "  x  ";
            assertEquals(referenceSimHash(spaced), SimHash.of(spaced), () -> "for " + escape(spaced));
        }
    }

    private static List<String> samples() {
        Random random = new Random(7);
        List<String> samples = new ArrayList<>(List.of("", " ", "word", "two words", "  a  b  ", "İSTANBUL, Bakı!",
                "الأَمْنُ السِّيبْرَانِيُّ", "می\u200Cخواهند ۱۴۰۴", "a \u200B b", "a ,\u00A0 b", "end \u2029",
                "ΟΔΟΣ ΣΑΣ, Σ.", "\u001Cstart\u001F", "\u0130\u0307I\u0307"));
        for (int n = 0; n < 2_000; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(60);
            for (int i = 0; i < length; i++) {
                text.appendCodePoint(ALPHABET[random.nextInt(ALPHABET.length)]);
            }
            samples.add(text.toString());
        }
        return samples;
    }

    private static String referenceNormalize(String text) {
        String normalized = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        normalized = COMBINING_DOT_ABOVE.matcher(normalized).replaceAll("");
        normalized = ARABIC_DIACRITICS.matcher(normalized).replaceAll("");
        normalized = FORMAT_CHARACTERS.matcher(normalized).replaceAll("");
        StringBuilder folded = new StringBuilder(normalized.length());
        normalized.codePoints().forEach(codePoint -> {
            switch (codePoint) {
                case 0x064A, 0x0649 -> folded.append('\u06CC');
                case 0x0643 -> folded.append('\u06A9');
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
        normalized = PUNCTUATION.matcher(folded).replaceAll("");
        return WHITESPACE.matcher(normalized).replaceAll(" ").strip();
    }

    private static long referenceSimHash(String normalizedText) {
        String[] words = normalizedText.isBlank() ? new String[0] : normalizedText.split(" ");
        if (words.length == 0) {
            return 0;
        }
        int[] votes = new int[Long.SIZE];
        int shingles = Math.max(1, words.length - 3 + 1);
        for (int start = 0; start < shingles; start++) {
            int end = Math.min(words.length, start + 3);
            long hash = referenceHash(String.join(" ", Arrays.copyOfRange(words, start, end)));
            for (int bit = 0; bit < Long.SIZE; bit++) {
                votes[bit] += ((hash >>> bit) & 1) == 1 ? 1 : -1;
            }
        }
        long fingerprint = 0;
        for (int bit = 0; bit < Long.SIZE; bit++) {
            if (votes[bit] > 0) {
                fingerprint |= 1L << bit;
            }
        }
        return fingerprint;
    }

    private static long referenceHash(String shingle) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : shingle.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xFF;
            hash *= 0x100000001b3L;
        }
        hash = (hash ^ (hash >>> 30)) * 0xbf58476d1ce4e5b9L;
        hash = (hash ^ (hash >>> 27)) * 0x94d049bb133111ebL;
        return hash ^ (hash >>> 31);
    }

    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder();
        text.codePoints().forEach(c -> escaped.append(c < 0x80 && c >= 0x20 ? String.valueOf((char) c)
                : String.format("\\u{%X}", c)));
        return escaped.toString();
    }
}
