package io.vigil.classify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    private static final int[] NONE = new int[0];

    private final List<Word> words;
    private final Node root;
    private final Map<String, Map<String, int[]>> stems;
    private final Map<String, Morphology> morphologies;

    private Lexicon(List<Word> words, Map<String, Morphology> morphologies) {
        this.words = List.copyOf(words);
        this.morphologies = morphologies;
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
     * For each token, the sorted ids of the words it matches. Stems are compared only for the words of the
     * article's language: another language's stemmer cuts names of this one into false matches (a French stem of
     * "Nigeria" is "Niger").
     */
    public int[][] match(List<Token> tokens, String articleLang, Stemming stemming) {
        int[][] matches = new int[tokens.size()][];
        Map<String, int[]> seen = new HashMap<>();
        Map<String, int[]> stemIndex = articleLang == null ? null : stems.get(articleLang);
        for (int i = 0; i < tokens.size(); i++) {
            String text = tokens.get(i).text();
            matches[i] = seen.computeIfAbsent(text, t -> matchToken(t, articleLang, stemIndex, stemming));
        }
        return matches;
    }

    private int[] matchToken(String token, String articleLang, Map<String, int[]> stemIndex, Stemming stemming) {
        IdSet found = new IdSet();
        collect(token, 0, articleLang, false, found);
        if (stemIndex != null) {
            String stem = stemming.stem(articleLang, token);
            if (stem != null) {
                found.addAll(stemIndex.get(stem), null, null);
            }
        }
        Morphology morphology = articleLang == null ? null : morphologies.get(articleLang);
        if (morphology != null && !morphology.proclitics().isEmpty()) {
            collectBehindProclitics(token, 0, morphology, MAX_PROCLITICS, found);
        }
        return found.toSortedArray();
    }

    /** Arabic stacks proclitics ("و" + "ب" + "ال"): strip up to {@value #MAX_PROCLITICS} of them. */
    private void collectBehindProclitics(String token, int start, Morphology morphology, int depth, IdSet found) {
        for (String proclitic : morphology.proclitics()) {
            int rest = start + proclitic.length();
            if (token.length() - rest >= 2 && token.startsWith(proclitic, start)) {
                collect(token, rest, morphology.lang(), true, found);
                if (depth > 1) {
                    collectBehindProclitics(token, rest, morphology, depth - 1, found);
                }
            }
        }
    }

    /**
     * Walks the token from {@code start} down the word trie: {@code word*} prefixes met on the way, the word equal
     * to the rest of the token, and words followed by a chain of suffixes. Suffixes are chained only onto words of
     * the article's language (Azerbaijani "i" + "a" would turn an English "Nigeria" into "Niger"); behind a
     * proclitic only that language's words count at all.
     */
    private void collect(String token, int start, String articleLang, boolean onlyArticleLang, IdSet found) {
        String onlyLang = onlyArticleLang ? articleLang : null;
        Node node = root;
        int length = token.length();
        for (int i = start; i < length; i++) {
            node = node.child(token.charAt(i));
            if (node == null) {
                return;
            }
            found.addAll(node.prefixIds, onlyLang, null);
            if (i + 1 == length) {
                found.addAll(node.exactIds, onlyLang, null);
            } else if (articleLang != null && i + 1 - start >= MIN_INFLECTED_BASE && node.exactIds.length > 0) {
                found.addAll(node.exactIds, articleLang, token.substring(i + 1));
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
        private int[] ids = new int[4];
        private int size;

        void addAll(int[] candidates, String onlyLang, String suffixRest) {
            if (candidates == null) {
                return;
            }
            for (int id : candidates) {
                Word word = words.get(id);
                if (onlyLang != null && !onlyLang.equals(word.lang())) {
                    continue;
                }
                if (suffixRest != null) {
                    Morphology morphology = morphologies.get(word.lang());
                    if (morphology == null || !morphology.isSuffixChain(suffixRest)) {
                        continue;
                    }
                }
                add(id);
            }
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

        Node(char[] keys, Node[] children, int[] exactIds, int[] prefixIds) {
            this.keys = keys;
            this.children = children;
            this.exactIds = exactIds;
            this.prefixIds = prefixIds;
        }

        Node child(char c) {
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
