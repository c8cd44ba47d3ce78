package io.vigil.alert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

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
 * probes of a small table per token.
 * <p>
 * When a query is added, the terms and literal prefixes it names get numbers in a vocabulary, and it is filed
 * under some of them of which every article it matches contains at least one: the longest term of a conjunction
 * or a phrase, a term of each branch of a disjunction, the literal start of a prefix or wildcard query (MUST_NOT
 * clauses say nothing). A query with no such term (fuzzy, regular expression, range, a wildcard that starts with
 * one) is tried for every article. Its condition is compiled once to a program of ints over those numbers. An
 * article is tokenized once, as the analyzer queries are parsed with does it ({@link StandardTokens}, which
 * leaves that analyzer only what it cannot decide itself); each token is looked up in the
 * vocabulary, whole and by the prefix lengths in use, without making a string of it, and what it hits is stamped
 * in per-article arrays by number (the term hits also listed with their positions, for phrases). The queries
 * filed under the hits are its candidates. A query filed only under what makes it match (a term, a prefix, a
 * disjunction of them) matches as a candidate; most others are decided by their program from those stamps alone
 * (terms, prefixes, exact phrases and their conjunctions, disjunctions and negations); the rest (sloppy phrases,
 * wildcards, what this class does not know) run against an in-memory index of the article, built only when one of
 * them needs it: building it costs far more than all the rest.
 * <p>
 * Not thread-safe for changes; {@link #matching} may run concurrently with other calls of itself.
 *
 * @param <V> what a query stands for, one value per query
 */
final class KeywordQueries<V> {

    /** In this order: a better verdict compares greater. */
    private enum Verdict { NO, MAYBE, YES }

    /**
     * A query, its number (its condition's index in {@link #conditions}, its stamp's in an article's), and the
     * vocabulary entries it holds and is filed under.
     */
    private static final class Registered<V> {
        final V value;
        final Query query;
        final int number;
        final IntList termsHeld;
        final IntList prefixesHeld;
        final int[] filedUnderTerms;
        final int[] filedUnderPrefixes;

        Registered(V value, Query query, int number, IntList termsHeld, IntList prefixesHeld, int[] filedUnderTerms,
                int[] filedUnderPrefixes) {
            this.value = value;
            this.query = query;
            this.number = number;
            this.termsHeld = termsHeld;
            this.prefixesHeld = prefixesHeld;
            this.filedUnderTerms = filedUnderTerms;
            this.filedUnderPrefixes = filedUnderPrefixes;
        }

        boolean alwaysTried() {
            return filedUnderTerms.length == 0 && filedUnderPrefixes.length == 0;
        }
    }

    /** The terms of which a matching article has one: whole terms and literal prefixes; null: none known. */
    private record Anchors(List<String> terms, List<String> prefixes) {

        /** Rough odds that an article has one of them: short terms and prefixes are common. */
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
    private final Vocabulary terms = new Vocabulary();
    private final Vocabulary prefixes = new Vocabulary();
    private final Numbers queryNumbers = new Numbers();
    /** By query number: the query, and its condition compiled to a program of ints (see {@link #evaluate}). */
    private Object[] byNumber = new Object[16];
    private Object[] values = new Object[16];
    private int[][] conditions = new int[16][];
    /** By query number: whether any of the terms or prefixes it is filed under makes it match (no program to run). */
    private final BitSet decidedByFiling = new BitSet();
    /** Per-article buffers, one per concurrent {@link #matching}. */
    private final Queue<ArticleTerms> scratches = new ConcurrentLinkedQueue<>();

    void add(V value, Query query) {
        remove(value);
        IntList termsHeld = new IntList();
        IntList prefixesHeld = new IntList();
        IntList condition = new IntList();
        compile(query, condition, termsHeld, prefixesHeld);
        Anchors anchors = anchors(query);
        int[] filedUnderTerms = anchors == null ? new int[0]
                : anchors.terms.stream().distinct().mapToInt(term -> hold(terms, term, termsHeld)).toArray();
        int[] filedUnderPrefixes = anchors == null ? new int[0]
                : anchors.prefixes.stream().distinct().mapToInt(prefix -> hold(prefixes, prefix, prefixesHeld))
                        .toArray();
        Registered<V> entry = new Registered<>(value, query, queryNumbers.take(), termsHeld, prefixesHeld,
                filedUnderTerms, filedUnderPrefixes);
        registered.put(value, entry);
        if (entry.number >= byNumber.length) {
            byNumber = Arrays.copyOf(byNumber, entry.number * 2);
            values = Arrays.copyOf(values, entry.number * 2);
            conditions = Arrays.copyOf(conditions, entry.number * 2);
        }
        byNumber[entry.number] = entry;
        values[entry.number] = value;
        conditions[entry.number] = Arrays.copyOf(condition.values, condition.size);
        decidedByFiling.set(entry.number, decidedByFiling(conditions[entry.number], filedUnderTerms,
                filedUnderPrefixes));
        if (entry.alwaysTried()) {
            alwaysTried.add(entry);
        }
        for (int term : filedUnderTerms) {
            terms.fileUnder(term, entry.number);
        }
        for (int prefix : filedUnderPrefixes) {
            prefixes.fileUnder(prefix, entry.number);
        }
    }

    void remove(V value) {
        Registered<V> entry = registered.remove(value);
        if (entry == null) {
            return;
        }
        if (entry.alwaysTried()) {
            alwaysTried.remove(entry);
        }
        for (int term : entry.filedUnderTerms) {
            terms.unfile(term, entry.number);
        }
        for (int prefix : entry.filedUnderPrefixes) {
            prefixes.unfile(prefix, entry.number);
        }
        for (int i = 0; i < entry.termsHeld.size; i++) {
            terms.release(entry.termsHeld.values[i]);
        }
        for (int i = 0; i < entry.prefixesHeld.size; i++) {
            prefixes.release(entry.prefixesHeld.values[i]);
        }
        byNumber[entry.number] = null;
        values[entry.number] = null;
        conditions[entry.number] = null;
        decidedByFiling.clear(entry.number);
        queryNumbers.give(entry.number);
    }

    boolean isEmpty() {
        return registered.isEmpty();
    }

    int size() {
        return registered.size();
    }

    /** What the queries that match the article's {@link KeywordSearch#content} stand for; no order. */
    List<V> matching(String title, String text) {
        if (registered.isEmpty()) {
            return List.of();
        }
        ArticleTerms article = scratches.poll();
        if (article == null) {
            article = new ArticleTerms();
        }
        try {
            article.start(terms.capacity(), prefixes.capacity(), queryNumbers.capacity());
            article.tokens.reset(title, text);
            analyse(article);
            for (Registered<V> query : alwaysTried) {
                article.candidate(query.number);
            }
            List<V> matches = new ArrayList<>(article.candidates.size);
            MemoryIndex index = null;
            for (int c = 0; c < article.candidates.size; c++) {
                int number = article.candidates.values[c];
                Verdict verdict = decidedByFiling.get(number) ? Verdict.YES
                        : evaluate(conditions[number], 0, article);
                if (verdict == Verdict.YES) {
                    @SuppressWarnings("unchecked")
                    V value = (V) values[number];
                    matches.add(value);
                } else if (verdict == Verdict.MAYBE) {
                    if (index == null) {
                        index = new MemoryIndex();
                        index.addField(KeywordSearch.FIELD, KeywordSearch.content(title, text),
                                KeywordSearch.ANALYZER);
                    }
                    @SuppressWarnings("unchecked")
                    Registered<V> candidate = (Registered<V>) byNumber[number];
                    if (index.search(candidate.query) > 0.0f) {
                        matches.add(candidate.value);
                    }
                }
            }
            return matches;
        } finally {
            scratches.offer(article);
        }
    }

    /**
     * Tokens as the query side analyses them, looked up by their chars and hash codes ({@link String#hashCode}
     * of the whole token, of its first {@value Vocabulary#GATE_LENGTH} chars). Only a token whose start passes
     * the prefixes' gate, or every token while prefixes shorter than the gate are in use, is hashed again one
     * char at a time: every prefix length in use then costs one probe.
     */
    private void analyse(ArticleTerms article) {
        StandardTokens tokens = article.tokens;
        int[] prefixLengths = prefixes.lengthsInUse;
        boolean shortPrefixes = false;
        for (int length = 1; length < Math.min(prefixLengths.length, Vocabulary.GATE_LENGTH); length++) {
            shortPrefixes |= prefixLengths[length] > 0;
        }
        while (tokens.next()) {
            char[] chars = tokens.chars();
            int length = tokens.length();
            if (shortPrefixes || length >= Vocabulary.GATE_LENGTH && prefixes.mayStartWith(tokens.leadingHash())) {
                probePrefixes(chars, Math.min(length, prefixLengths.length - 1), prefixLengths, article);
            }
            int term = terms.find(chars, length, tokens.hash());
            if (term >= 0 && article.termAt(terms.numberAt(term), tokens.position())) {
                terms.collectFiled(term, article);
            }
        }
    }

    private void probePrefixes(char[] chars, int longest, int[] prefixLengths, ArticleTerms article) {
        int hash = 0;
        for (int i = 0; i < longest; i++) {
            hash = 31 * hash + chars[i];
            int prefixLength = i + 1;
            if (prefixLength == Vocabulary.GATE_LENGTH && !prefixes.mayStartWith(hash)) {
                return;
            }
            if (prefixLengths[prefixLength] > 0) {
                int prefix = prefixes.find(chars, prefixLength, hash);
                if (prefix >= 0 && article.prefixSeen(prefixes.numberAt(prefix))) {
                    prefixes.collectFiled(prefix, article);
                }
            }
        }
    }

    private static int hold(Vocabulary vocabulary, String text, IntList held) {
        int number = vocabulary.hold(text);
        held.add(number);
        return number;
    }

    // ---- presearch

    /** The terms every match contains one of, or null when the query gives none this class can use. */
    private static Anchors anchors(Query query) {
        return switch (query) {
            case TermQuery termQuery -> new Anchors(List.of(termQuery.getTerm().text()), List.of());
            case PhraseQuery phrase -> longest(phrase.getTerms());
            case PrefixQuery prefix -> literalStart(prefix.getPrefix().text());
            case WildcardQuery wildcard -> literalStart(literalPrefix(wildcard.getTerm().text()));
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

    private static Anchors literalStart(String literal) {
        return literal.isEmpty() ? null : new Anchors(List.of(), List.of(literal));
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

    // ---- deciding from the article's stamps

    /** Instructions of a compiled condition, each followed by its operands. */
    private static final int HAS_TERM = 0;
    private static final int HAS_PREFIX = 1;
    /** Operands: n, n term numbers, their n positions in the phrase. A phrase without slop. */
    private static final int EXACT_PHRASE = 2;
    /** Operands: n, n term numbers. A sloppy phrase, or one with another field's terms. */
    private static final int RUN_WITH_TERMS = 3;
    /** Operand: the literal start of a pattern. */
    private static final int RUN_WITH_PREFIX = 4;
    private static final int RUN = 5;
    private static final int NEVER = 6;
    /**
     * Operands: unsure (1 or 0), the numbers of required, prohibited and optional clauses, then the clauses in
     * that order, each as its length and its instructions.
     */
    private static final int CLAUSES = 7;

    /**
     * Compiles what the query says of an article with these terms, once when the query is added: whether it
     * matches when the terms alone tell, MAYBE when only running it can (positions, patterns, other fields,
     * queries this class does not know). YES implies a positive score, as {@link KeywordSearch#matches} asks.
     * The terms and prefixes it names are held in the vocabulary, their numbers noted for release. A program of
     * ints in one array, as a tree of objects costs a cache miss per node.
     */
    private void compile(Query query, IntList code, IntList termsHeld, IntList prefixesHeld) {
        switch (query) {
            case TermQuery termQuery -> {
                if (inField(termQuery.getTerm())) {
                    code.add(HAS_TERM);
                    code.add(hold(terms, termQuery.getTerm().text(), termsHeld));
                } else {
                    code.add(RUN);
                }
            }
            case PhraseQuery phrase -> compilePhrase(phrase, code, termsHeld);
            case PrefixQuery prefix -> {
                if (inField(prefix.getPrefix()) && !prefix.getPrefix().text().isEmpty()) {
                    code.add(HAS_PREFIX);
                    code.add(hold(prefixes, prefix.getPrefix().text(), prefixesHeld));
                } else {
                    code.add(RUN);
                }
            }
            case WildcardQuery wildcard -> {
                String literal = literalPrefix(wildcard.getTerm().text());
                if (inField(wildcard.getTerm()) && !literal.isEmpty()) {
                    code.add(RUN_WITH_PREFIX);
                    code.add(hold(prefixes, literal, prefixesHeld));
                } else {
                    code.add(RUN);
                }
            }
            case BoostQuery boost -> {
                if (boost.getBoost() > 0) {
                    compile(boost.getQuery(), code, termsHeld, prefixesHeld);
                } else {
                    code.add(RUN);
                }
            }
            case BooleanQuery bool -> compileClauses(bool, code, termsHeld, prefixesHeld);
            case MatchNoDocsQuery none -> code.add(NEVER);
            default -> code.add(RUN);
        }
    }

    private void compilePhrase(PhraseQuery phrase, IntList code, IntList termsHeld) {
        Term[] phraseTerms = phrase.getTerms();
        int[] numbers = Arrays.stream(phraseTerms).filter(KeywordQueries::inField)
                .mapToInt(term -> hold(terms, term.text(), termsHeld)).toArray();
        boolean exact = phrase.getSlop() == 0 && phraseTerms.length > 0 && numbers.length == phraseTerms.length;
        code.add(exact ? EXACT_PHRASE : RUN_WITH_TERMS);
        code.add(numbers.length);
        for (int number : numbers) {
            code.add(number);
        }
        if (exact) {
            for (int position : phrase.getPositions()) {
                code.add(position);
            }
        }
    }

    /** FILTER clauses do not score, a minimum number of optional clauses is not worked out: MAYBE at best then. */
    private void compileClauses(BooleanQuery query, IntList code, IntList termsHeld, IntList prefixesHeld) {
        List<Query> required = new ArrayList<>();
        List<Query> prohibited = new ArrayList<>();
        List<Query> optional = new ArrayList<>();
        boolean unsure = query.getMinimumNumberShouldMatch() > 0;
        for (BooleanClause clause : query.clauses()) {
            switch (clause.occur()) {
                case MUST -> required.add(clause.query());
                case FILTER -> {
                    required.add(clause.query());
                    unsure = true;
                }
                case MUST_NOT -> prohibited.add(clause.query());
                case SHOULD -> optional.add(clause.query());
            }
        }
        code.add(CLAUSES);
        code.add(unsure ? 1 : 0);
        code.add(required.size());
        code.add(prohibited.size());
        code.add(optional.size());
        for (List<Query> clauses : List.of(required, prohibited, optional)) {
            for (Query clause : clauses) {
                int lengthAt = code.size;
                code.add(0);
                compile(clause, code, termsHeld, prefixesHeld);
                code.values[lengthAt] = code.size - lengthAt - 1;
            }
        }
    }

    /**
     * Whether the program is one term or prefix, or a plain disjunction of them, and the query is filed under
     * exactly those: then being a candidate means matching.
     */
    private static boolean decidedByFiling(int[] code, int[] filedUnderTerms, int[] filedUnderPrefixes) {
        List<Integer> instructions = new ArrayList<>();
        if (code[0] == HAS_TERM || code[0] == HAS_PREFIX) {
            instructions.add(0);
        } else if (code[0] == CLAUSES && code[1] == 0 && code[2] == 0 && code[3] == 0) {
            for (int i = 0, clause = 5; i < code[4]; i++, clause += 1 + code[clause]) {
                if (code[clause] != 2 || code[clause + 1] != HAS_TERM && code[clause + 1] != HAS_PREFIX) {
                    return false;
                }
                instructions.add(clause + 1);
            }
        } else {
            return false;
        }
        Set<Integer> terms = new HashSet<>();
        Set<Integer> prefixes = new HashSet<>();
        for (int at : instructions) {
            (code[at] == HAS_TERM ? terms : prefixes).add(code[at + 1]);
        }
        return !instructions.isEmpty()
                && terms.equals(Arrays.stream(filedUnderTerms).boxed().collect(Collectors.toSet()))
                && prefixes.equals(Arrays.stream(filedUnderPrefixes).boxed().collect(Collectors.toSet()));
    }

    private static boolean inField(Term term) {
        return term.field().equals(KeywordSearch.FIELD);
    }

    /** The verdict of the instructions at {@code at}. */
    private static Verdict evaluate(int[] code, int at, ArticleTerms article) {
        return switch (code[at]) {
            case HAS_TERM -> article.has(code[at + 1]) ? Verdict.YES : Verdict.NO;
            case HAS_PREFIX -> article.hasPrefix(code[at + 1]) ? Verdict.YES : Verdict.NO;
            case EXACT_PHRASE -> exactPhrase(code, at, article);
            case RUN_WITH_TERMS -> {
                for (int i = 0; i < code[at + 1]; i++) {
                    if (!article.has(code[at + 2 + i])) {
                        yield Verdict.NO;
                    }
                }
                yield Verdict.MAYBE;
            }
            case RUN_WITH_PREFIX -> article.hasPrefix(code[at + 1]) ? Verdict.MAYBE : Verdict.NO;
            case RUN -> Verdict.MAYBE;
            case NEVER -> Verdict.NO;
            case CLAUSES -> clauses(code, at, article);
            default -> throw new IllegalStateException("instruction " + code[at]);
        };
    }

    /** Its terms at its positions, one after the other as the query has them. */
    private static Verdict exactPhrase(int[] code, int at, ArticleTerms article) {
        int count = code[at + 1];
        int termsAt = at + 2;
        int positionsAt = termsAt + count;
        for (int i = 0; i < count; i++) {
            if (!article.has(code[termsAt + i])) {
                return Verdict.NO;
            }
        }
        IntList hitTerms = article.hitTerms;
        for (int p = 0; p < hitTerms.size; p++) {
            if (hitTerms.values[p] != code[termsAt]) {
                continue;
            }
            int start = article.hitPositions.values[p] - code[positionsAt];
            int i = 1;
            while (i < count && article.hasAt(code[termsAt + i], start + code[positionsAt + i])) {
                i++;
            }
            if (i == count) {
                return Verdict.YES;
            }
        }
        return Verdict.NO;
    }

    /**
     * Required clauses must all match and prohibited ones none; without required clauses an optional one must
     * (so a query of prohibited clauses only matches nothing, as in Lucene).
     */
    private static Verdict clauses(int[] code, int at, ArticleTerms article) {
        boolean maybe = code[at + 1] != 0;
        int required = code[at + 2];
        int prohibited = code[at + 3];
        int optional = code[at + 4];
        int clause = at + 5;
        for (int i = 0; i < required; i++, clause += 1 + code[clause]) {
            Verdict verdict = evaluate(code, clause + 1, article);
            if (verdict == Verdict.NO) {
                return Verdict.NO;
            }
            maybe |= verdict == Verdict.MAYBE;
        }
        for (int i = 0; i < prohibited; i++, clause += 1 + code[clause]) {
            Verdict verdict = evaluate(code, clause + 1, article);
            if (verdict == Verdict.YES) {
                return Verdict.NO;
            }
            maybe |= verdict == Verdict.MAYBE;
        }
        if (required == 0) {
            Verdict best = Verdict.NO;
            for (int i = 0; i < optional && best != Verdict.YES; i++, clause += 1 + code[clause]) {
                Verdict verdict = evaluate(code, clause + 1, article);
                best = verdict.compareTo(best) > 0 ? verdict : best;
            }
            if (best == Verdict.NO) {
                return Verdict.NO;
            }
            maybe |= best == Verdict.MAYBE;
        }
        return maybe ? Verdict.MAYBE : Verdict.YES;
    }

    /**
     * One article as the vocabulary sees it: which terms and prefixes it has, stamped with the article's number
     * so nothing is cleared between articles, its tokens found in the vocabulary in order with their positions
     * (for phrases), and the queries filed under them. The stamps are bytes, cleared once every 255 articles:
     * read at random, a quarter of the size stays in the cache better.
     */
    private static final class ArticleTerms {
        private static final int STAMPS = 255;
        private byte article;
        private byte[] termStamps = new byte[0];
        final IntList hitTerms = new IntList();
        final IntList hitPositions = new IntList();
        private byte[] prefixStamps = new byte[0];
        private byte[] candidateStamps = new byte[0];
        /** The numbers of the queries filed under what the article has. */
        final IntList candidates = new IntList();
        final StandardTokens tokens = new StandardTokens();

        void start(int termCount, int prefixCount, int queryCount) {
            if ((article & 0xFF) == STAMPS) {
                Arrays.fill(termStamps, (byte) 0);
                Arrays.fill(prefixStamps, (byte) 0);
                Arrays.fill(candidateStamps, (byte) 0);
                article = 0;
            }
            article++;
            if (termStamps.length < termCount) {
                termStamps = Arrays.copyOf(termStamps, termCount);
            }
            hitTerms.size = 0;
            hitPositions.size = 0;
            candidates.size = 0;
            if (prefixStamps.length < prefixCount) {
                prefixStamps = Arrays.copyOf(prefixStamps, prefixCount);
            }
            if (candidateStamps.length < queryCount) {
                candidateStamps = Arrays.copyOf(candidateStamps, queryCount);
            }
        }

        /** Notes the term at this position; whether it is new to the article. */
        boolean termAt(int term, int position) {
            hitTerms.add(term);
            hitPositions.add(position);
            boolean first = termStamps[term] != article;
            termStamps[term] = article;
            return first;
        }

        /** Notes the prefix; whether it is new to the article. */
        boolean prefixSeen(int prefix) {
            boolean first = prefixStamps[prefix] != article;
            prefixStamps[prefix] = article;
            return first;
        }

        void candidate(int query) {
            if (candidateStamps[query] != article) {
                candidateStamps[query] = article;
                candidates.add(query);
            }
        }

        boolean has(int term) {
            return termStamps[term] == article;
        }

        boolean hasPrefix(int prefix) {
            return prefixStamps[prefix] == article;
        }

        /** Whether the term is at this position: the hits are in the order of their positions. */
        boolean hasAt(int term, int position) {
            int at = Arrays.binarySearch(hitPositions.values, 0, hitPositions.size, position);
            if (at < 0) {
                return false;
            }
            while (at > 0 && hitPositions.values[at - 1] == position) {
                at--;
            }
            for (; at < hitPositions.size && hitPositions.values[at] == position; at++) {
                if (hitTerms.values[at] == term) {
                    return true;
                }
            }
            return false;
        }
    }

    // ---- the vocabulary

    /**
     * Terms (or prefixes) the queries name, numbered, with how many holds each has and the numbers of the
     * queries filed under it. Looked up by chars in an open-addressing table whose slots hold a text's hash code (its
     * {@link String#hashCode}) and where its chars lie in a pool, its number and the query filed under it just
     * before them: a lookup reads a slot and, when the hash codes agree, one place in the pool, which then also
     * names the query to try unless there are several. A text no longer held is freed and its slot
     * emptied by shifting the slots after it back; the pool is compacted when the table is rebuilt. Most tokens
     * are in no query: a bit per hash code (set for every text held, cleared only when rebuilt) turns most of
     * them away before the table; and a bit per hash code of the first {@value #GATE_LENGTH} chars of the texts
     * at least that long turns most tokens away before their longer prefixes are looked up one by one.
     */
    private static final class Vocabulary {
        static final int GATE_LENGTH = StandardTokens.LEADING_CHARS;
        /** Pool layout of a text: its length, its number (two chars), its {@link #soleFiled} (two chars), its chars. */
        private static final int HEADER = 5;

        private final Map<String, Integer> numbers = new HashMap<>();
        private final Numbers free = new Numbers();
        private String[] texts = new String[16];
        private int[] holds = new int[16];
        private int[][] filed = new int[16][];
        private int[] filedCount = new int[16];
        /** Per number: the query filed under it + 1 when it is the only one, 0 when none, -1 when several. */
        private int[] soleFiled = new int[16];
        /** Per number: where its text lies in the pool, to keep the copy of its {@link #soleFiled} there up to date. */
        private int[] offsets = new int[16];
        /** Per length in chars, how many texts of that length are held: the prefix lengths a token is probed at. */
        int[] lengthsInUse = new int[0];
        /** Per slot: hash code in the high half, pool offset + 1 in the low half; 0 when empty. */
        private long[] slots = new long[64];
        private char[] pool = new char[1024];
        private int poolSize;
        /** Sixteen bits per text at most: some 6 % of the tokens in no query get past it. */
        private long[] filter = new long[64 * 8 / Long.SIZE];
        private long[] gate = new long[64 * 8 / Long.SIZE];
        /** Texts released since the table was last rebuilt, whose bits and chars may still be there. */
        private int released;

        int capacity() {
            return free.capacity();
        }

        /** The text's number, held once more. */
        int hold(String text) {
            Integer known = numbers.get(text);
            if (known != null) {
                holds[known]++;
                return known;
            }
            int number = free.take();
            if (number >= texts.length) {
                int capacity = Math.max(number + 1, texts.length * 2);
                texts = Arrays.copyOf(texts, capacity);
                holds = Arrays.copyOf(holds, capacity);
                filed = Arrays.copyOf(filed, capacity);
                filedCount = Arrays.copyOf(filedCount, capacity);
                soleFiled = Arrays.copyOf(soleFiled, capacity);
                offsets = Arrays.copyOf(offsets, capacity);
            }
            texts[number] = text;
            holds[number] = 1;
            numbers.put(text, number);
            if (text.length() >= lengthsInUse.length) {
                lengthsInUse = Arrays.copyOf(lengthsInUse, text.length() + 1);
            }
            lengthsInUse[text.length()]++;
            if (2 * numbers.size() > slots.length) {
                rebuild(slots.length * 2);
            } else {
                insert(number);
            }
            return number;
        }

        void release(int number) {
            if (--holds[number] > 0) {
                return;
            }
            String text = texts[number];
            numbers.remove(text);
            lengthsInUse[text.length()]--;
            int mask = slots.length - 1;
            int slot = slot(text.hashCode(), mask);
            while (numberAt((int) slots[slot] - 1) != number) {
                slot = (slot + 1) & mask;
            }
            emptySlot(slot);
            texts[number] = null;
            filed[number] = null;
            filedCount[number] = 0;
            soleFiled[number] = 0;
            free.give(number);
            if (++released > numbers.size()) {
                rebuild(slots.length);
            }
        }

        /**
         * Where the text of these chars lies in the pool ({@link #numberAt}, {@link #collectFiled}), or -1;
         * {@code hash} is its {@link String#hashCode}.
         */
        int find(char[] chars, int length, int hash) {
            if (!isSet(filter, hash)) {
                return -1;
            }
            int mask = slots.length - 1;
            for (int slot = slot(hash, mask); ; slot = (slot + 1) & mask) {
                long entry = slots[slot];
                if (entry == 0) {
                    return -1;
                }
                if ((int) (entry >>> 32) == hash) {
                    int offset = (int) entry - 1;
                    if (pool[offset] == length && Arrays.equals(pool, offset + HEADER, offset + HEADER + length,
                            chars, 0, length)) {
                        return offset;
                    }
                }
            }
        }

        void fileUnder(int number, int query) {
            int[] queries = filed[number];
            if (queries == null) {
                queries = new int[1];
                filed[number] = queries;
            }
            for (int i = 0; i < filedCount[number]; i++) {
                if (queries[i] == query) {
                    return;
                }
            }
            if (filedCount[number] == queries.length) {
                queries = Arrays.copyOf(queries, queries.length * 2);
                filed[number] = queries;
            }
            queries[filedCount[number]++] = query;
            noteSoleFiled(number);
        }

        void unfile(int number, int query) {
            int[] queries = filed[number];
            for (int i = 0; i < filedCount[number]; i++) {
                if (queries[i] == query) {
                    queries[i] = queries[--filedCount[number]];
                    noteSoleFiled(number);
                    return;
                }
            }
        }

        /** The queries filed under the text at this place in the pool. */
        void collectFiled(int offset, ArticleTerms article) {
            int sole = pool[offset + 3] | pool[offset + 4] << 16;
            if (sole > 0) {
                article.candidate(sole - 1);
            } else if (sole < 0) {
                int number = numberAt(offset);
                int[] queries = filed[number];
                for (int i = 0; i < filedCount[number]; i++) {
                    article.candidate(queries[i]);
                }
            }
        }

        /** Most texts have one query filed under them: read without going through the list. */
        private void noteSoleFiled(int number) {
            int count = filedCount[number];
            soleFiled[number] = count == 0 ? 0 : count == 1 ? filed[number][0] + 1 : -1;
            copySoleFiled(number);
        }

        private void copySoleFiled(int number) {
            pool[offsets[number] + 3] = (char) soleFiled[number];
            pool[offsets[number] + 4] = (char) (soleFiled[number] >>> 16);
        }

        /** The number of the text at this place in the pool. */
        int numberAt(int offset) {
            return pool[offset + 1] | pool[offset + 2] << 16;
        }

        private void insert(int number) {
            String text = texts[number];
            if (poolSize + HEADER + text.length() > pool.length) {
                pool = Arrays.copyOf(pool, Math.max(pool.length * 2, poolSize + HEADER + text.length()));
            }
            int offset = poolSize;
            pool[offset] = (char) text.length();
            pool[offset + 1] = (char) number;
            pool[offset + 2] = (char) (number >>> 16);
            offsets[number] = offset;
            copySoleFiled(number);
            text.getChars(0, text.length(), pool, offset + HEADER);
            poolSize += HEADER + text.length();
            int hash = text.hashCode();
            int mask = slots.length - 1;
            int slot = slot(hash, mask);
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = (long) hash << 32 | (offset + 1);
            set(filter, hash);
            if (text.length() >= GATE_LENGTH) {
                set(gate, text.substring(0, GATE_LENGTH).hashCode());
            }
        }

        /** Whether a text held may start with chars whose first {@value #GATE_LENGTH} have this hash code. */
        boolean mayStartWith(int hash) {
            return isSet(gate, hash);
        }

        /** Linear probing's deletion: later slots of the same run move back so no lookup stops early. */
        private void emptySlot(int slot) {
            int mask = slots.length - 1;
            int hole = slot;
            slots[hole] = 0;
            for (int next = (hole + 1) & mask; slots[next] != 0; next = (next + 1) & mask) {
                int home = slot((int) (slots[next] >>> 32), mask);
                boolean homeInRun = hole <= next ? hole < home && home <= next : hole < home || home <= next;
                if (!homeInRun) {
                    slots[hole] = slots[next];
                    slots[next] = 0;
                    hole = next;
                }
            }
        }

        private void rebuild(int size) {
            slots = new long[size];
            filter = new long[size * 8 / Long.SIZE];
            gate = new long[size * 8 / Long.SIZE];
            poolSize = 0;
            released = 0;
            for (int number = 0; number < texts.length; number++) {
                if (texts[number] != null) {
                    insert(number);
                }
            }
        }

        private static int slot(int hash, int mask) {
            return (hash * 0x9E3779B9 >>> 7) & mask;
        }

        private static void set(long[] bits, int hash) {
            int bit = bitOf(bits, hash);
            bits[bit >>> 6] |= 1L << bit;
        }

        private static boolean isSet(long[] bits, int hash) {
            int bit = bitOf(bits, hash);
            return (bits[bit >>> 6] & (1L << bit)) != 0;
        }

        private static int bitOf(long[] bits, int hash) {
            return (hash * 0x85EBCA6B >>> 8) & (bits.length * Long.SIZE - 1);
        }
    }

    /** Small numbers handed out and given back; a number given back is handed out again before a new one. */
    private static final class Numbers {
        private final IntList freed = new IntList();
        private int next;

        int take() {
            return freed.size > 0 ? freed.values[--freed.size] : next++;
        }

        void give(int number) {
            freed.add(number);
        }

        /** One more than the highest number ever taken. */
        int capacity() {
            return next;
        }
    }

    private static final class IntList {
        int[] values = new int[2];
        int size;

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

    }
}
