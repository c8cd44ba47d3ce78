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
     * How many characters at the end of {@code stem} may differ from the word it came from, once both are compared
     * {@link Loosening loosely}. The Russian stemmer only deletes endings. The English and French ones also replace
     * some endings with ones that are not a prefix of what they replace, and only these can end a stem that way:
     * English "-ing" -> "-e" ("acing" -> "ace"), "-bility" -> "-ble" or "-bl"; French "-ence" -> "-ent",
     * "-emment"/"-amment" -> "-ent"/"-ant", "-ication" and "-icité" -> "-iqu" ("laïcité" -> "laïqu"), "-aux" ->
     * "-al", "-euse" -> "-eux", "-abilité" -> "-abl". Checked on the 104,000 words of Debian's American English list
     * (wamerican), the 346,000 of its French one (wfrench) and the 1.5 million of its Ukrainian one (wukrainian), and
     * by {@code StemFilterTest} on the lexicons' own words and their inflections: no word's stem differs from it by
     * more ({@link StemFilter} relies on this).
     */
    static int divergence(String lang, String stem) {
        return switch (lang) {
            case "en" -> stem.endsWith("ble") ? 2 : stem.endsWith("e") || stem.endsWith("bl") ? 1 : 0;
            case "fr" -> stem.endsWith("qu") || stem.endsWith("nt") ? 2
                    : stem.endsWith("al") || stem.endsWith("ux") || stem.endsWith("bl") ? 1 : 0;
            default -> 0;
        };
    }

    /**
     * Whether a stemmer may change {@code word} more than {@link Loosening loosely}. Each of its steps removes or
     * rewrites an ending at the current end of the word, so the first change happens at the word's own end, which
     * must then end like one of these endings: English "-s", "-e", "-y", "-ing", "-ed", "-ion", "-ism", "-ic",
     * "-er"/"-or" (izer, ator), "-nt" (ant, ent, ment), "-st" (ogist), "-al"/"-ful"/"-ll", "-li"/"-ci"/"-ti"/"-gi"
     * (enci, iti, ogi); French "-ux" (eux, aux), "-if", "-ez", "-ion"/"-nn" (enn, onn), "-ll" (ell, eill), "-er"/"-ir"/
     * "-ur" (ateur), and the vowels and "-s"/"-t" most verb and noun endings end with. A word that cannot is its own
     * stem. Checked like {@link #divergence} on Debian's English (104,000 words) and French (350,000) lists; true for
     * the other languages.
     */
    static boolean mayEndInEnding(String lang, String word) {
        if (word.isEmpty()) {
            return true;
        }
        char last = word.charAt(word.length() - 1);
        return switch (lang) {
            case "en" -> switch (last) {
                case 'g' -> word.endsWith("ing");
                case 'd' -> word.endsWith("ed");
                case 'n' -> word.endsWith("ion");
                case 'm' -> word.endsWith("ism");
                case 'c' -> word.endsWith("ic");
                case 'r' -> word.endsWith("er") || word.endsWith("or");
                case 't' -> word.endsWith("nt") || word.endsWith("st");
                case 'l' -> word.endsWith("al") || word.endsWith("ul") || word.endsWith("ll");
                case 'i' -> word.endsWith("li") || word.endsWith("ci") || word.endsWith("ti") || word.endsWith("gi");
                case 's', 'e', 'y', '\'', '\u2019' -> true;
                default -> false;
            };
            case "fr" -> switch (last) {
                case 'x' -> word.endsWith("ux");
                case 'f' -> word.endsWith("if");
                case 'z' -> word.endsWith("ez");
                case 'n' -> word.endsWith("ion") || word.endsWith("nn");
                case 'l' -> word.endsWith("ll");
                case 'r' -> word.endsWith("er") || word.endsWith("ir") || word.endsWith("ur");
                case 'e', 's', 'é', 't', 'i', 'a', 'ë', 'ï', 'y', 'ç', '\'', '\u2019' -> true;
                default -> false;
            };
            default -> true;
        };
    }

    /** Letters a stemmer may change anywhere in the stem, merged so that such a stem still begins like its word. */
    enum Loosening {
        NONE,
        /** Final "y" becomes "i" ("happy" -> "happi"). */
        ENGLISH,
        /** "y" becomes "i", "ç" "c", and the last syllable loses the accent of "é"/"è" ("fièvre" -> "fievr"). */
        FRENCH;

        static Loosening of(String lang) {
            return switch (lang) {
                case "en" -> ENGLISH;
                case "fr" -> FRENCH;
                default -> NONE;
            };
        }

        char apply(char c) {
            return switch (this) {
                case NONE -> c;
                case ENGLISH -> c == 'y' ? 'i' : c;
                case FRENCH -> switch (c) {
                    case 'y' -> 'i';
                    case 'é', 'è' -> 'e';
                    case 'ç' -> 'c';
                    default -> c;
                };
            };
        }
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
