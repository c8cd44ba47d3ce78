package io.vigil.classify;

import java.text.Normalizer;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
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
    /** Marks a character of {@link #SIMPLE_FOLD} that NFKC may change in some context, or one outside the BMP. */
    private static final char NOT_SIMPLE = '\uFFFF';
    /** Marks a character of {@link #SIMPLE_FOLD} that folding drops. */
    private static final char DROPPED = '\uFFFE';
    /**
     * Per UTF-16 unit: its folded character when NFKC leaves it alone in any text (NFKC quick check "yes" and
     * canonical combining class 0, so a word made only of such characters is in NFKC already), {@link #DROPPED} when
     * it is such a character and folding drops it, else {@link #NOT_SIMPLE}. U+FFFE and U+FFFF are noncharacters.
     */
    private static final char[] SIMPLE_FOLD = simpleFolds();

    private TextNormalizer() {
    }

    /**
     * {@link #fold} of {@code text.substring(start, end)}: a word of characters that NFKC leaves alone (most words of
     * the ten languages) is folded character by character through a table, and comes back uncopied when folding
     * changes none of them; any other word goes through {@link #fold}.
     */
    static String foldWord(String text, int start, int end) {
        int unchanged = start;
        while (unchanged < end) {
            char c = text.charAt(unchanged);
            char folded = SIMPLE_FOLD[c];
            if (folded != c) {
                break;
            }
            unchanged++;
        }
        if (unchanged == end) {
            return text.substring(start, end);
        }
        for (int i = unchanged; i < end; i++) {
            if (SIMPLE_FOLD[text.charAt(i)] == NOT_SIMPLE) {
                return fold(text.substring(start, end));
            }
        }
        StringBuilder out = new StringBuilder(end - start);
        out.append(text, start, unchanged);
        for (int i = unchanged; i < end; i++) {
            char folded = SIMPLE_FOLD[text.charAt(i)];
            if (folded != DROPPED) {
                out.append(folded);
            }
        }
        return out.toString();
    }

    private static char[] simpleFolds() {
        char[] folds = new char[Character.MAX_VALUE + 1];
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            folds[c] = NOT_SIMPLE;
            if (Character.isSurrogate((char) c) || c == NOT_SIMPLE || c == DROPPED
                    || UCharacter.getIntPropertyValue(c, UProperty.NFKC_QUICK_CHECK) != 1
                    || UCharacter.getCombiningClass(c) != 0) {
                continue;
            }
            int folded = foldCodePoint(c);
            if (folded < 0) {
                folds[c] = DROPPED;
            } else if (folded <= Character.MAX_VALUE && !Character.isSurrogate((char) folded)
                    && folded != NOT_SIMPLE && folded != DROPPED) {
                folds[c] = (char) folded;
            }
        }
        return folds;
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
