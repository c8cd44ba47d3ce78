package io.vigil.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Random;

import org.junit.jupiter.api.Test;

class TextNormalizerTest {

    @Test
    void dottedAndDotlessIFoldTogether() {
        assertThat(TextNormalizer.fold("İran")).isEqualTo("iran");
        assertThat(TextNormalizer.fold("IRAN")).isEqualTo("iran");
        assertThat(TextNormalizer.fold("ıran")).isEqualTo("iran");
        assertThat(TextNormalizer.fold("İSTANBUL")).isEqualTo(TextNormalizer.fold("istanbul"));
    }

    @Test
    void arabicAndPersianVariantsAreUnified() {
        assertThat(TextNormalizer.fold("إيران")).isEqualTo(TextNormalizer.fold("ایران"));
        assertThat(TextNormalizer.fold("الكويت")).isEqualTo(TextNormalizer.fold("الکویت"));
        assertThat(TextNormalizer.fold("مُنَظَّمَة")).isEqualTo(TextNormalizer.fold("منظمه"));
        assertThat(TextNormalizer.fold("تـــهران")).isEqualTo("تهران");
        assertThat(TextNormalizer.fold("ایران\u200Cها")).isEqualTo(TextNormalizer.fold("ایرانها"));
    }

    @Test
    void cyrillicYoAndCompatibilityForms() {
        assertThat(TextNormalizer.fold("Объединённые")).isEqualTo("объединенные");
        assertThat(TextNormalizer.fold("ﬁnance")).isEqualTo("finance");
    }

    @Test
    void theWordFastPathFoldsEveryCharacterAsFoldDoes() {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            String one = String.valueOf((char) c);
            assertThat(TextNormalizer.foldWord(one, 0, 1)).as("U+%04X", c).isEqualTo(TextNormalizer.fold(one));
            String inWord = "a" + one + "\u0301b";
            assertThat(TextNormalizer.foldWord("x" + inWord + "y", 1, 1 + inWord.length())).as("U+%04X", c)
                    .isEqualTo(TextNormalizer.fold(inWord));
        }
    }

    @Test
    void theWordFastPathFoldsRandomWordsAndTheBenchmarkArticlesAsFoldDoes() throws IOException {
        Random random = new Random(7);
        // Characters around the ranges where NFKC composes, reorders or folds
        int[][] ranges = {{0x20, 0x250}, {0x300, 0x370}, {0x400, 0x530}, {0x590, 0x700}, {0x10A0, 0x1100},
                {0x1100, 0x1200}, {0x3040, 0x3100}, {0xAC00, 0xAC40}, {0xFB00, 0xFE00}, {0xFF00, 0xFFF0}};
        for (int n = 0; n < 200_000; n++) {
            StringBuilder word = new StringBuilder();
            for (int length = 1 + random.nextInt(5); length > 0; length--) {
                int[] range = ranges[random.nextInt(ranges.length)];
                word.append((char) (range[0] + random.nextInt(range[1] - range[0])));
            }
            String text = word.toString();
            assertThat(TextNormalizer.foldWord(text, 0, text.length())).as(text).isEqualTo(TextNormalizer.fold(text));
        }
        for (String lang : Taxonomy.LANGUAGES) {
            String[] article = ClassifierBenchmark.article(lang);
            String text = article[0] + "\n" + article[1];
            for (Token token : Tokenizer.tokenize(text)) {
                assertThat(token.text()).isEqualTo(TextNormalizer.fold(text.substring(token.start(), token.end())));
            }
        }
    }
}
