package io.vigil.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class FocusRankerTest {

    private static final int TITLE_END = 50;
    private static final int LEAD_END = 300;

    private static CountryGazetteer.Match at(String code, int start) {
        return new CountryGazetteer.Match(code, start, start + 5, 0, 1);
    }

    private static List<String> focus(CountryGazetteer.Match... matches) {
        return FocusRanker.focus(FocusRanker.rank(List.of(matches), TITLE_END, LEAD_END));
    }

    @Test
    void titleAndLeadWeighMoreThanPassingMentions() {
        assertThat(focus(at("AZ", 0), at("US", 400), at("US", 500), at("US", 600), at("AZ", 100)))
                .containsExactly("AZ", "US");
        assertThat(focus(at("AZ", 0), at("US", 400), at("US", 500), at("AZ", 100))).containsExactly("AZ");
        assertThat(focus(at("AZ", 0), at("FR", 900))).containsExactly("AZ");
    }

    @Test
    void aSecondCountryJoinsOnlyWhenCloseToTheFirst() {
        List<CountryGazetteer.Match> matches = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            matches.add(at("KW", 60 + i * 10));
        }
        matches.add(at("SA", 600));
        matches.add(at("SA", 700));
        assertThat(FocusRanker.focus(FocusRanker.rank(matches, TITLE_END, LEAD_END))).containsExactly("KW");
    }

    @Test
    void atMostThreeCountriesAndNoneWithoutMentions() {
        assertThat(focus(at("AZ", 0), at("AM", 10), at("GE", 20), at("TR", 30))).hasSize(3).containsExactly("AZ", "AM", "GE");
        assertThat(focus()).isEmpty();
    }
}
