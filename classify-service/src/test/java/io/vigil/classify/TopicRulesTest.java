package io.vigil.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class TopicRulesTest {

    private static TopicRules parse(String... lines) {
        return TopicRules.parse("en", "topics/en.rules", List.of(lines));
    }

    @Test
    void parsesSectionsTermsPhrasesConjunctionsAndComments() {
        TopicRules rules = parse(
                "# comment",
                "[cyber] threshold=4",
                "kiberhücum*     3   # prefix",
                "\"informasiya sistemləri*\"  2",
                "haker* & hücum*   2",
                "\"intihar* & partlayış*\"   3",
                "oyun*   -2",
                "",
                "[terrorism] threshold=6.5");
        assertThat(rules.sections()).extracting(TopicRules.Section::topic).containsExactly("cyber", "terrorism");
        assertThat(rules.sections().getFirst().threshold()).isEqualTo(4);
        assertThat(rules.sections().get(1).threshold()).isEqualTo(6.5);
        List<TopicRules.Term> terms = rules.sections().getFirst().terms();
        assertThat(terms).extracting(TopicRules.Term::weight).containsExactly(3.0, 2.0, 2.0, 3.0, -2.0);
        assertThat(terms.get(0).parts().getFirst()).containsExactly(new Lexicon.Word("en", "kiberhücum", true));
        assertThat(terms.get(1).parts().getFirst()).containsExactly(new Lexicon.Word("en", "informasiya", false),
                new Lexicon.Word("en", "sistemləri", true));
        assertThat(terms.get(2).parts()).hasSize(2);
        assertThat(terms.get(3).parts()).hasSize(2);
        assertThat(terms.get(0).line()).isEqualTo(3);
    }

    @Test
    void errorsNameTheFileAndLine() {
        assertError("topics/en.rules:2: unknown topic id 'cyberr'", "# x", "[cyberr] threshold=4");
        assertError("topics/en.rules:1: term before the first", "attack 3");
        assertError("topics/en.rules:2: weight is not a number", "[cyber] threshold=4", "attack three");
        assertError("topics/en.rules:2: expected '<term> <weight>'", "[cyber] threshold=4", "attack");
        assertError("topics/en.rules:1: expected 'threshold=N'", "[cyber]");
        assertError("topics/en.rules:1: threshold must be positive", "[cyber] threshold=0");
        assertError("topics/en.rules:2: several words must be quoted", "[cyber] threshold=4", "cyber attack 3");
        assertError("topics/en.rules:2: unclosed quote", "[cyber] threshold=4", "\"cyber attack 3 4");
        assertError("topics/en.rules:2: '*' may only end a word", "[cyber] threshold=4", "cy*ber 3");
        assertError("topics/en.rules:3: second section for topic 'cyber'", "[cyber] threshold=4", "cyber 1",
                "[cyber] threshold=5");
    }

    private static void assertError(String message, String... lines) {
        assertThatThrownBy(() -> parse(lines)).isInstanceOf(ClassifierDataException.class).hasMessageContaining(message);
    }
}
