package io.vigil.classify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The words of a set of country forms or rule terms, indexed so that one pass over an article's tokens finds, per
 * token, every word it matches: equal, a {@code word*} prefix, the word plus chained suffixes of its language, the
 * same stem (en/fr/ru/uk), or the word behind a proclitic (Arabic {@code و ب ال ...}). No regular expression per term.
 */
public final class Lexicon {

    /** A word of a form or term, in the language whose morphology inflects it. */
    public record Word(String lang, String text, boolean prefix) {
    }

    /** Suffix chains and stems are only tried on bases this long: shorter ones match too much by accident. */
    static final int MIN_INFLECTED_BASE = 3;
    static final int MAX_PROCLITICS = 2;

    /**
     * Words whose matches a lexicon remembers per article language. News repeat most of their words from one article
     * to the next, so most words are matched (and stemmed) once rather than once per article; the bound keeps the
     * memory small (tens of bytes a word) and the cache starts afresh when it is reached.
     */
    static final int MAX_CACHED_WORDS = 20_000;

    private static final int[] NONE = new int[0];

    private final List<Word> words;
    private final Node root;
    private final Map<String, Map<String, int[]>> stems;
    /** By language: which words may stem to a key of {@link #stems}; the others are not stemmed. */
    private final Map<String, StemFilter> stemFilters;
    /** Each word's language as an index of {@link Taxonomy#LANGUAGES}. */
    private final byte[] langOf;
    private final Morphology[] morphologyByLang;
    /** By article language (index + 1; 0 for any other language): a word's matches. */
    private final AtomicReferenceArray<ConcurrentHashMap<String, int[]>> matchesByLang;

    private Lexicon(List<Word> words, Map<String, Morphology> morphologies) {
        this.words = List.copyOf(words);
        this.langOf = new byte[words.size()];
        for (int id = 0; id < words.size(); id++) {
            langOf[id] = (byte) Taxonomy.LANGUAGES.indexOf(words.get(id).lang());
        }
        this.morphologyByLang = new Morphology[Taxonomy.LANGUAGES.size()];
        for (int lang = 0; lang < morphologyByLang.length; lang++) {
            morphologyByLang[lang] = morphologies.get(Taxonomy.LANGUAGES.get(lang));
        }
        this.matchesByLang = new AtomicReferenceArray<>(Taxonomy.LANGUAGES.size() + 1);
        for (int lang = 0; lang <= Taxonomy.LANGUAGES.size(); lang++) {
            matchesByLang.set(lang, new ConcurrentHashMap<>());
        }
        MutableNode trie = new MutableNode();
        Map<String, Map<String, List<Integer>>> stemIds = new HashMap<>();
        Stemming stemming = new Stemming();
        for (int id = 0; id < words.size(); id++) {
            Word word = words.get(id);
            MutableNode node = trie;
            for (int i = 0; i < word.text().length(); i++) {
                node = node.children.computeIfAbsent(word.text().charAt(i), c -> new MutableNode());
            }
            (word.prefix() ? node.prefixIds : node.exactIds).add(id);
            if (word.prefix()) {
                continue;
            }
            String stem = stemming.stem(word.lang(), word.text());
            if (stem != null && stem.length() >= MIN_INFLECTED_BASE - 1) {
                Map<String, List<Integer>> byStem = stemIds.computeIfAbsent(word.lang(), k -> new HashMap<>());
                byStem.computeIfAbsent(stem, k -> new ArrayList<>()).add(id);
                // Snowball over-cuts some bases ("казахстан" -> "казахста") but leaves the base whole when it
                // removes an ending from the token ("казахстане" -> "казахстан"): a token stem equal to the word counts
                if (!stem.equals(word.text())) {
                    byStem.computeIfAbsent(word.text(), k -> new ArrayList<>()).add(id);
                }
            }
        }
        this.root = trie.freeze();
        Map<String, Map<String, int[]>> stemArrays = new HashMap<>();
        stemIds.forEach((lang, map) -> stemArrays.put(lang, toArrays(map)));
        this.stems = stemArrays;
        Map<String, StemFilter> filters = new HashMap<>();
        stemArrays.forEach((lang, index) -> filters.put(lang, StemFilter.of(lang, index.keySet())));
        this.stemFilters = filters;
    }

    public static Builder builder(Map<String, Morphology> morphologies) {
        return new Builder(morphologies);
    }

    public Word word(int id) {
        return words.get(id);
    }

    public int size() {
        return words.size();
    }

