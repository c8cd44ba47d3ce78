package io.vigil.alert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.WildcardQuery;

/**
 * Distinct keyword queries, each run against an article only when the article's terms say it may match: the
 * answer of {@link KeywordSearch#matches} for every query, at the cost of one analysis of the article and a few
 * hash lookups when few queries can match.
 * <p>
 * When a query is added, it is filed under terms of which every article it matches contains at least one: the
 * longest term of a conjunction or a phrase, a term of each branch of a disjunction, the first
 * {@value #PREFIX_LETTERS} letters of a prefix or wildcard query's literal start (MUST_NOT clauses say nothing). A
 * query with no such term (fuzzy, regular expression, range, a wildcard that starts with one) is tried for every
 * article. An article is analysed once, with the analyzer queries are parsed with, into its terms and their
 * positions; the queries filed under those terms and their leading letters are its candidates. Most candidates
 * are decided from those alone (terms, prefixes, exact phrases and their conjunctions, disjunctions and
 * negations); the others (sloppy phrases, wildcards, what this class does not know) run against an in-memory
 * index of the article, built only when one of them needs it: building it costs far more than all the rest.
 * <p>
 * Not thread-safe for changes; {@link #matching} may run concurrently with other calls of itself.
 *
 * @param <V> what a query stands for, one value per query
 */
final class KeywordQueries<V> {

    static final int PREFIX_LETTERS = 4;

    /** In this order: a better verdict compares greater. */
    private enum Verdict { NO, MAYBE, YES }

    /** A query and the terms and leading letters it is filed under; neither: tried for every article. */
    private static final class Registered<V> {
        final V value;
        final Query query;
        final Condition condition;
        final List<String> terms;
        final List<String> prefixes;

        Registered(V value, Query query, Condition condition, List<String> terms, List<String> prefixes) {
            this.value = value;
            this.query = query;
            this.condition = condition;
            this.terms = terms;
            this.prefixes = prefixes;
        }
    }

    /** The terms of which a matching article has one: whole terms and leading letters; null: none known. */
    private record Anchors(List<String> terms, List<String> prefixes) {

        /** Rough odds that an article has one of them: short terms and few letters are common. */
        double cost() {
            double cost = 0;
            for (String term : terms) {
                cost += 1.0 / term.length();
            }
            for (String prefix : prefixes) {
                cost += 4.0 / prefix.length();
            }
            return cost;
        }

        static Anchors union(List<Anchors> all) {
            List<String> terms = new ArrayList<>();
            List<String> prefixes = new ArrayList<>();
            for (Anchors anchors : all) {
                terms.addAll(anchors.terms);
                prefixes.addAll(anchors.prefixes);
            }
            return new Anchors(terms, prefixes);
        }
    }

    private final Map<V, Registered<V>> registered = new HashMap<>();
    private final List<Registered<V>> alwaysTried = new ArrayList<>();
    private final Map<String, List<Registered<V>>> byTerm = new HashMap<>();
    private final Map<String, List<Registered<V>>> byPrefix = new HashMap<>();
    /** How many prefixes of each length (in letters) are filed: an article looks up only those lengths. */
    private final int[] prefixesOfLength = new int[PREFIX_LETTERS + 1];

    void add(V value, Query query) {
        Anchors anchors = anchors(query);
        Condition condition = condition(query);
        Registered<V> entry = anchors == null
                ? new Registered<>(value, query, condition, List.of(), List.of())
                : new Registered<>(value, query, condition, anchors.terms.stream().distinct().toList(),
                        anchors.prefixes.stream().distinct().toList());
        remove(value);
        registered.put(value, entry);
        file(entry);
    }

    void remove(V value) {
        Registered<V> entry = registered.remove(value);
        if (entry == null) {
            return;
        }
        if (entry.terms.isEmpty() && entry.prefixes.isEmpty()) {
            alwaysTried.remove(entry);
        }
        for (String term : entry.terms) {
            unfile(byTerm, term, entry);
        }
        for (String prefix : entry.prefixes) {
            unfile(byPrefix, prefix, entry);
            prefixesOfLength[prefix.codePointCount(0, prefix.length())]--;
        }
    }

    boolean isEmpty() {
        return registered.isEmpty();
    }

    int size() {
        return registered.size();
    }

