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

import org.apache.lucene.analysis.CharArrayMap;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
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
 * article. An article is analysed once, with the analyzer queries are parsed with, into its set of terms; the
 * queries filed under those terms and their leading letters are its candidates. Most candidates are decided by
 * the term set alone (terms, prefixes and their conjunctions, disjunctions and negations); the others (phrases,
 * wildcards, what this class does not know) run against an in-memory index of the article, built only when one
 * of them needs it.
 * <p>
 * Not thread-safe for changes; {@link #matching} may run concurrently with other calls of itself.
 *
 * @param <V> what a query stands for, one value per query
 */
final class KeywordQueries<V> {

    static final int PREFIX_LETTERS = 4;

    private enum Verdict { NO, MAYBE, YES }

    /** A query and the terms and leading letters it is filed under; neither: tried for every article. */
    private record Registered<V>(V value, Query query, List<String> terms, List<String> prefixes) {
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
    private CharArrayMap<List<Registered<V>>> byTerm = new CharArrayMap<>(64, false);
    private CharArrayMap<List<Registered<V>>> byPrefix = new CharArrayMap<>(64, false);
    /** How many prefixes of each length (in letters) are filed: an article looks up only those lengths. */
    private final int[] prefixesOfLength = new int[PREFIX_LETTERS + 1];
    /** Keys left with no query: the maps cannot remove them, so they are rebuilt when these pile up. */
    private int emptyKeys;

    void add(V value, Query query) {
        Anchors anchors = anchors(query);
        Registered<V> entry = anchors == null
                ? new Registered<>(value, query, List.of(), List.of())
                : new Registered<>(value, query, anchors.terms.stream().distinct().toList(),
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
            unfile(byTerm.get(term), entry);
        }
        for (String prefix : entry.prefixes) {
            unfile(byPrefix.get(prefix), entry);
            prefixesOfLength[prefix.codePointCount(0, prefix.length())]--;
        }
        if (emptyKeys > 1024 && emptyKeys > registered.size()) {
            refile();
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
            stream.reset();
            while (stream.incrementToken()) {
                char[] term = terms.add(termAttribute.buffer(), termAttribute.length());
                if (term != null) {
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
            Verdict verdict = verdict(candidate.query, terms);
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

    private void collectCandidates(char[] term, Set<Registered<V>> candidates) {
        addAll(candidates, byTerm.get(term, 0, term.length));
        int end = 0;
        for (int letters = 1; letters <= PREFIX_LETTERS && end < term.length; letters++) {
            end = Character.offsetByCodePoints(term, 0, term.length, end, 1);
            if (prefixesOfLength[letters] > 0) {
                addAll(candidates, byPrefix.get(term, 0, end));
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
     * Whether the query matches an article with these terms, when the terms alone tell; MAYBE when only running
     * it can (positions, patterns, other fields, queries this class does not know). YES implies a positive
     * score, as {@link KeywordSearch#matches} asks.
     */
    private static Verdict verdict(Query query, ArticleTerms terms) {
        return switch (query) {
            case TermQuery termQuery -> inField(termQuery.getTerm())
                    ? (terms.contains(termQuery.getTerm().text()) ? Verdict.YES : Verdict.NO)
                    : Verdict.MAYBE;
            case PhraseQuery phrase -> phraseVerdict(phrase, terms);
            case PrefixQuery prefix -> inField(prefix.getPrefix())
                    ? (terms.hasPrefix(prefix.getPrefix().text()) ? Verdict.YES : Verdict.NO)
                    : Verdict.MAYBE;
            case WildcardQuery wildcard -> !inField(wildcard.getTerm())
                    || terms.hasPrefix(literalPrefix(wildcard.getTerm().text())) ? Verdict.MAYBE : Verdict.NO;
            case BoostQuery boost -> boost.getBoost() > 0 ? verdict(boost.getQuery(), terms)
                    : Verdict.MAYBE;
            case BooleanQuery bool -> booleanVerdict(bool, terms);
            case MatchNoDocsQuery none -> Verdict.NO;
            default -> Verdict.MAYBE;
        };
    }

    private static Verdict phraseVerdict(PhraseQuery phrase, ArticleTerms terms) {
        for (Term term : phrase.getTerms()) {
            if (inField(term) && !terms.contains(term.text())) {
                return Verdict.NO;
            }
        }
        return Verdict.MAYBE;
    }

    /**
     * Required clauses must all match and prohibited ones none; without required clauses an optional one must.
     * FILTER clauses do not score, a minimum number of optional clauses is not worked out: at best MAYBE then.
     */
    private static Verdict booleanVerdict(BooleanQuery query, ArticleTerms terms) {
        boolean unsure = query.getMinimumNumberShouldMatch() > 0;
        boolean required = false;
        boolean scoring = false;
        boolean optionalMatch = false;
        boolean optionalUnsure = false;
        for (BooleanClause clause : query.clauses()) {
            Verdict verdict = verdict(clause.query(), terms);
            switch (clause.occur()) {
                case MUST, FILTER -> {
                    if (verdict == Verdict.NO) {
                        return Verdict.NO;
                    }
                    required = true;
                    scoring |= clause.occur() == BooleanClause.Occur.MUST;
                    unsure |= verdict == Verdict.MAYBE || clause.occur() == BooleanClause.Occur.FILTER;
                }
                case MUST_NOT -> {
                    if (verdict == Verdict.YES) {
                        return Verdict.NO;
                    }
                    unsure |= verdict == Verdict.MAYBE;
                }
                case SHOULD -> {
                    optionalMatch |= verdict == Verdict.YES;
                    optionalUnsure |= verdict == Verdict.MAYBE;
                }
            }
        }
        if (!required) {
            if (!optionalMatch && !optionalUnsure) {
                // no optional clause can match: nothing, as a query of prohibited clauses only matches nothing
                return Verdict.NO;
            }
            unsure |= !optionalMatch;
            scoring = true;
        }
        return unsure || !scoring ? Verdict.MAYBE : Verdict.YES;
    }

    private static boolean inField(Term term) {
        return term.field().equals(KeywordSearch.FIELD);
    }

    /** An article's distinct terms, as a set and in a list to look for prefixes. */
    private static final class ArticleTerms {
        private final CharArraySet set = new CharArraySet(256, false);
        private final List<char[]> list = new ArrayList<>();

        /** The term copied, or null when already there. */
        char[] add(char[] buffer, int length) {
            if (set.contains(buffer, 0, length)) {
                return null;
            }
            char[] term = Arrays.copyOf(buffer, length);
            set.add(term);
            list.add(term);
            return term;
        }

        boolean contains(String term) {
            return set.contains(term);
        }

        boolean hasPrefix(String prefix) {
            char[] wanted = prefix.toCharArray();
            for (char[] term : list) {
                if (term.length >= wanted.length && Arrays.equals(term, 0, wanted.length, wanted, 0, wanted.length)) {
                    return true;
                }
            }
            return false;
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

    private void fileUnder(CharArrayMap<List<Registered<V>>> map, String key, Registered<V> entry) {
        List<Registered<V>> filed = map.get(key);
        if (filed == null) {
            filed = new ArrayList<>(1);
            map.put(key, filed);
        } else if (filed.isEmpty()) {
            emptyKeys--;
        }
        if (!filed.contains(entry)) {
            filed.add(entry);
        }
    }

    private void unfile(List<Registered<V>> filed, Registered<V> entry) {
        filed.remove(entry);
        if (filed.isEmpty()) {
            emptyKeys++;
        }
    }

    private void refile() {
        byTerm = new CharArrayMap<>(64, false);
        byPrefix = new CharArrayMap<>(64, false);
        alwaysTried.clear();
        Arrays.fill(prefixesOfLength, 0);
        emptyKeys = 0;
        registered.values().forEach(this::file);
    }
}
