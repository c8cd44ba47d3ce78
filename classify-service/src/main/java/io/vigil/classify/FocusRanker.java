package io.vigil.classify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ranks the countries of an article by how central they are: a mention in the title weighs more than one in the
 * first paragraph, which weighs more than a passing mention further down; every mention counts.
 */
public final class FocusRanker {

    static final double TITLE_WEIGHT = 3;
    static final double LEAD_WEIGHT = 2;
    static final double BODY_WEIGHT = 1;
    static final int MAX_FOCUS = 3;
    /** A second or third country joins the focus only when it weighs at least this share of the first... */
    static final double CLOSE_TO_TOP = 0.6;
    /** ...and more than a mention in the first paragraph: a title mention, or several further down. */
    static final double MIN_SECONDARY_WEIGHT = 3;

    /** A country with its mentions in text order and their combined weight. */
    public record Ranked(String code, double weight, List<CountryGazetteer.Match> mentions) {
    }

    private FocusRanker() {
    }

    /**
     * Countries by weight, heaviest first; ties go to the country named first.
     *
     * @param titleEnd end of the title in the analysed text
     * @param leadEnd  end of the first paragraph in the analysed text
     */
    public static List<Ranked> rank(List<CountryGazetteer.Match> matches, int titleEnd, int leadEnd) {
        Map<String, List<CountryGazetteer.Match>> byCode = new LinkedHashMap<>();
        matches.stream().sorted(Comparator.comparingInt(CountryGazetteer.Match::start))
                .forEach(m -> byCode.computeIfAbsent(m.code(), k -> new ArrayList<>()).add(m));
        List<Ranked> ranked = new ArrayList<>();
        byCode.forEach((code, mentions) -> {
            double weight = 0;
            for (CountryGazetteer.Match mention : mentions) {
                weight += mention.start() < titleEnd ? TITLE_WEIGHT : mention.start() < leadEnd ? LEAD_WEIGHT : BODY_WEIGHT;
            }
            ranked.add(new Ranked(code, weight, List.copyOf(mentions)));
        });
        ranked.sort(Comparator.comparingDouble(Ranked::weight).reversed()
                .thenComparingInt(r -> r.mentions().getFirst().start()));
        return ranked;
    }

    /** One to three most central countries (none when no country is named). */
    public static List<String> focus(List<Ranked> ranked) {
        if (ranked.isEmpty()) {
            return List.of();
        }
        double top = ranked.getFirst().weight();
        List<String> focus = new ArrayList<>();
        focus.add(ranked.getFirst().code());
        for (int i = 1; i < ranked.size() && focus.size() < MAX_FOCUS; i++) {
            Ranked next = ranked.get(i);
            if (next.weight() >= CLOSE_TO_TOP * top && next.weight() >= MIN_SECONDARY_WEIGHT) {
                focus.add(next.code());
            }
        }
        return List.copyOf(focus);
    }
}