    /** What the queries that match the article (as {@link KeywordSearch#content}) stand for; no order. */
    List<V> matching(String content) {
        if (registered.isEmpty()) {
            return List.of();
        }
        ArticleTerms terms = new ArticleTerms();
        Set<Registered<V>> candidates = Collections.newSetFromMap(new IdentityHashMap<>());
        try (TokenStream stream = KeywordSearch.ANALYZER.tokenStream(KeywordSearch.FIELD, content)) {
            CharTermAttribute termAttribute = stream.addAttribute(CharTermAttribute.class);
            PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
            stream.reset();
            int position = -1;
            while (stream.incrementToken()) {
                position += increment.getPositionIncrement();
                String term = termAttribute.toString();
                if (terms.add(term, position)) {
                    collectCandidates(term, candidates);
                }
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        candidates.addAll(alwaysTried);
        List<V> matches = new ArrayList<>();
        MemoryIndex index = null;
        for (Registered<V> candidate : candidates) {
            Verdict verdict = candidate.condition.on(terms);
            if (verdict == Verdict.MAYBE) {
                if (index == null) {
                    index = new MemoryIndex();
                    index.addField(KeywordSearch.FIELD, content, KeywordSearch.ANALYZER);
                }
                if (index.search(candidate.query) > 0.0f) {
                    matches.add(candidate.value);
                }
            } else if (verdict == Verdict.YES) {
                matches.add(candidate.value);
            }
        }
        return matches;
    }

    // ---- presearch

    private void collectCandidates(String term, Set<Registered<V>> candidates) {
        addAll(candidates, byTerm.get(term));
        int end = 0;
        for (int letters = 1; letters <= PREFIX_LETTERS && end < term.length(); letters++) {
            end = term.offsetByCodePoints(end, 1);
            if (prefixesOfLength[letters] > 0) {
                addAll(candidates, byPrefix.get(term.substring(0, end)));
            }
        }
    }

    private static <V> void addAll(Set<Registered<V>> candidates, List<Registered<V>> filed) {
        if (filed != null) {
            candidates.addAll(filed);
        }
    }

    /** The terms every match contains one of, or null when the query gives none this class can use. */
    private static Anchors anchors(Query query) {
        return switch (query) {
            case TermQuery termQuery -> new Anchors(List.of(termQuery.getTerm().text()), List.of());
            case PhraseQuery phrase -> longest(phrase.getTerms());
            case PrefixQuery prefix -> leadingLetters(prefix.getPrefix().text());
            case WildcardQuery wildcard -> leadingLetters(literalPrefix(wildcard.getTerm().text()));
            case BoostQuery boost -> anchors(boost.getQuery());
            case ConstantScoreQuery constantScore -> anchors(constantScore.getQuery());
            case BooleanQuery bool -> booleanAnchors(bool);
            default -> null;
        };
    }

    /** A required clause's anchors (the rarest looking), else those of every optional clause. */
    private static Anchors booleanAnchors(BooleanQuery query) {
        Anchors best = null;
        boolean required = false;
        List<Anchors> branches = new ArrayList<>();
        boolean everyBranch = true;
        for (BooleanClause clause : query.clauses()) {
            if (clause.isRequired()) {
                required = true;
                Anchors anchors = anchors(clause.query());
                if (anchors != null && (best == null || anchors.cost() < best.cost())) {
                    best = anchors;
                }
            } else if (clause.occur() == BooleanClause.Occur.SHOULD) {
                Anchors anchors = anchors(clause.query());
                everyBranch &= anchors != null;
                branches.add(anchors);
            }
        }
        if (required) {
            return best;
        }
        return everyBranch && !branches.isEmpty() ? Anchors.union(branches) : null;
    }

    private static Anchors longest(Term[] terms) {
        String longest = null;
        for (Term term : terms) {
            String text = term.text();
            if (longest == null || text.length() > longest.length()) {
                longest = text;
            }
        }
        return longest == null ? null : new Anchors(List.of(longest), List.of());
    }

    private static Anchors leadingLetters(String literal) {
        if (literal.isEmpty()) {
            return null;
        }
        int letters = Math.min(PREFIX_LETTERS, literal.codePointCount(0, literal.length()));
        return new Anchors(List.of(), List.of(literal.substring(0, literal.offsetByCodePoints(0, letters))));
    }

    private static String literalPrefix(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == WildcardQuery.WILDCARD_STRING || c == WildcardQuery.WILDCARD_CHAR
                    || c == WildcardQuery.WILDCARD_ESCAPE) {
                return pattern.substring(0, i);
            }
        }
        return pattern;
    }

