package io.vigil.classify;

import java.util.Arrays;
import java.util.Collection;
import java.util.TreeMap;

/**
 * Tells from its first characters whether a word may stem to one of a stem index's keys, so that the words that
 * cannot (most words of an article) are not stemmed at all: stemming was the largest cost of an unseen word.
 *
 * <p>A stem is the word with its end rewritten: Snowball's Russian stemmer (Russian, Ukrainian) only deletes endings,
 * so the stem is a prefix of the word; the English and French ones also end some stems with a replaced ending
 * ({@link Stemming#divergence}: "acing" -> "ace", "apparemment" -> "apparent") and change a few letters before it
 * ({@link Stemming.Loosening}: "fièvre" -> "fievr"). So a word may stem to key {@code k} only if, compared loosely,
 * it starts with {@code k} less its last {@code divergence(k)} characters (but at least its first character). The
 * filter is a trie of these shortened keys: a word passes when its walk down the trie reaches the end of one.
 */
final class StemFilter {

    private final Stemming.Loosening loosening;
    private final Node root;

    private StemFilter(Stemming.Loosening loosening, Node root) {
        this.loosening = loosening;
        this.root = root;
    }

    /** The filter of the keys of a stem index of {@code lang}. */
    static StemFilter of(String lang, Collection<String> keys) {
        Stemming.Loosening loosening = Stemming.Loosening.of(lang);
        MutableNode trie = new MutableNode();
        for (String key : keys) {
            int length = Math.max(1, key.length() - Stemming.divergence(lang, key));
            MutableNode node = trie;
            for (int i = 0; i < length && !node.end; i++) {
                node = node.children.computeIfAbsent(loosening.apply(key.charAt(i)), c -> new MutableNode());
            }
            node.end = true;
        }
        return new StemFilter(loosening, trie.freeze());
    }

    /** False when the word's stem cannot be any key; true when it may be one. */
    boolean mayStemToKey(String word) {
        Node node = root;
        for (int i = 0; i < word.length(); i++) {
            node = node.child(loosening.apply(word.charAt(i)));
            if (node == null) {
                return false;
            }
            if (node.end) {
                return true;
            }
        }
        return false;
    }

    private static final class Node {
        private final char[] keys;
        private final Node[] children;
        private final boolean end;
        private final int childCount;
        /** The key of a node with one child (most nodes), compared without reading the keys array. */
        private final char onlyKey;

        Node(char[] keys, Node[] children, boolean end) {
            this.keys = keys;
            this.children = children;
            this.end = end;
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
        final TreeMap<Character, MutableNode> children = new TreeMap<>();
        /** A shortened key ends here: longer keys through this node add nothing, any word reaching it passes. */
        boolean end;

        Node freeze() {
            if (end) {
                return new Node(new char[0], new Node[0], true);
            }
            char[] keys = new char[children.size()];
            Node[] frozen = new Node[children.size()];
            int i = 0;
            for (var child : children.entrySet()) {
                keys[i] = child.getKey();
                frozen[i++] = child.getValue().freeze();
            }
            return new Node(keys, frozen, false);
        }
    }
}
