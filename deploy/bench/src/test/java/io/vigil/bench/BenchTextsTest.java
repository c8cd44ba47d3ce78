package io.vigil.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BenchTextsTest {

    @ParameterizedTest
    @EnumSource(BenchTexts.class)
    void theSameSeedGivesTheSameDistinctTextsOfTheAskedLength(BenchTexts language) {
        List<String> texts = language.generate(200, 3_000, 7);

        assertEquals(texts, language.generate(200, 3_000, 7));
        assertEquals(200, new HashSet<>(texts).size());
        texts.forEach(text -> assertEquals(3_000, text.length()));
        assertEquals(language.one(5, 1_000), language.one(5, 1_000));
        assertEquals(language.title(5), language.title(5));
    }

    @ParameterizedTest
    @EnumSource(BenchTexts.class)
    void theTextsAreWrittenInTheLanguagesScript(BenchTexts language) {
        Character.UnicodeScript expected = switch (language) {
            case AZ -> Character.UnicodeScript.LATIN;
            case RU -> Character.UnicodeScript.CYRILLIC;
            case FA -> Character.UnicodeScript.ARABIC;
            case HY -> Character.UnicodeScript.ARMENIAN;
        };
        String text = language.one(1, 3_000);
        long letters = text.codePoints().filter(Character::isLetter).count();
        long inScript = text.codePoints().filter(Character::isLetter)
                .filter(c -> Character.UnicodeScript.of(c) == expected).count();

        assertTrue(inScript > 0.9 * letters, language + ": " + inScript + " of " + letters + " letters in " + expected);
    }

    /**
     * Unrelated news articles share few word 3-shingles (what ingest-service's SimHash is built from): here a
     * text's shingles are found in another text of the same language about one time in ten at most on average,
     * where texts made from one small pool of sentences shared most of theirs.
     */
    @ParameterizedTest
    @EnumSource(BenchTexts.class)
    void twoTextsShareFewWordShingles(BenchTexts language) {
        List<Set<String>> shingles = language.generate(100, 3_000, 11).stream().map(BenchTextsTest::shingles).toList();
        double shared = 0;
        int pairs = 0;
        for (int i = 0; i < shingles.size(); i++) {
            for (int j = i + 1; j < shingles.size(); j++) {
                Set<String> common = new HashSet<>(shingles.get(i));
                common.retainAll(shingles.get(j));
                shared += (double) common.size() / shingles.get(i).size();
                pairs++;
            }
        }

        assertTrue(shared / pairs < 0.1, language + ": on average " + shared / pairs + " of a text's shingles in another");
    }

    private static Set<String> shingles(String text) {
        String[] words = text.toLowerCase(Locale.ROOT).replaceAll("[\\p{P}]", "").split("\\s+");
        Set<String> shingles = new HashSet<>();
        for (int i = 0; i + 3 <= words.length; i++) {
            shingles.add(words[i] + " " + words[i + 1] + " " + words[i + 2]);
        }
        return shingles;
    }
}
