package io.vigil.classify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArticleWordsTest {

    @Test
    void eachDistinctWordIsListedOnce() {
        ArticleWords words = ArticleWords.of("NATO troops. Nato troops and NATO", "en");
        assertThat(words.tokens()).hasSize(6);
        assertThat(words.wordCount()).isEqualTo(3);
        assertThat(words.wordOfToken(0)).isEqualTo(words.wordOfToken(2)).isEqualTo(words.wordOfToken(5));
        assertThat(words.word(words.wordOfToken(1))).isEqualTo("troops");
    }

    @Test
    void stemsInTheArticleLanguageOnly() {
        ArticleWords english = ArticleWords.of("exercises", "en");
        assertThat(english.stem(0)).isEqualTo("exercis");
        assertThat(english.stem(0)).isEqualTo("exercis");
        assertThat(ArticleWords.of("exercises", "az").stem(0)).isNull();
        assertThat(ArticleWords.of("exercises", null).stem(0)).isNull();
        assertThat(ArticleWords.of("учения", "en").stem(0)).isNull();
    }
}
