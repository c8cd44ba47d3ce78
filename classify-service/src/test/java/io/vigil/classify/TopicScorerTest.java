package io.vigil.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.vigil.classify.Classification.TopicTag;

class TopicScorerTest {

    private final TopicScorer scorer = EngineData.model().scorer("en");

    private List<TopicTag> score(String title, String text, double minScore) {
        String analysed = title + "\n" + text;
        return scorer.score(ArticleWords.of(analysed, "en"), analysed, title.length(), minScore);
    }

    private double scoreOf(String title, String text, String topic) {
        return score(title, text, 0.0).stream().filter(t -> t.id().equals(topic)).mapToDouble(TopicTag::score)
                .findFirst().orElse(0);
    }

    @Test
    void scoreIsRawOverRawPlusThreshold() {
        // cyber* 2 + "cyber attack*" 2 = 4 = threshold: exactly 0.5
        assertThat(scoreOf("", "A cyber attack hit the bank.", "cyber")).isCloseTo(0.5, within(0.001));
        assertThat(scoreOf("", "Cyber experts met.", "cyber")).isCloseTo(2.0 / 6.0, within(0.001));
    }

    @Test
    void titleMatchesCountDouble() {
        assertThat(scoreOf("Cyber experts met", "Nothing else.", "cyber")).isCloseTo(4.0 / 8.0, within(0.001));
    }

    @Test
    void eachTermCountsAtMostThreeTimes() {
        assertThat(scoreOf("", "cyber cyber cyber cyber cyber cyber", "cyber")).isCloseTo(6.0 / 10.0, within(0.001));
    }

    @Test
    void stemmingMatchesInflectedWords() {
        assertThat(scoreOf("", "Two cyber attacks were reported.", "cyber")).isCloseTo(0.5, within(0.001));
    }

    @Test
    void conjunctionsCountOncePerSentenceWhenAllPartsOccur() {
        assertThat(scoreOf("", "Hackers entered the ministry network. The ministry denied it.", "cyber"))
                .isCloseTo(3.0 / 7.0, within(0.001));
        assertThat(scoreOf("", "Hackers were seen. The ministry denied it.", "cyber")).isZero();
    }

    @Test
    void negativeTermsCancelOtherMeanings() {
        assertThat(scoreOf("", "A cyber themed video game was released.", "cyber")).isZero();
    }

    @Test
    void topicsBelowTheMinimumAreNotReported() {
        assertThat(score("", "Cyber experts met.", 0.5)).isEmpty();
        assertThat(score("", "Piracy off Somalia and naval patrols in the Gulf of Aden.", 0.5))
                .extracting(TopicTag::id).containsExactly("maritime-security");
    }

    @Test
    void evidenceSpansPointIntoTitlePlusText() {
        String title = "Navy update";
        String text = "Naval patrols against piracy continue; piracy fell.";
        String analysed = title + "\n" + text;
        TopicTag tag = score(title, text, 0.5).getFirst();
        assertThat(tag.evidence()).isNotEmpty();
        for (Classification.Evidence evidence : tag.evidence()) {
            assertThat(analysed.substring(evidence.start(), evidence.end())).isEqualTo(evidence.text());
        }
        assertThat(tag.evidence()).extracting(Classification.Evidence::text).contains("Naval patrols", "piracy");
    }
}