    /**
     * For each token of the article, the sorted ids of the words it matches (tokens of one word share one array).
     * Stems are compared only for the words of the article's language: another language's stemmer cuts names of
     * this one into false matches (a French stem of "Nigeria" is "Niger").
     */
    public int[][] match(ArticleWords article) {
        String articleLang = article.lang();
        int lang = articleLang == null ? -1 : Taxonomy.LANGUAGES.indexOf(articleLang);
        Map<String, int[]> stemIndex = articleLang == null ? null : stems.get(articleLang);
        StemFilter stemFilter = stemIndex == null ? null : stemFilters.get(articleLang);
        Morphology morphology = lang < 0 ? null : morphologyByLang[lang];
        boolean proclitics = morphology != null && !morphology.proclitics().isEmpty();
        ConcurrentHashMap<String, int[]> known = matchesByLang.get(lang + 1);
        IdSet found = new IdSet();
        int[][] byWord = new int[article.wordCount()][];
        for (int w = 0; w < byWord.length; w++) {
            String word = article.word(w);
            int[] wordMatches = known.get(word);
            if (wordMatches == null) {
                found.clear();
                collect(word, 0, lang, false, found);
                if (stemIndex != null && stemFilter.mayStemToKey(word)) {
                    String stem = article.stem(w);
                    if (stem != null) {
                        found.addAll(stemIndex.get(stem), -1);
                    }
                }
                if (proclitics) {
                    collectBehindProclitics(word, 0, morphology, lang, MAX_PROCLITICS, found);
                }
                wordMatches = found.toSortedArray();
                if (known.size() >= MAX_CACHED_WORDS) {
                    known = startAfresh(lang + 1, known);
                }
                known.put(word, wordMatches);
            }
            byWord[w] = wordMatches;
        }
        int[][] matches = new int[article.tokens().size()][];
        for (int i = 0; i < matches.length; i++) {
            matches[i] = byWord[article.wordOfToken(i)];
        }
        return matches;
    }

    /**
     * Replaces a full word cache by an empty one of the same capacity: cheaper than {@code clear()}, which walks and
     * locks every bin of the full table on the classifying thread.
     */
    private ConcurrentHashMap<String, int[]> startAfresh(int slot, ConcurrentHashMap<String, int[]> full) {
        ConcurrentHashMap<String, int[]> fresh = new ConcurrentHashMap<>(MAX_CACHED_WORDS);
        ConcurrentHashMap<String, int[]> current = matchesByLang.compareAndExchange(slot, full, fresh);
        return current == full ? fresh : current;
    }

    /** Forgets the remembered matches, so that the next articles meet every word as unseen (the worst case). */
    void forgetMatches() {
        for (int slot = 0; slot < matchesByLang.length(); slot++) {
            matchesByLang.get(slot).clear();
        }
    }

    /** Arabic stacks proclitics ("و" + "ب" + "ال"): strip up to {@value #MAX_PROCLITICS} of them. */
    private void collectBehindProclitics(String token, int start, Morphology morphology, int lang, int depth,
                                         IdSet found) {
        for (int rest = morphology.nextProcliticEnd(token, start, start); rest > 0;
             rest = morphology.nextProcliticEnd(token, start, rest)) {
            if (token.length() - rest >= 2) {
                collect(token, rest, lang, true, found);
                if (depth > 1) {
                    collectBehindProclitics(token, rest, morphology, lang, depth - 1, found);
                }
            }
        }
    }

    /**
     * Walks the token from {@code start} down the word trie: {@code word*} prefixes met on the way, the word equal
     * to the rest of the token, and words followed by a chain of suffixes. Suffixes are chained only onto words of
     * the article's language (Azerbaijani "i" + "a" would turn an English "Nigeria" into "Niger"); behind a
     * proclitic only that language's words count at all.
     *
     * @param lang the article's language as an index of {@link Taxonomy#LANGUAGES}, -1 for another one
     */
    private void collect(String token, int start, int lang, boolean onlyArticleLang, IdSet found) {
        int onlyLang = onlyArticleLang ? lang : -1;
        Morphology morphology = lang < 0 ? null : morphologyByLang[lang];
        Node node = root;
        int length = token.length();
        for (int i = start; i < length; i++) {
            node = node.child(token.charAt(i));
            if (node == null) {
                return;
            }
            if (node.hasPrefixIds) {
                found.addAll(node.prefixIds, onlyLang);
            }
            if (i + 1 == length) {
                if (node.hasExactIds) {
                    found.addAll(node.exactIds, onlyLang);
                }
            } else if (morphology != null && i + 1 - start >= MIN_INFLECTED_BASE && node.hasExactIds
                    && found.hasWordOf(node.exactIds, lang) && morphology.isSuffixChain(token, i + 1)) {
                found.addAll(node.exactIds, lang);
            }
        }
    }

