package io.vigil.classify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names of a home country's own provinces, cities and institutions in the language of its outlets
 * ({@code home/<lang>.txt}): outlets writing about their own country name it once or not at all and name these
 * instead (the Turkish defence ministry's weekly briefing on the Syrian border, an Iranian border-guard seizure in
 * Sistan-Baluchestan). They are never tagged as a country: they only add focus standing to a home country the text
 * names ({@link FocusRanker}).
 */
public final class HomeNames {

    /** Per language, each name as folded tokens, indexed by its first token. */
    private final Map<String, Map<String, List<String[]>>> namesByLang;

    private HomeNames(Map<String, Map<String, List<String[]>>> namesByLang) {
        this.namesByLang = namesByLang;
    }

    public static HomeNames load(DataFiles files) {
        Map<String, Map<String, List<String[]>>> namesByLang = new HashMap<>();
        for (String lang : Taxonomy.LANGUAGES) {
            String file = "home/" + lang + ".txt";
            files.lines(file).ifPresent(lines -> namesByLang.put(lang, parse(lang, file, lines)));
        }
        return new HomeNames(Map.copyOf(namesByLang));
    }

    static Map<String, List<String[]>> parse(String lang, String file, List<String> lines) {
        if (!FocusRanker.hasHome(lang)) {
            throw new ClassifierDataException(file, 0, "language '" + lang + "' has no home country");
        }
        Map<String, List<String[]>> byFirstToken = new HashMap<>();
        for (int n = 1; n <= lines.size(); n++) {
            String line = DataFiles.stripComment(lines.get(n - 1));
            if (line.isEmpty()) {
                continue;
            }
            if (line.indexOf('\t') >= 0 || line.indexOf('|') >= 0) {
                throw new ClassifierDataException(file, n, "expected one name per line, got '" + line + "'");
            }
            String[] tokens = Tokenizer.tokenize(line).stream().map(Token::text).toArray(String[]::new);
            if (tokens.length == 0) {
                throw new ClassifierDataException(file, n, "no word in '" + line + "'");
            }
            byFirstToken.computeIfAbsent(tokens[0], k -> new ArrayList<>()).add(tokens);
        }
        return Map.copyOf(byFirstToken);
    }

    /** Where the article names its home country's provinces, cities or institutions: the start of each name. */
    public List<Integer> mentions(ArticleWords article) {
        Map<String, List<String[]>> names = article.lang() == null ? null : namesByLang.get(article.lang());
        if (names == null) {
            return List.of();
        }
        List<Token> tokens = article.tokens();
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            int at = i;
            List<String[]> candidates = names.get(tokens.get(at).text());
            if (candidates != null && candidates.stream().anyMatch(name -> AmbiguityRule.startsAt(tokens, at, name))) {
                starts.add(tokens.get(i).start());
            }
        }
        return List.copyOf(starts);
    }
}
