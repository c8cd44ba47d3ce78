package io.vigil.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AmbiguityRuleTest {

    /** Whether the rule lets the form count where {@code form} first occurs in {@code text}. */
    private static boolean holdsAt(String rule, String text, String form) {
        ArticleWords article = ArticleWords.of(text, null);
        List<Token> tokens = article.tokens();
        String folded = TextNormalizer.fold(form);
        int at = 0;
        while (!tokens.get(at).text().equals(folded)) {
            at++;
        }
        return AmbiguityRule.parse(rule).holds(article, at, at + 1, List.of(form));
    }

    @Test
    void notInArticleRulesTheFormOutEverywhereOnceTheOtherSenseIsEstablished() {
        String rule = "not-in-article: Atlanta, Savannah, Fulton County";
        // The title names the state; the body, far beyond not-near's eight tokens, names its capital.
        String festival = "Une chanteuse de Géorgie enflamme le festival\nLa soirée de clôture a réuni des milliers de "
                + "spectateurs venus de toute la région, et la chanteuse, née à Atlanta, a repris ses grands succès.";
        assertThat(holdsAt(rule, festival, "Géorgie")).isFalse();
        assertThat(holdsAt(rule, "Election count in Georgia: Fulton County reports late", "Georgia")).isFalse();
        assertThat(holdsAt(rule, "La Géorgie et l'OTAN ont signé un accord à Tbilissi.", "Géorgie")).isTrue();
        // a phrase counts only whole: Fulton alone is not Fulton County
        assertThat(holdsAt(rule, "Georgia and Fulton", "Georgia")).isTrue();
    }

    @Test
    void wordsAreMatchedAsWrittenAfterFolding() {
        assertThat(holdsAt("not-in-article: Атланта, Атланте", "Грузия. Концерт в АТЛАНТЕ", "Грузия")).isFalse();
        assertThat(holdsAt("not-in-article: Атланта", "Грузия. Концерт в Атланте", "Грузия")).isTrue();
    }

    @Test
    void notFormRulesOutTheWrittenWordsOnly() {
        String rule = "not-form: Нигерия, Нигерии, Нигерию, Нигерией";
        assertThat(holdsAt(rule, "Боевики напали на базу в Нигерии", "Нигерии")).isFalse();
        assertThat(holdsAt(rule, "Войска покинули Нигер", "Нигер")).isTrue();
        assertThat(holdsAt(rule, "Мали, Нигер и Нигерия", "Нигер")).isTrue();
        assertThatThrownBy(() -> AmbiguityRule.parse("not-form: Нигерия,"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty word");
    }

    @Test
    void datelineHoldsWhereTheFormOpensABodyParagraphBeforeADashParenthesisOrSlash() {
        for (String body : List.of("عمان - قال وزير الداخلية", "عمان– قال وزير الداخلية", "عمان — قال",
                "عمان/ قال", "عمان (بترا) - قال", "عمان-قال", " عمان   - قال")) {
            assertThat(holdsAt("dateline", "عنوان الخبر\n" + body, "عمان")).as(body).isTrue();
            assertThat(holdsAt("not-dateline", "عنوان الخبر\n" + body, "عمان")).as(body).isFalse();
        }
        assertThat(holdsAt("dateline", "\nعمان - قال الوزير", "عمان")).as("body without a title").isTrue();
        assertThat(holdsAt("dateline", "عنوان\nالفقرة الأولى.\nعمان - الفقرة الثانية", "عمان")).isTrue();
    }

    @Test
    void datelineDoesNotHoldInsideASentenceInTheTitleOrBeforeOtherPunctuation() {
        assertThat(holdsAt("dateline", "عنوان\nوصل الوفد إلى عمان - مسقط", "عمان")).isFalse();
        assertThat(holdsAt("dateline", "عمان - مسقط: محادثات\nقال الوزير", "عمان")).as("title").isFalse();
        assertThat(holdsAt("dateline", "عنوان\nعمان، مسقط - قال", "عمان")).isFalse();
        assertThat(holdsAt("dateline", "عنوان\nعمان تستضيف القمة - قال", "عمان")).isFalse();
        assertThat(holdsAt("dateline", "عنوان\nعمان\n- قال", "عمان")).as("mark on the next line").isFalse();
        assertThat(holdsAt("dateline", "عنوان\nعمان", "عمان")).as("end of text").isFalse();
        assertThat(holdsAt("not-dateline", "عنوان\nوصل الوفد إلى عمان - مسقط", "عمان")).isTrue();
    }

    @Test
    void rulesAreParsedStrictly() {
        assertThat(AmbiguityRule.parse(" not-in-article:atlanta,savannah ").kind())
                .isEqualTo(AmbiguityRule.Kind.NOT_IN_ARTICLE);
        assertThat(AmbiguityRule.parse("not-in-article: Fulton County").words()).hasSize(1);
        assertThatThrownBy(() -> AmbiguityRule.parse("not-in-artcle: atlanta"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not-in-artcle");
        assertThatThrownBy(() -> AmbiguityRule.parse("not-in-article:"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lists no words");
        assertThatThrownBy(() -> AmbiguityRule.parse("not-in-article: atlanta,,savannah"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty word");
        assertThatThrownBy(() -> AmbiguityRule.parse("not-in-article atlanta"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown rule");
        assertThat(AmbiguityRule.parse(" dateline ").kind()).isEqualTo(AmbiguityRule.Kind.DATELINE);
        assertThat(AmbiguityRule.parse("not-dateline").kind()).isEqualTo(AmbiguityRule.Kind.NOT_DATELINE);
        assertThatThrownBy(() -> AmbiguityRule.parse("dateline: عمان"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown rule");
        assertThatThrownBy(() -> AmbiguityRule.parse("not-datline"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not-datline");
    }

    @Test
    void aMistypedRuleIsALoadErrorNamingItsLine(@TempDir Path dir) throws IOException {
        Path countries = Files.createDirectories(dir.resolve("countries"));
        Files.writeString(countries.resolve("fr.tsv"), """
                # test data
                GE\tgéorgien
                ?GE\tGéorgie\tnot-in-article: Atlanta,
                """);
        Files.write(dir.resolve("frameworks.tsv"), EngineData.files().lines("frameworks.tsv").orElseThrow());

        assertThatThrownBy(() -> ClassifierModel.load(DataFiles.directory(dir)))
                .isInstanceOf(ClassifierDataException.class)
                .hasMessageStartingWith("countries/fr.tsv:3:")
                .hasMessageContaining("empty word");
    }
}
