package io.vigil.classify;

import org.tartarus.snowball.SnowballStemmer;
import org.tartarus.snowball.ext.EnglishStemmer;
import org.tartarus.snowball.ext.FrenchStemmer;
import org.tartarus.snowball.ext.RussianStemmer;

/**
 * The stemmers of the languages whose inflection is handled by Lucene rather than by a suffix list: Snowball for
 * English, French and Russian. Ukrainian has no stemmer in Lucene (Morfologik's Ukrainian dictionary is not
 * available) and the light Russian one is not public, so Ukrainian gets the Russian Snowball stemmer, which removes
 * the case endings both languages share; the Ukrainian suffix file covers the rest.
 *
 * <p>Snowball stemmers keep state, so one instance serves one thread: build one per classification. Each distinct word
 * of an article is stemmed once ({@link ArticleWords}).
 */
public final class Stemming {

    private static final int MIN_LENGTH = 3;

    private final SnowballStemmer english = new EnglishStemmer();
    private final SnowballStemmer french = new FrenchStemmer();
    private final SnowballStemmer russian = new RussianStemmer();
    private final SnowballStemmer ukrainian = new RussianStemmer();

    public static boolean stems(String lang) {
        return switch (lang) {
            case "en", "fr", "ru", "uk" -> true;
            default -> false;
        };
    }

    /**
     * How many characters at the end of a stem may differ from the word it came from, once both are compared
     * {@link #loose}ly: the Russian stemmer only deletes endings; the English one rewrites "-ing" as "-e" ("acing" ->
     * "ace"); the French one "-ication" as "-iqu" and "-emment" as "-ent". Measured over the 104,000 words of
     * Debian's American English list (wamerican), the 346,000 of its French one (wfrench) and the 1.5 million of its
     * Ukrainian one (wukrainian), plus the test cases: no word exceeds these bounds ({@link StemFilter} relies on them).
     */
    static int divergence(String lang) {
        return switch (lang) {
            case "en" -> 1;
            case "fr" -> 2;
            default -> 0;
        };
    }

    /**
     * The letter as stems are compared by {@link StemFilter}: with the letters a stemmer changes anywhere in the stem
     * merged, English and French final "y" -> "i", French "ç" -> "c" and the accent the French stemmer removes from
     * the last syllable ("fièvre" -> "fievr").
     */
    static char loose(String lang, char c) {
        return switch (lang) {
            case "en" -> c == 'y' ? 'i' : c;
            case "fr" -> switch (c) {
                case 'y' -> 'i';
                case 'é', 'è' -> 'e';
                case 'ç' -> 'c';
                default -> c;
            };
            default -> c;
        };
    }

    /** The stem of a folded token in that language, or null when the language or the token's script has none. */
    public String stem(String lang, String token) {
        if (token.length() < MIN_LENGTH || !stems(lang) || !scriptFits(lang, token)) {
            return null;
        }
        return switch (lang) {
            case "en" -> snowball(english, token);
            case "fr" -> snowball(french, token);
            case "ru" -> snowball(russian, token);
            case "uk" -> snowball(ukrainian, token);
            default -> null;
        };
    }

    private static String snowball(SnowballStemmer stemmer, String token) {
        stemmer.setCurrent(token);
        stemmer.stem();
        return stemmer.getCurrent();
    }

    private static boolean scriptFits(String lang, String token) {
        Character.UnicodeScript script = Character.UnicodeScript.of(token.codePointAt(0));
        return switch (lang) {
            case "en", "fr" -> script == Character.UnicodeScript.LATIN;
            case "ru", "uk" -> script == Character.UnicodeScript.CYRILLIC;
            default -> false;
        };
    }
}
