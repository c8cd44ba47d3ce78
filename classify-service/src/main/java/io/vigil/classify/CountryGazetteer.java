package io.vigil.classify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.ibm.icu.text.DisplayContext;
import com.ibm.icu.text.LocaleDisplayNames;
import com.ibm.icu.util.ULocale;

/**
 * Every name of every country in every supported language: the CLDR names (ICU4J) of each ISO 3166 region plus
 * Kosovo, and the forms, demonyms, capitals and disambiguation rules of {@code countries/<lang>.tsv}. Tags the
 * country mentions of an article, whatever language each name is written in.
 */
public final class CountryGazetteer {

    /** One way of writing a country's name in one language; {@code key} is its folded tokens joined by spaces. */
    public record Form(String code, String lang, String key, List<String> written, int[] words, boolean abbreviation) {
    }

    /** A country mention: token range {@code [firstToken, endToken)} and its text span. */
    public record Match(String code, int start, int end, int firstToken, int endToken) {
    }

    private record Condition(AmbiguityRule rule, List<String> written) {
    }

    /** The {@code !} and {@code ?} lines of one language, keyed by {@code code + TAB + form key}. */
    private record LanguageRules(Set<String> blocked, Map<String, List<Condition>> conditions) {
    }

    private static final Form[] NO_FORMS = new Form[0];

    private final Lexicon lexicon;
    private final Form[][] formsByFirstWord;
    private final Map<String, LanguageRules> rulesByLang;
    private final int formCount;

    private CountryGazetteer(Lexicon lexicon, Form[][] formsByFirstWord, Map<String, LanguageRules> rulesByLang,
                             int formCount) {
        this.lexicon = lexicon;
        this.formsByFirstWord = formsByFirstWord;
        this.rulesByLang = rulesByLang;
        this.formCount = formCount;
    }

    /** ISO 3166-1 alpha-2 codes as ICU knows them, plus {@code XK} (Kosovo). */
    public static Set<String> regionCodes() {
        Set<String> codes = new TreeSet<>(Arrays.asList(ULocale.getISOCountries()));
        codes.add("XK");
        return codes;
    }

    public int formCount() {
        return formCount;
    }

    public static CountryGazetteer load(DataFiles files, Map<String, Morphology> morphologies) {
        Builder builder = new Builder(Lexicon.builder(morphologies));
        Set<String> codes = regionCodes();
        for (String lang : Taxonomy.LANGUAGES) {
            builder.addCldrNames(lang, codes);
        }
        for (String lang : Taxonomy.LANGUAGES) {
            String file = "countries/" + lang + ".tsv";
            files.lines(file).ifPresent(lines -> builder.addDataFile(lang, file, lines, codes));
        }
        return builder.build();
    }

