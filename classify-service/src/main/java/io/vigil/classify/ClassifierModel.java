package io.vigil.classify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything the classifier knows, built once from the data files and never changed afterwards: reloading builds a
 * new model and swaps it in whole.
 */
public final class ClassifierModel {

    private static final String SEPARATORS = "'’ʼ`-";

    /** What a model holds, for the reload answer and the logs. */
    public record Counts(String source, int countryForms, Map<String, Integer> topicTerms, int frameworks) {
    }

    private final Map<String, TopicScorer> scorers;
    private final CountryGazetteer gazetteer;
    private final HomeNames homeNames;
    private final Frameworks frameworks;
    private final Counts counts;

    private ClassifierModel(Map<String, TopicScorer> scorers, CountryGazetteer gazetteer, HomeNames homeNames,
                            Frameworks frameworks, Counts counts) {
        this.scorers = scorers;
        this.gazetteer = gazetteer;
        this.homeNames = homeNames;
        this.frameworks = frameworks;
        this.counts = counts;
    }

    /** Builds a model, or throws {@link ClassifierDataException} naming the file and line of the first error. */
    public static ClassifierModel load(DataFiles files) {
        Map<String, Morphology> morphologies = new HashMap<>();
        for (String lang : Taxonomy.LANGUAGES) {
            String file = "suffixes/" + lang + ".txt";
            morphologies.put(lang, files.lines(file).map(lines -> parseMorphology(lang, file, lines))
                    .orElse(Morphology.none(lang)));
        }
        Map<String, TopicScorer> scorers = new HashMap<>();
        Map<String, Integer> topicTerms = new TreeMap<>();
        for (String lang : Taxonomy.LANGUAGES) {
            String file = "topics/" + lang + ".rules";
            files.lines(file).ifPresent(lines -> {
                TopicRules rules = TopicRules.parse(lang, file, lines);
                scorers.put(lang, TopicScorer.compile(rules, Map.of(lang, morphologies.get(lang))));
                topicTerms.put(lang, rules.termCount());
            });
        }
        CountryGazetteer gazetteer = CountryGazetteer.load(files, morphologies);
        List<String> frameworkLines = files.lines("frameworks.tsv")
                .orElseThrow(() -> new ClassifierDataException("frameworks.tsv", 0, "missing in " + files.location()));
        Frameworks frameworks = Frameworks.parse("frameworks.tsv", frameworkLines, CountryGazetteer.regionCodes());
        Counts counts = new Counts(files.location(), gazetteer.formCount(), Map.copyOf(topicTerms),
                frameworks.countriesByFramework().size());
        return new ClassifierModel(Map.copyOf(scorers), gazetteer, HomeNames.load(files), frameworks, counts);
    }

    static Morphology parseMorphology(String lang, String file, List<String> lines) {
        Set<String> suffixes = new HashSet<>();
        List<String> proclitics = new ArrayList<>();
        for (int n = 1; n <= lines.size(); n++) {
            String line = DataFiles.stripComment(lines.get(n - 1));
            if (line.isEmpty()) {
                continue;
            }
            boolean proclitic = line.startsWith("prefix:");
            String affix = proclitic ? line.substring("prefix:".length()).strip() : line;
            // The tokenizer splits words at apostrophes and hyphens: Turkish "'nin" and Azerbaijani "-nın" leave
            // the ending as what may follow a name, and an elided French "l'" is already a token of its own
            if (proclitic && SEPARATORS.indexOf(affix.charAt(affix.length() - 1)) >= 0) {
                continue;
            }
            String folded = TextNormalizer.fold(affix.replaceAll("^['’ʼ`\\-]+", ""));
            if (folded.isEmpty() && !affix.isEmpty()) {
                continue;
            }
            if (folded.isEmpty() || folded.chars().anyMatch(c -> !Tokenizer.isWordCodePoint(c))) {
                throw new ClassifierDataException(file, n, "expected one " + (proclitic ? "proclitic" : "suffix")
                        + " per line (letters only), got '" + line + "'");
            }
            if (proclitic) {
                proclitics.add(folded);
            } else {
                suffixes.add(folded);
            }
        }
        proclitics.sort(Comparator.comparingInt(String::length).reversed());
        int longest = suffixes.stream().mapToInt(String::length).max().orElse(0);
        return new Morphology(lang, Set.copyOf(suffixes), longest, List.copyOf(proclitics));
    }

    /** The topic scorer of a language, or null when the language has no rules. */
    public TopicScorer scorer(String lang) {
        return lang == null ? null : scorers.get(lang);
    }

    public CountryGazetteer gazetteer() {
        return gazetteer;
    }

    public HomeNames homeNames() {
        return homeNames;
    }

    public Frameworks frameworks() {
        return frameworks;
    }

    /** Makes the lexicons forget the words they have matched: {@link Lexicon#forgetMatches()}. */
    void forgetMatches() {
        gazetteer.forgetMatches();
        scorers.values().forEach(TopicScorer::forgetMatches);
    }

    public Counts counts() {
        return counts;
    }
}
