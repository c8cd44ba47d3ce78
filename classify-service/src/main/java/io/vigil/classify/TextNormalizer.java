package io.vigil.classify;

import java.text.Normalizer;

import com.ibm.icu.text.Normalizer2;

/**
 * Folds a token to the form every lexicon entry and every article token is compared in.
 *
 * <p>The folding is the same for all languages because every language's country names are matched against every
 * article: NFKC; lower case with the Turkish/Azerbaijani dotted and dotless i both folded to {@code i} (so
 * {@code İran}, {@code Iran} and {@code ıran} meet); Russian {@code ё} to {@code е}; Arabic and Persian diacritics,
 * tatweel and joiners removed and the alef, yeh, kaf and teh-marbuta variants unified (Lucene's Arabic and Persian
 * normalizers do the same).
 */
public final class TextNormalizer {

    private static final char ZWNJ = '\u200C';
    private static final char ZWJ = '\u200D';
    private static final Normalizer2 NFKC = Normalizer2.getNFKCInstance();

    private TextNormalizer() {
    }

    public static String fold(CharSequence token) {
        String text = token.toString();
        // Most tokens are already in NFKC (ICU's quick check says so without normalizing) and many are folded too:
        // both are then returned as they are rather than copied twice
        String nfkc = NFKC.spanQuickCheckYes(text) == text.length() ? text
                : Normalizer.normalize(text, Normalizer.Form.NFKC);
        int unchanged = 0;
        while (unchanged < nfkc.length()) {
            int cp = nfkc.codePointAt(unchanged);
            if (foldCodePoint(cp) != cp) {
                break;
            }
            unchanged += Character.charCount(cp);
        }
        if (unchanged == nfkc.length()) {
            return nfkc;
        }
        StringBuilder out = new StringBuilder(nfkc.length());
        out.append(nfkc, 0, unchanged);
        for (int i = unchanged; i < nfkc.length(); ) {
            int cp = nfkc.codePointAt(i);
            i += Character.charCount(cp);
            int folded = foldCodePoint(cp);
            if (folded >= 0) {
                out.appendCodePoint(folded);
            }
        }
        return out.toString();
    }

    /** Returns the folded code point, or -1 when it is dropped. */
    static int foldCodePoint(int cp) {
        switch (cp) {
            case 'I', 'İ', 'ı' -> {
                return 'i';
            }
            case 'ё', 'Ё' -> {
                return 'е';
            }
            case '\u0640', ZWNJ, ZWJ, '\u00AD', '\u0307' -> {
                return -1;
            }
            case 'أ', 'إ', 'آ', 'ٱ' -> {
                return 'ا';
            }
            case 'ى', 'ی', 'ې', 'ێ' -> {
                return 'ي';
            }
            case 'ک', 'ڪ' -> {
                return 'ك';
            }
            case 'ة', 'ۀ', 'ە', 'ہ' -> {
                return 'ه';
            }
            default -> {
                if ((cp >= 0x064B && cp <= 0x065F) || cp == 0x0670) {
                    return -1;
                }
                return Character.toLowerCase(cp);
            }
        }
    }
}
