package io.vigil.classify;

import java.util.List;
import java.util.Set;

/**
 * The inflection data of one language from {@code suffixes/<lang>.txt}: suffixes that may be chained after a form
 * and proclitics that may precede it.
 */
public record Morphology(String lang, Set<String> suffixes, int longestSuffix, List<String> proclitics) {

    public static Morphology none(String lang) {
        return new Morphology(lang, Set.of(), 0, List.of());
    }

    /** Whether {@code rest} is one or more suffixes of this language one after the other. */
    public boolean isSuffixChain(String rest) {
        if (rest.isEmpty() || suffixes.isEmpty()) {
            return false;
        }
        int n = rest.length();
        boolean[] reachable = new boolean[n + 1];
        reachable[0] = true;
        for (int from = 0; from < n; from++) {
            if (!reachable[from]) {
                continue;
            }
            int limit = Math.min(n, from + longestSuffix);
            for (int to = from + 1; to <= limit; to++) {
                if (!reachable[to] && suffixes.contains(rest.substring(from, to))) {
                    reachable[to] = true;
                }
            }
            if (reachable[n]) {
                return true;
            }
        }
        return reachable[n];
    }
}
