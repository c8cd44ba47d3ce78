package io.vigil.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.ibm.icu.text.LocaleDisplayNames;
import com.ibm.icu.util.ULocale;

class StemFilterTest {

    private static final int GENERATED_ARTICLES = 300;

    /** Endings of the stemmed languages beyond their suffix files: those the Snowball stemmers rewrite. */
    private static final List<String> ENDINGS = List.of("s", "es", "ed", "ing", "ingly", "ly", "ies", "ied", "ity",
            "ities", "ication", "ications", "ational", "ization", "ement", "ements", "ment", "ments", "amment",
            "emment", "ence", "ences", "aux", "euse", "euses", "ive", "ives", "ité", "ités", "ique", "iques", "ière",
            "ières", "ion", "ions", "e", "é", "ée", "ées", "ère", "а", "ы", "у", "ой", "ом", "ах", "ами", "ів", "ові",
            "ськ", "ського", "ській", "ность", "ости", "ення", "ння", "ь");

    @Test
    void aWordPassesWhenItStartsWithAKeyLessTheEndTheStemmerRewrites() {
        StemFilter russian = StemFilter.of("ru", List.of("казахстан", "учени"));
        assertThat(russian.mayStemToKey("казахстане")).isTrue();
        assertThat(russian.mayStemToKey("учения")).isTrue();
        assertThat(russian.mayStemToKey("казах")).isFalse();
        assertThat(russian.mayStemToKey("москва")).isFalse();

        StemFilter english = StemFilter.of("en", List.of("ace", "die"));
        assertThat(english.mayStemToKey("acing")).isTrue();
        assertThat(english.mayStemToKey("dying")).isTrue();
        assertThat(english.mayStemToKey("attack")).isFalse();

        StemFilter french = StemFilter.of("fr", List.of("apparent", "fievr"));
        assertThat(french.mayStemToKey("apparemment")).isTrue();
        assertThat(french.mayStemToKey("fièvre")).isTrue();
        assertThat(french.mayStemToKey("appel")).isFalse();
    }

    @Test
    void aWordThatCannotEndInAStemmersEndingPassesOnlyWhenItIsAKey() {
        StemFilter english = StemFilter.of("en", List.of("war", "kyiv"));
        assertThat(english.mayStemToKey("wars")).isTrue();
        assertThat(english.mayStemToKey("warring")).isTrue();
        assertThat(english.mayStemToKey("war")).isTrue();
        assertThat(english.mayStemToKey("warsaw")).isFalse();
        assertThat(english.mayStemToKey("warp")).isFalse();
        assertThat(english.mayStemToKey("warding")).isTrue();
        assertThat(english.mayStemToKey("kiiv")).isTrue();

        StemFilter french = StemFilter.of("fr", List.of("camp", "proces"));
        assertThat(french.mayStemToKey("camps")).isTrue();
        assertThat(french.mayStemToKey("camp")).isTrue();
        assertThat(french.mayStemToKey("camping")).isFalse();
        assertThat(french.mayStemToKey("campus")).isTrue();
        assertThat(french.mayStemToKey("procès")).isTrue();
    }

    /**
     * The filter must never drop a word the stem index would match: for every form and rule word of the language,
     * each with every suffix of its suffix file and the endings the stemmers rewrite, and every word of the test
     * cases, the benchmark article and {@value #GENERATED_ARTICLES} generated articles (inflected, misspelt and
     * invented words), a filter of the word's stem alone passes the word (a filter of more keys passes
     * whatever a filter of fewer passes).
     */
    @ParameterizedTest
    @ValueSource(strings = {"en", "fr", "ru", "uk"})
    void neverDropsAWordWhoseStemIsAKey(String lang) throws IOException {
        Stemming stemming = new Stemming();
        List<String> suffixes = new ArrayList<>(ENDINGS);
        suffixes.addAll(ClassifierModel.parseMorphology(lang, "suffixes/" + lang + ".txt",
                DataFiles.classpath().lines("suffixes/" + lang + ".txt").orElseThrow()).suffixes());
        int checked = 0;
        List<String> dropped = new ArrayList<>();
        for (String base : vocabulary(lang)) {
            List<String> words = new ArrayList<>(List.of(base));
            for (String suffix : suffixes) {
                words.add(base + suffix);
                words.add(base.substring(0, base.length() - 1) + suffix);
            }
            for (String word : words) {
                String stem = stemming.stem(lang, word);
                if (stem != null) {
                    checked++;
                    if (!StemFilter.of(lang, List.of(stem)).mayStemToKey(word)) {
                        dropped.add(word + " -> " + stem);
                    }
                }
            }
        }
        assertThat(dropped).isEmpty();
        assertThat(checked).isGreaterThan(20_000);
    }

    /** The folded words of the country forms, CLDR country names, topic rules, test cases and benchmark articles. */
    private static Set<String> vocabulary(String lang) throws IOException {
        StringBuilder text = new StringBuilder();
        DataFiles files = DataFiles.classpath();
        files.lines("countries/" + lang + ".tsv").orElseThrow().forEach(line -> text.append(line).append('\n'));
        files.lines("topics/" + lang + ".rules").orElseThrow().forEach(line -> text.append(line).append('\n'));
        LocaleDisplayNames names = LocaleDisplayNames.getInstance(ULocale.forLanguageTag(lang));
        for (String code : CountryGazetteer.regionCodes()) {
            text.append(names.regionDisplayName(code)).append('\n');
        }
        text.append(resource("cases/" + lang + ".cases")).append(resource("bench/" + lang + ".txt"));
        GeneratedArticles generated = new GeneratedArticles(lang, 1);
        for (int i = 0; i < GENERATED_ARTICLES; i++) {
            String[] article = generated.next();
            text.append(article[0]).append('\n').append(article[1]).append('\n');
        }
        Set<String> words = new TreeSet<>();
        for (Token token : Tokenizer.tokenize(text.toString())) {
            if (token.text().length() >= 2) {
                words.add(token.text());
            }
        }
        return words;
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = StemFilterTest.class.getClassLoader().getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
