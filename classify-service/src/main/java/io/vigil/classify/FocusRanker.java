package io.vigil.classify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ranks the countries of an article by how central they are: a mention in the title weighs more than one in the
 * first paragraph, which weighs more than a passing mention further down; every mention counts. The article's
 * language adds a prior for its home country: outlets writing in a language spoken as a state language in one state
 * report on that state, which they name sparingly (an earthquake report, a border guards' press release), so a
 * foreign country named in passing must outweigh the home country clearly to take the focus from it. For the same
 * reason the home country, wherever the text names it, weighs at least as much as a mention in the first paragraph:
 * its coast guard or ministry carries the story and the state itself is named once, deep in the body, while the
 * partner it worked with is in the title and the lead. Where it names its own provinces, cities and institutions
 * instead ({@link HomeNames}: the defence ministry's briefing, a seizure in a border province), those count towards
 * the home country's standing as mentions of it would, provided the text names the country itself at least once.
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

    /** The state language of one state only, written by that state's outlets and its diaspora's. */
    static final double ONE_STATE_PRIOR = 4;
    /** One state's language in practice, also official in a second (Turkish in Cyprus). */
    static final double MAIN_STATE_PRIOR = 2;
    /**
     * The language of several states' outlets (Persian in Iran and, as Dari, Afghanistan; Russian in Russia, Belarus,
     * Kazakhstan, Kyrgyzstan) and of neighbours' foreign-language services (Azerbaijani outlets in Persian and
     * Russian). French, Arabic and English, official in dozens of states, have no home country.
     */
    static final double SHARED_PRIOR = 1.5;

    private record Home(String code, double prior) {
    }

    private static final Map<String, Home> HOMES = Map.of(
            "hy", new Home("AM", ONE_STATE_PRIOR),
            "ka", new Home("GE", ONE_STATE_PRIOR),
            "az", new Home("AZ", ONE_STATE_PRIOR),
            "uk", new Home("UA", ONE_STATE_PRIOR),
            "tr", new Home("TR", MAIN_STATE_PRIOR),
            "fa", new Home("IR", SHARED_PRIOR),
            "ru", new Home("RU", SHARED_PRIOR));

    /**
     * A country with its mentions in text order: {@code weight} from where it is named, {@code score} that weight
     * times the home-country prior of the article's language (equal to the weight for any other country), and
     * {@code standing}, which orders the countries: the score, with the home country's weight raised to at least a
     * lead mention's. The floor only decides which country leads; whether a country joins the leader still depends on
     * its score, so a home country named once in passing does not join a foreign country that dominates the article.
     */
    public record Ranked(String code, double weight, double score, double standing,
                         List<CountryGazetteer.Match> mentions) {
    }

    private FocusRanker() {
    }

    /** Whether the language has a home country. */
    static boolean hasHome(String lang) {
        return HOMES.containsKey(lang);
    }

    /**
     * Countries by standing, highest first; ties go to the country named first.
     *
     * @param titleEnd end of the title in the analysed text
     * @param leadEnd  end of the first paragraph in the analysed text
     * @param homeNames where the text names the home country's provinces, cities and institutions
     * @param lang     the article's language
     */
    public static List<Ranked> rank(List<CountryGazetteer.Match> matches, List<Integer> homeNames, int titleEnd,
                                    int leadEnd, String lang) {
        Home home = lang == null ? null : HOMES.get(lang);
        Map<String, List<CountryGazetteer.Match>> byCode = new LinkedHashMap<>();
        matches.stream().sorted(Comparator.comparingInt(CountryGazetteer.Match::start))
                .forEach(m -> byCode.computeIfAbsent(m.code(), k -> new ArrayList<>()).add(m));
        List<Ranked> ranked = new ArrayList<>();
        byCode.forEach((code, mentions) -> {
            double weight = 0;
            for (CountryGazetteer.Match mention : mentions) {
                weight += weightAt(mention.start(), titleEnd, leadEnd);
            }
            boolean isHome = home != null && home.code().equals(code);
            double score = isHome ? weight * home.prior() : weight;
            double standing = weight;
            if (isHome) {
                double homeNamesWeight = 0;
                for (int start : homeNames) {
                    homeNamesWeight += weightAt(start, titleEnd, leadEnd);
                }
                standing = Math.max(weight + homeNamesWeight, LEAD_WEIGHT) * home.prior();
            }
            ranked.add(new Ranked(code, weight, score, standing, List.copyOf(mentions)));
        });
        ranked.sort(Comparator.comparingDouble(Ranked::standing).reversed()
                .thenComparingInt(r -> r.mentions().getFirst().start()));
        return ranked;
    }

    private static double weightAt(int start, int titleEnd, int leadEnd) {
        return start < titleEnd ? TITLE_WEIGHT : start < leadEnd ? LEAD_WEIGHT : BODY_WEIGHT;
    }

    /**
     * One to three most central countries (none when no country is named). The prior decides which country leads;
     * the others are measured against the leader's weight, not its score, so that a home country put first by the
     * prior does not push out a foreign country the text names as often.
     */
    public static List<String> focus(List<Ranked> ranked) {
        if (ranked.isEmpty()) {
            return List.of();
        }
        double bar = CLOSE_TO_TOP * ranked.getFirst().weight();
        List<String> focus = new ArrayList<>();
        focus.add(ranked.getFirst().code());
        for (int i = 1; i < ranked.size() && focus.size() < MAX_FOCUS; i++) {
            Ranked next = ranked.get(i);
            if (next.score() >= bar && next.score() >= MIN_SECONDARY_WEIGHT) {
                focus.add(next.code());
            }
        }
        return List.copyOf(focus);
    }
}
