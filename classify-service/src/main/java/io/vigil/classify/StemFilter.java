package io.vigil.classify;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
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
 *
 * <p>Short keys ("war") begin many words ("warrant", "warsaw"), so a word that passes the trie is checked by its end
 * too: a stemmer changes a word only where it ends like one of its endings ({@link Stemming#mayEndInEnding}); a word
 * that cannot is its own stem, so it passes only when it is, loosely, a key itself.
 */
final class StemFilter {

    private final String lang;
    private final Stemming.Loosening loosening;
    private final Node root;
    /** The keys, loosened: a word that is its own stem may stem to a key only if it is one of these. */
    private final Set<String> looseKeys;

    private StemFilter(String lang, Stemming.Loosening loosening, Node root, Set<String> looseKeys) {
        this.lang = lang;
        this.loosening = loosening;
        this.root = root;
        this.looseKeys = looseKeys;
    }

    /** The filter of the keys of a stem index of {@code lang}. */
    static StemFilter of(String lang, Collection<String> keys) {
        Stemming.Loosening loosening = Stemming.Loosening.of(lang);
        MutableNode trie = new MutableNode();
        Set<String> looseKeys = new HashSet<>(keys.size() * 2);
        for (String key : keys) {
            looseKeys.add(loosen(loosening, key));
            int length = Math.max(1, key.length() - Stemming.divergence(lang, key));
            MutableNode node = trie;
            for (int i = 0; i < length && !node.end; i++) {
                node = node.children.computeIfAbsent(loosening.apply(key.charAt(i)), c -> new MutableNode());
            }
            node.end = true;
        }
        return new StemFilter(lang, loosening, trie.freeze(), looseKeys);
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
                return Stemming.mayEndInEnding(lang, word) || looseKeys.contains(loosen(loosening, word));
            }
        }
        return false;
    }

    private static String loosen(Stemming.Loosening loosening, String word) {
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (loosening.apply(c) != c) {
                char[] loose = word.toCharArray();
                for (int j = i; j < loose.length; j++) {
                    loose[j] = loosening.apply(loose[j]);
                }
                return new String(loose);
            }
        }
        return word;
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
