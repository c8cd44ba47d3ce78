package io.vigil.classify;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * The inflection data of one language from {@code suffixes/<lang>.txt}: suffixes that may be chained after a form
 * and proclitics that may precede it.
 */
public final class Morphology {

    private final String lang;
    private final Set<String> suffixes;
    private final int longestSuffix;
    private final List<String> proclitics;
    /** The suffixes as a character trie: a chain is checked without cutting the token into strings. */
    private final SuffixNode suffixTrie;
    /** The proclitics as a character trie: one walk finds those a token starts with. */
    private final SuffixNode procliticTrie;

    public Morphology(String lang, Set<String> suffixes, int longestSuffix, List<String> proclitics) {
        this.lang = lang;
        this.suffixes = suffixes;
        this.longestSuffix = longestSuffix;
        this.proclitics = proclitics;
        this.suffixTrie = SuffixNode.of(suffixes);
        this.procliticTrie = SuffixNode.of(Set.copyOf(proclitics));
    }

    public static Morphology none(String lang) {
        return new Morphology(lang, Set.of(), 0, List.of());
    }

    public String lang() {
        return lang;
    }

    public Set<String> suffixes() {
        return suffixes;
    }

    public int longestSuffix() {
        return longestSuffix;
    }

    public List<String> proclitics() {
        return proclitics;
    }

    /**
     * Where the next proclitic that {@code token} has at {@code start} ends, the shortest first: the first one ending
     * after {@code after}, or -1 when there is none.
     */
    public int nextProcliticEnd(String token, int start, int after) {
        SuffixNode node = procliticTrie;
        for (int i = start; i < token.length(); i++) {
            node = node.child(token.charAt(i));
            if (node == null) {
                return -1;
            }
            if (node.complete && i + 1 > after) {
                return i + 1;
            }
        }
        return -1;
    }

    /** Whether {@code rest} is one or more suffixes of this language one after the other. */
    public boolean isSuffixChain(String rest) {
        return isSuffixChain(rest, 0);
    }

    /** Whether {@code token} from index {@code from} on is one or more suffixes one after the other. */
    public boolean isSuffixChain(String token, int from) {
        int n = token.length() - from;
        if (n <= 0 || suffixes.isEmpty()) {
            return false;
        }
        boolean[] reachable = new boolean[n + 1];
        reachable[0] = true;
        for (int start = 0; start < n; start++) {
            if (!reachable[start]) {
                continue;
            }
            SuffixNode node = suffixTrie;
            for (int end = start + 1; end <= n; end++) {
                node = node.child(token.charAt(from + end - 1));
                if (node == null) {
                    break;
                }
                if (node.complete) {
                    reachable[end] = true;
                }
            }
            if (reachable[n]) {
                return true;
            }
        }
        return false;
    }

    private static final class SuffixNode {
        private final char[] keys;
        private final SuffixNode[] children;
        private final boolean complete;

        private SuffixNode(char[] keys, SuffixNode[] children, boolean complete) {
            this.keys = keys;
            this.children = children;
            this.complete = complete;
        }

        SuffixNode child(char c) {
            int index = Arrays.binarySearch(keys, c);
            return index >= 0 ? children[index] : null;
        }

        static SuffixNode of(Set<String> suffixes) {
            return build(suffixes, "");
        }

        private static SuffixNode build(Set<String> suffixes, String prefix) {
            TreeMap<Character, Boolean> next = new TreeMap<>();
            for (String suffix : suffixes) {
                if (suffix.length() > prefix.length() && suffix.startsWith(prefix)) {
                    next.put(suffix.charAt(prefix.length()), Boolean.TRUE);
                }
            }
            char[] keys = new char[next.size()];
            SuffixNode[] children = new SuffixNode[next.size()];
            int i = 0;
            for (char c : next.keySet()) {
                keys[i] = c;
                children[i++] = build(suffixes, prefix + c);
            }
            return new SuffixNode(keys, children, suffixes.contains(prefix) && !prefix.isEmpty());
        }
    }
}
