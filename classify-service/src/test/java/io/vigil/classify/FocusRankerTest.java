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
        return focusIn("en", matches);
    }

    private static List<String> focusIn(String lang, CountryGazetteer.Match... matches) {
        return FocusRanker.focus(FocusRanker.rank(List.of(matches), List.of(), TITLE_END, LEAD_END, lang));
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
        assertThat(FocusRanker.focus(FocusRanker.rank(matches, List.of(), TITLE_END, LEAD_END, "en"))).containsExactly("KW");
    }

    @Test
    void atMostThreeCountriesAndNoneWithoutMentions() {
        assertThat(focus(at("AZ", 0), at("AM", 10), at("GE", 20), at("TR", 30))).hasSize(3).containsExactly("AZ", "AM", "GE");
        assertThat(focus()).isEmpty();
    }

    @Test
    void aOneStateLanguageKeepsItsHomeCountryAheadOfANeighbourInTheTitle() {
        // "Border guards detained 14 men at the border with Romania": Romania in the title, the lead and the body,
        // Ukraine once in the lead.
        CountryGazetteer.Match[] borderReport = {at("RO", 20), at("RO", 120), at("UA", 200), at("RO", 900)};
        assertThat(focusIn("uk", borderReport)).containsExactly("UA", "RO");
        assertThat(focusIn("en", borderReport)).containsExactly("RO");
    }

    @Test
    void thePriorWeakensWithTheNumberOfStatesWritingTheLanguage() {
        // A foreign country once in the title against the home country twice in the body.
        assertThat(focusIn("az", at("TR", 10), at("AZ", 400), at("AZ", 500))).first().isEqualTo("AZ");
        assertThat(focusIn("tr", at("SY", 10), at("TR", 400), at("TR", 500))).first().isEqualTo("TR");
        assertThat(focusIn("ru", at("BY", 10), at("RU", 400), at("RU", 500))).first().isEqualTo("BY");
        assertThat(focusIn("fa", at("AF", 10), at("IR", 400), at("IR", 500))).first().isEqualTo("AF");

        // A foreign country and the home country each named once in passing, the foreign one first.
        assertThat(focusIn("ru", at("SO", 600), at("RU", 1000))).containsExactly("RU");
        assertThat(focusIn("fa", at("PK", 600), at("IR", 1000))).containsExactly("IR");
        assertThat(focusIn("fr", at("BE", 600), at("FR", 1000))).containsExactly("BE");
        assertThat(focusIn("ar", at("EG", 600), at("SA", 1000))).containsExactly("EG");
        assertThat(focusIn("en", at("GB", 600), at("US", 1000))).containsExactly("GB");
    }

    @Test
    void aForeignCountryThatDominatesTheArticleKeepsTheLead() {
        // Azerbaijan in the title and three times in the lead (weight 9), Armenia once further down (1, prior 4).
        assertThat(focusIn("hy", at("AZ", 0), at("AZ", 100), at("AZ", 150), at("AZ", 200), at("AM", 800)))
                .containsExactly("AZ");
        assertThat(focusIn("hy", at("AZ", 0), at("AZ", 100), at("AZ", 150), at("AZ", 200), at("AM", 800),
                at("AM", 900))).containsExactly("AZ", "AM");
    }

    @Test
    void aHomeCountryPutFirstByThePriorDoesNotPushOutACountryNamedAsOften() {
        // Georgia weighs 6, Russia 4: Russia stays in the focus as it would without the prior.
        CountryGazetteer.Match[] matches = {at("GE", 0), at("RU", 100), at("GE", 150), at("RU", 400), at("RU", 500),
                at("GE", 600)};
        assertThat(focusIn("ka", matches)).containsExactly("GE", "RU");
        assertThat(focusIn("en", matches)).containsExactly("GE", "RU");
    }

    @Test
    void aHomeCountryNamedOnceInTheBodyCountsAsALeadMention() {
        // A coast guard's joint patrol "with US naval forces": the US in the title, the lead and once more further
        // down (weight 6), Georgia once in the body (weight 1, as a lead mention 2, prior 4).
        CountryGazetteer.Match[] patrol = {at("US", 20), at("US", 120), at("GE", 400), at("US", 900)};
        assertThat(focusIn("ka", patrol)).containsExactly("GE", "US");
        assertThat(focusIn("en", patrol)).containsExactly("US");
        // Persian: Pakistan twice in the body against Tehran once.
        assertThat(focusIn("fa", at("PK", 400), at("IR", 500), at("PK", 600))).first().isEqualTo("IR");
        // The floor is not a title: a foreign country named in the title and twice in the lead still leads in Russian.
        assertThat(focusIn("ru", at("BY", 10), at("BY", 100), at("BY", 200), at("RU", 900))).first().isEqualTo("BY");
    }

    @Test
    void thePriorNeverAddsAnUnnamedHomeCountry() {
        List<FocusRanker.Ranked> ranked = FocusRanker.rank(List.of(at("TR", 400)), List.of(), TITLE_END, LEAD_END, "az");
        assertThat(ranked).extracting(FocusRanker.Ranked::code).containsExactly("TR");
        assertThat(FocusRanker.focus(ranked)).containsExactly("TR");
    }

    @Test
    void homeNamesRaiseTheStandingOfANamedHomeCountryOnly() {
        // MSB's briefing on the Syrian border: Syria in the title and lead, Turkey once in the lead and once below,
        // the ministry in the title and the lead.
        List<CountryGazetteer.Match> briefing = List.of(at("SY", 5), at("TR", 100), at("SY", 110), at("SY", 400),
                at("TR", 900));
        assertThat(FocusRanker.focus(FocusRanker.rank(briefing, List.of(), TITLE_END, LEAD_END, "tr")))
                .first().isEqualTo("SY");
        assertThat(FocusRanker.focus(FocusRanker.rank(briefing, List.of(0, 60), TITLE_END, LEAD_END, "tr")))
                .containsExactly("TR", "SY");
        // Home names never put an unnamed home country in the focus, nor count for another country
        List<CountryGazetteer.Match> seizure = List.of(at("AF", 100), at("PK", 200));
        assertThat(FocusRanker.focus(FocusRanker.rank(seizure, List.of(0, 60), TITLE_END, LEAD_END, "fa")))
                .containsExactly("AF");
        // ...nor in a language with no home country
        List<CountryGazetteer.Match> french = List.of(at("BE", 10), at("FR", 900));
        assertThat(FocusRanker.focus(FocusRanker.rank(french, List.of(60, 70, 80), TITLE_END, LEAD_END, "fr")))
                .first().isEqualTo("BE");
    }

    @Test
    void homeNamesRaiseStandingNotScore() {
        List<FocusRanker.Ranked> ranked = FocusRanker.rank(List.of(at("DK", 5), at("TR", 700)), List.of(0, 60, 700),
                TITLE_END, LEAD_END, "tr");
        assertThat(ranked).extracting(FocusRanker.Ranked::code).containsExactly("TR", "DK");
        assertThat(ranked.getFirst().weight()).isEqualTo(FocusRanker.BODY_WEIGHT);
        assertThat(ranked.getFirst().score()).isEqualTo(FocusRanker.BODY_WEIGHT * FocusRanker.MAIN_STATE_PRIOR);
    }
}