    private static Map<String, int[]> toArrays(Map<String, List<Integer>> lists) {
        Map<String, int[]> arrays = new HashMap<>(lists.size() * 2);
        lists.forEach((key, ids) -> arrays.put(key, ids.stream().mapToInt(Integer::intValue).toArray()));
        return arrays;
    }

    static boolean contains(int[] sortedIds, int id) {
        return Arrays.binarySearch(sortedIds, id) >= 0;
    }

    /** A small growable set of word ids; a token matches a handful of words at most. */
    private final class IdSet {
        private int[] ids = new int[8];
        private int size;

        void clear() {
            size = 0;
        }

        /** Adds the candidates, only those of one language when {@code onlyLang} is not -1. */
        void addAll(int[] candidates, int onlyLang) {
            if (candidates == null) {
                return;
            }
            for (int id : candidates) {
                if (onlyLang < 0 || langOf[id] == onlyLang) {
                    add(id);
                }
            }
        }

        /** Whether any candidate is a word of that language. */
        boolean hasWordOf(int[] candidates, int lang) {
            for (int id : candidates) {
                if (langOf[id] == lang) {
                    return true;
                }
            }
            return false;
        }

        private void add(int id) {
            for (int i = 0; i < size; i++) {
                if (ids[i] == id) {
                    return;
                }
            }
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
            }
            ids[size++] = id;
        }

        int[] toSortedArray() {
            if (size == 0) {
                return NONE;
            }
            int[] result = Arrays.copyOf(ids, size);
            Arrays.sort(result);
            return result;
        }
    }

    /** A node of the word trie, keyed by the folded characters of the words. */
    private static final class Node {
        private final char[] keys;
        private final Node[] children;
        final int[] exactIds;
        final int[] prefixIds;
        /** Copies of "has ids" in the node itself: a walk reads the arrays (further memory) only where there are ids. */
        final boolean hasExactIds;
        final boolean hasPrefixIds;
        private final int childCount;
        /** The key of a node with one child (most nodes), compared without reading the keys array. */
        private final char onlyKey;

        Node(char[] keys, Node[] children, int[] exactIds, int[] prefixIds) {
            this.keys = keys;
            this.children = children;
            this.exactIds = exactIds;
            this.prefixIds = prefixIds;
            this.hasExactIds = exactIds.length > 0;
            this.hasPrefixIds = prefixIds.length > 0;
            this.childCount = keys.length;
            this.onlyKey = keys.length == 1 ? keys[0] : 0;
        }

        Node child(char c) {
            if (childCount <= 1) {
                return childCount == 1 && c == onlyKey ? children[0] : null;
            }
            int index = Arrays.binarySearch(keys, c);
            return index >= 0 ? children[index] : null;
        }
    }

    private static final class MutableNode {
        final java.util.TreeMap<Character, MutableNode> children = new java.util.TreeMap<>();
        final List<Integer> exactIds = new ArrayList<>(1);
        final List<Integer> prefixIds = new ArrayList<>(1);

        Node freeze() {
            char[] keys = new char[children.size()];
            Node[] frozen = new Node[children.size()];
            int i = 0;
            for (Map.Entry<Character, MutableNode> child : children.entrySet()) {
                keys[i] = child.getKey();
                frozen[i++] = child.getValue().freeze();
            }
            return new Node(keys, frozen, ids(exactIds), ids(prefixIds));
        }

        private static int[] ids(List<Integer> ids) {
            return ids.isEmpty() ? NONE : ids.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /** Collects words, each distinct word once, and hands out their ids. */
    public static final class Builder {
        private final Map<String, Morphology> morphologies;
        private final List<Word> words = new ArrayList<>();
        private final Map<Word, Integer> ids = new HashMap<>();

        private Builder(Map<String, Morphology> morphologies) {
            this.morphologies = morphologies;
        }

        public int add(Word word) {
            return ids.computeIfAbsent(word, w -> {
                words.add(w);
                return words.size() - 1;
            });
        }

        public Lexicon build() {
            return new Lexicon(words, morphologies);
        }
    }
}