    // ---- deciding from the term set

    /**
     * What the query says of an article with these terms, worked out once when the query is added: whether it
     * matches when the terms alone tell, MAYBE when only running it can (positions, patterns, other fields,
     * queries this class does not know). YES implies a positive score, as {@link KeywordSearch#matches} asks.
     */
    private static Condition condition(Query query) {
        return switch (query) {
            case TermQuery termQuery -> inField(termQuery.getTerm()) ? new HasTerm(termQuery.getTerm().text())
                    : new Run();
            case PhraseQuery phrase -> phraseCondition(phrase);
            case PrefixQuery prefix -> inField(prefix.getPrefix())
                    ? new HasPrefix(prefix.getPrefix().text()) : new Run();
            case WildcardQuery wildcard -> inField(wildcard.getTerm())
                    ? new RunWithPrefix(literalPrefix(wildcard.getTerm().text())) : new Run();
            case BoostQuery boost -> boost.getBoost() > 0 ? condition(boost.getQuery()) : new Run();
            case BooleanQuery bool -> clauses(bool);
            case MatchNoDocsQuery none -> new Never();
            default -> new Run();
        };
    }

    private static Condition phraseCondition(PhraseQuery phrase) {
        Term[] terms = phrase.getTerms();
        if (phrase.getSlop() == 0 && terms.length > 0 && Arrays.stream(terms).allMatch(KeywordQueries::inField)) {
            return new ExactPhrase(Arrays.stream(terms).map(Term::text).toArray(String[]::new),
                    phrase.getPositions());
        }
        return new RunWithTerms(Arrays.stream(terms).filter(KeywordQueries::inField).map(Term::text).toList());
    }

    /** FILTER clauses do not score, a minimum number of optional clauses is not worked out: MAYBE at best then. */
    private static Clauses clauses(BooleanQuery query) {
        List<Condition> required = new ArrayList<>();
        List<Condition> prohibited = new ArrayList<>();
        List<Condition> optional = new ArrayList<>();
        boolean unsure = query.getMinimumNumberShouldMatch() > 0;
        for (BooleanClause clause : query.clauses()) {
            Condition condition = condition(clause.query());
            switch (clause.occur()) {
                case MUST -> required.add(condition);
                case FILTER -> {
                    required.add(condition);
                    unsure = true;
                }
                case MUST_NOT -> prohibited.add(condition);
                case SHOULD -> optional.add(condition);
            }
        }
        return new Clauses(required, prohibited, optional, unsure);
    }

    private static boolean inField(Term term) {
        return term.field().equals(KeywordSearch.FIELD);
    }

    private sealed interface Condition permits HasTerm, HasPrefix, ExactPhrase, RunWithTerms, RunWithPrefix, Run, Never, Clauses {
        Verdict on(ArticleTerms terms);
    }

    private record HasTerm(String term) implements Condition {
        @Override
        public Verdict on(ArticleTerms terms) {
            return terms.contains(term) ? Verdict.YES : Verdict.NO;
        }
    }

    private record HasPrefix(String prefix) implements Condition {
        @Override
        public Verdict on(ArticleTerms terms) {
            return terms.hasPrefix(prefix) ? Verdict.YES : Verdict.NO;
        }
    }

    /** A phrase without slop: its terms at its positions, one after the other as the query has them. */
    private record ExactPhrase(String[] terms, int[] positions) implements Condition {
        @Override
        public Verdict on(ArticleTerms article) {
            Positions[] found = new Positions[terms.length];
            for (int i = 0; i < terms.length; i++) {
                found[i] = article.positionsOf(terms[i]);
                if (found[i] == null) {
                    return Verdict.NO;
                }
            }
            for (int p = 0; p < found[0].size; p++) {
                int start = found[0].values[p] - positions[0];
                int i = 1;
                while (i < terms.length && found[i].has(start + positions[i])) {
                    i++;
                }
                if (i == terms.length) {
                    return Verdict.YES;
                }
            }
            return Verdict.NO;
        }
    }