    /** The accepted country mentions of an article, longest match first where names overlap. */
    public List<Match> tag(ArticleWords article) {
        List<Token> tokens = article.tokens();
        String articleLang = article.lang();
        int[][] matches = lexicon.match(article);
        Map<Span, List<Form>> candidates = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            for (int word : matches[i]) {
                for (Form form : word < formsByFirstWord.length ? formsByFirstWord[word] : NO_FORMS) {
                    if (matchesAt(form, matches, i)) {
                        candidates.computeIfAbsent(new Span(i, i + form.words().length, form.code()),
                                k -> new ArrayList<>()).add(form);
                    }
                }
            }
        }
        List<Match> accepted = new ArrayList<>();
        candidates.forEach((span, forms) -> {
            if (accepts(forms, article, span.from(), span.to(), articleLang)) {
                accepted.add(new Match(span.code(), tokens.get(span.from()).start(), tokens.get(span.to() - 1).end(),
                        span.from(), span.to()));
            }
        });
        return withoutOverlaps(accepted);
    }

    void forgetMatches() {
        lexicon.forgetMatches();
    }

    private record Span(int from, int to, String code) {
    }

    private static boolean matchesAt(Form form, int[][] matches, int start) {
        int[] words = form.words();
        if (start + words.length > matches.length) {
            return false;
        }
        for (int j = 1; j < words.length; j++) {
            if (!Lexicon.contains(matches[start + j], words[j])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a span counts. The article's own language decides when any of its forms matched the span; names of
     * other languages count only where it has none (a Ukrainian "Америки" must not overrule the Russian rule on
     * "Америка"). When some forms match the span as written, one acceptable form is enough ("français" counts
     * although "France" is case-sensitive). When the span only matches inflected (by suffixes or stem), every form
     * must be acceptable: a rule on "Данія" must also hold for "дані", which the stemmer brings to the stem of the
     * listed inflections of Данія. Among inflected matches, forms the span contains whole decide by the longest one:
     * in Arabic "العماني" the unconditional "عماني" (Omani, with the article) is a closer reading than the
     * conditional "عمان" (Oman or Amman) plus the suffix ي, so the rule on "عمان" does not veto it.
     */
    private boolean accepts(List<Form> forms, ArticleWords article, int from, int to, String articleLang) {
        List<Token> tokens = article.tokens();
        boolean onlyNative = false;
        for (Form form : forms) {
            onlyNative |= form.lang().equals(articleLang);
        }
        String spanKey = spanKey(tokens, from, to);
        boolean anyExact = false;
        for (Form form : forms) {
            anyExact |= decides(form, onlyNative, articleLang) && form.key().equals(spanKey);
        }
        int closest = 0;
        for (Form form : forms) {
            if (!anyExact && decides(form, onlyNative, articleLang) && spanKey.contains(form.key())) {
                closest = Math.max(closest, form.key().length());
            }
        }
        for (Form form : forms) {
            if (!decides(form, onlyNative, articleLang) || (anyExact && !form.key().equals(spanKey))
                    || (closest > 0 && (form.key().length() != closest || !spanKey.contains(form.key())))) {
                continue;
            }
            boolean accepted = acceptsForm(form, article, from, to, articleLang);
            if (anyExact && accepted) {
                return true;
            }
            if (!anyExact && !accepted) {
                return false;
            }
        }
        return !anyExact;
    }

    /** Whether a form takes part in the decision: the article's own language decides when it has forms there. */
    private static boolean decides(Form form, boolean onlyNative, String articleLang) {
        return !onlyNative || form.lang().equals(articleLang);
    }

    private static String spanKey(List<Token> tokens, int from, int to) {
        StringBuilder key = new StringBuilder(tokens.get(from).text());
        for (int i = from + 1; i < to; i++) {
            key.append(' ').append(tokens.get(i).text());
        }
        return key.toString();
    }

    private boolean acceptsForm(Form form, ArticleWords article, int from, int to, String articleLang) {
        Token first = article.tokens().get(from);
        boolean native_ = form.lang().equals(articleLang);
        // A name quoted from another language is a proper noun: written capitalised in scripts with case
        if (!native_ && Tokenizer.isCasedScript(first.text()) && !first.capitalised()) {
            return false;
        }
        if (form.abbreviation() && !first.allCaps()) {
            return false;
        }
        String key = form.code() + '\t' + form.key();
        return rulesAllow(articleLang, key, article, from, to)
                && (native_ || rulesAllow(form.lang(), key, article, from, to));
    }

    /** The {@code !} and {@code ?} lines of one language about this form. */
    private boolean rulesAllow(String lang, String key, ArticleWords article, int from, int to) {
        LanguageRules rules = rulesByLang.get(lang);
        if (rules == null) {
            return true;
        }
        List<Condition> conditions = rules.conditions().get(key);
        if (conditions == null) {
            return !rules.blocked().contains(key);
        }
        for (Condition condition : conditions) {
            if (!condition.rule().holds(article, from, to, condition.written())) {
                return false;
            }
        }
        return true;
    }

    private static List<Match> withoutOverlaps(List<Match> matches) {
        List<Match> sorted = new ArrayList<>(matches);
        sorted.sort(Comparator.comparingInt(Match::firstToken)
                .thenComparing(Comparator.comparingInt((Match m) -> m.endToken() - m.firstToken()).reversed()));
        List<Match> kept = new ArrayList<>();
        for (Match match : sorted) {
            boolean overlaps = kept.stream().anyMatch(k -> k.firstToken() < match.endToken()
                    && match.firstToken() < k.endToken()
                    && !(k.firstToken() == match.firstToken() && k.endToken() == match.endToken()));
            if (!overlaps) {
                kept.add(match);
            }
        }
        return kept;
    }

    private static final class Builder {
        private final Lexicon.Builder words;
        private final Map<Integer, List<Form>> formsByFirstWord = new HashMap<>();
        private final Set<String> formIds = new HashSet<>();
        private final Map<String, LanguageRules> rulesByLang = new HashMap<>();
        private int formCount;

        Builder(Lexicon.Builder words) {
            this.words = words;
        }

        void addCldrNames(String lang, Set<String> codes) {
            ULocale locale = ULocale.forLanguageTag(lang);
            List<LocaleDisplayNames> sources = List.of(LocaleDisplayNames.getInstance(locale),
                    LocaleDisplayNames.getInstance(locale, DisplayContext.LENGTH_SHORT));
            Map<String, Set<String>> codesByKey = new HashMap<>();
            Map<String, String> writtenByKey = new HashMap<>();
            for (String code : codes) {
                for (LocaleDisplayNames names : sources) {
                    String name = names.regionDisplayName(code);
                    if (name == null || name.equals(code)) {
                        continue;
                    }
                    for (String variant : variants(name)) {
                        String key = key(variant);
                        if (!key.isEmpty()) {
                            codesByKey.computeIfAbsent(key, k -> new TreeSet<>()).add(code);
                            writtenByKey.putIfAbsent(key, variant);
                        }
                    }
                }
            }
            // A CLDR name shared by two regions ("Congo", "Guinea" fragments) identifies neither
            codesByKey.forEach((key, regionCodes) -> {
                if (regionCodes.size() == 1) {
                    addForm(regionCodes.iterator().next(), lang, writtenByKey.get(key));
                }
            });
        }

        /** "Myanmar (Burma)" names both "Myanmar" and "Burma". */
        private static List<String> variants(String name) {
            int open = name.indexOf('(');
            int close = name.indexOf(')', open + 1);
            if (open > 0 && close > open) {
                String outside = (name.substring(0, open) + name.substring(close + 1)).strip();
                String inside = name.substring(open + 1, close).strip();
                return inside.length() >= 3 ? List.of(outside, inside) : List.of(outside);
            }
            return List.of(name);
        }

        void addDataFile(String lang, String file, List<String> lines, Set<String> codes) {
            LanguageRules rules = rulesByLang.computeIfAbsent(lang, l -> new LanguageRules(new HashSet<>(), new HashMap<>()));
            for (int n = 1; n <= lines.size(); n++) {
                String line = DataFiles.stripComment(lines.get(n - 1));
                if (line.isEmpty()) {
                    continue;
                }
                String[] fields = line.split("\t");
                String head = fields[0].strip();
                char marker = head.charAt(0);
                String code = marker == '!' || marker == '?' ? head.substring(1) : head;
                if (!codes.contains(code)) {
                    throw new ClassifierDataException(file, n, "unknown country code '" + code
                            + "' (expected an ISO 3166-1 alpha-2 code in upper case, or XK)");
                }
                if (fields.length < 2 || fields[1].isBlank()) {
                    throw new ClassifierDataException(file, n, "expected <ISO code><TAB><form>|<form>|..., got '" + line + "'");
                }
                switch (marker) {
                    case '!' -> {
                        for (String form : fields[1].split("\\|")) {
                            if (!form.isBlank()) {
                                rules.blocked().add(code + '\t' + key(form));
                            }
                        }
                    }
                    case '?' -> {
                        if (fields.length < 3) {
                            throw new ClassifierDataException(file, n, "expected ?<ISO code><TAB><form><TAB><rule>");
                        }
                        String form = fields[1].strip();
                        List<Condition> conditions = rules.conditions().computeIfAbsent(code + '\t' + key(form),
                                k -> new ArrayList<>());
                        for (int f = 2; f < fields.length; f++) {
                            if (fields[f].isBlank()) {
                                continue;
                            }
                            try {
                                conditions.add(new Condition(AmbiguityRule.parse(fields[f]), writtenTokens(form)));
                            } catch (IllegalArgumentException e) {
                                throw new ClassifierDataException(file, n, e.getMessage());
                            }
                        }
                        addForm(code, lang, form);
                    }
                    default -> {
                        for (String form : fields[1].split("\\|")) {
                            if (!form.isBlank()) {
                                addForm(code, lang, form.strip());
                            }
                        }
                    }
                }
            }
        }

        private void addForm(String code, String lang, String written) {
            List<Token> tokens = Tokenizer.tokenize(written);
            if (tokens.isEmpty()) {
                return;
            }
            String key = key(written);
            if (key.length() < 2 || !formIds.add(code + '\t' + lang + '\t' + key)) {
                return;
            }
            int[] ids = tokens.stream().mapToInt(t -> words.add(new Lexicon.Word(lang, t.text(), false))).toArray();
            boolean abbreviation = tokens.size() == 1 && tokens.getFirst().allCaps()
                    && Tokenizer.isCasedScript(tokens.getFirst().text());
            Form form = new Form(code, lang, key, writtenTokens(written), ids, abbreviation);
            formsByFirstWord.computeIfAbsent(ids[0], k -> new ArrayList<>()).add(form);
            formCount++;
        }

        private static List<String> writtenTokens(String written) {
            return Tokenizer.tokenize(written).stream().map(t -> written.substring(t.start(), t.end())).toList();
        }

        CountryGazetteer build() {
            Lexicon lexicon = words.build();
            Form[][] index = new Form[lexicon.size()][];
            Arrays.fill(index, NO_FORMS);
            formsByFirstWord.forEach((word, forms) -> index[word] = forms.toArray(Form[]::new));
            return new CountryGazetteer(lexicon, index, Map.copyOf(rulesByLang), formCount);
        }
    }

    static String key(String written) {
        StringBuilder key = new StringBuilder();
        for (Token token : Tokenizer.tokenize(written)) {
            if (!key.isEmpty()) {
                key.append(' ');
            }
            key.append(token.text());
        }
        return key.toString();
    }
}
