package io.vigil.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class TokenizerTest {

    @Test
    void tokensKeepTheirOffsetsInTheOriginalText() {
        String text = "Türkiye'nin ABŞ-ın\nl'Azerbaïdjan";
        List<Token> tokens = Tokenizer.tokenize(text);
        assertThat(tokens).extracting(Token::text).containsExactly("türkiye", "nin", "abş", "in", "l", "azerbaïdjan");
        for (Token token : tokens) {
            assertThat(TextNormalizer.fold(text.substring(token.start(), token.end()))).isEqualTo(token.text());
        }
    }

    @Test
    void sentencesEndAtFullStopsButNotInsideNumbers() {
        List<Token> tokens = Tokenizer.tokenize("A 2.5 percent rise. Then it fell!\nTitle");
        assertThat(tokens.subList(0, 5)).extracting(Token::sentence).containsOnly(0);
        assertThat(tokens.subList(5, 8)).extracting(Token::sentence).containsOnly(1);
        assertThat(tokens.get(8).sentence()).isGreaterThan(1);
    }

    @Test
    void capitalsAndPunctuationBetweenTokensAreRecorded() {
        List<Token> tokens = Tokenizer.tokenize("Michael Jordan, NATO and us");
        assertThat(tokens).extracting(Token::capitalised).containsExactly(true, true, true, false, false);
        assertThat(tokens).extracting(Token::allCaps).containsExactly(false, false, true, false, false);
        assertThat(tokens).extracting(Token::spaceBefore).containsExactly(false, true, false, true, true);
    }

    @Test
    void persianZeroWidthNonJoinerStaysInsideTheWord() {
        List<Token> tokens = Tokenizer.tokenize("ایران\u200Cها");
        assertThat(tokens).hasSize(1);
    }
}