    /** A sloppy phrase, or one with another field's terms: it may match only if the article has all its terms. */
    private record RunWithTerms(List<String> needed) implements Condition {
        @Override
        public Verdict on(ArticleTerms terms) {
            for (String term : needed) {
                if (!terms.contains(term)) {
                    return Verdict.NO;
                }
            }
            return Verdict.MAYBE;
        }
    }

    /** A pattern: it may match only if a term of the article starts with its literal start. */
    private record RunWithPrefix(String prefix) implements Condition {
        @Override
        public Verdict on(ArticleTerms terms) {
            return terms.hasPrefix(prefix) ? Verdict.MAYBE : Verdict.NO;
        }
    }

    private record Run() implements Condition {
        @Override
        public Verdict on(ArticleTerms terms) {
            return Verdict.MAYBE;
        }
    }

    private record Never() implements Condition {
        @Override
        public Verdict on(ArticleTerms terms) {
            return Verdict.NO;
        }
    }

    /**
     * Required clauses must all match and prohibited ones none; without required clauses an optional one must
     * (so a query of prohibited clauses only matches nothing, as in Lucene).
     */
    private record Clauses(List<Condition> required, List<Condition> prohibited, List<Condition> optional,
            boolean unsure) implements Condition {
        @Override
        public Verdict on(ArticleTerms terms) {
            boolean maybe = unsure;
            for (Condition condition : required) {
                Verdict verdict = condition.on(terms);
                if (verdict == Verdict.NO) {
                    return Verdict.NO;
                }
                maybe |= verdict == Verdict.MAYBE;
            }
            for (Condition condition : prohibited) {
                Verdict verdict = condition.on(terms);
                if (verdict == Verdict.YES) {
                    return Verdict.NO;
                }
                maybe |= verdict == Verdict.MAYBE;
            }
            if (required.isEmpty()) {
                Verdict best = Verdict.NO;
                for (int i = 0; i < optional.size() && best != Verdict.YES; i++) {
                    Verdict verdict = optional.get(i).on(terms);
                    best = verdict.compareTo(best) > 0 ? verdict : best;
                }
                if (best == Verdict.NO) {
                    return Verdict.NO;
                }
                maybe |= best == Verdict.MAYBE;
            }
            return maybe ? Verdict.MAYBE : Verdict.YES;
        }
    }

    /** An article's distinct terms with their positions. */
    private static final class ArticleTerms {
        private final Map<String, Positions> positions = new HashMap<>(512);

        /** Notes the term at this position; whether it is new to the article. */
        boolean add(String term, int position) {
            Positions known = positions.get(term);
            if (known == null) {
                known = new Positions();
                positions.put(term, known);
            }
            known.add(position);
            return known.size == 1;
        }

        boolean contains(String term) {
            return positions.containsKey(term);
        }

        Positions positionsOf(String term) {
            return positions.get(term);
        }

        boolean hasPrefix(String prefix) {
            for (String term : positions.keySet()) {
                if (term.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Where a term occurs in the article, ascending. */
    private static final class Positions {
        int[] values = new int[2];
        int size;

        void add(int position) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = position;
        }

        boolean has(int position) {
            return Arrays.binarySearch(values, 0, size, position) >= 0;
        }
    }

    // ---- filing

    private void file(Registered<V> entry) {
        if (entry.terms.isEmpty() && entry.prefixes.isEmpty()) {
            alwaysTried.add(entry);
        }
        for (String term : entry.terms) {
            fileUnder(byTerm, term, entry);
        }
        for (String prefix : entry.prefixes) {
            fileUnder(byPrefix, prefix, entry);
            prefixesOfLength[prefix.codePointCount(0, prefix.length())]++;
        }
    }

    private void fileUnder(Map<String, List<Registered<V>>> map, String key, Registered<V> entry) {
        List<Registered<V>> filed = map.computeIfAbsent(key, k -> new ArrayList<>(1));
        if (!filed.contains(entry)) {
            filed.add(entry);
        }
    }

    private void unfile(Map<String, List<Registered<V>>> map, String key, Registered<V> entry) {
        List<Registered<V>> filed = map.get(key);
        filed.remove(entry);
        if (filed.isEmpty()) {
            map.remove(key);
        }
    }
}
