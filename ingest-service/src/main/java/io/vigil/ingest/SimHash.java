package io.vigil.ingest;

import java.nio.charset.StandardCharsets;

/**
 * 64-bit SimHash over word 3-shingles: texts that share most of their word sequences get fingerprints a
 * few bits apart, so a lightly edited re-post of a story is recognised.
 */
public final class SimHash {

    private static final int SHINGLE_WORDS = 3;
    private static final int BANDS = 4;
    private static final int BAND_BITS = Long.SIZE / BANDS;

    private SimHash() {
    }

    /** SimHash of an already normalised text (see {@link TextFingerprint#normalize}). */
    public static long of(String normalizedText) {
        String[] words = normalizedText.isBlank() ? new String[0] : normalizedText.split(" ");
        if (words.length == 0) {
            return 0;
        }
        int[] votes = new int[Long.SIZE];
        int shingles = Math.max(1, words.length - SHINGLE_WORDS + 1);
        for (int start = 0; start < shingles; start++) {
            int end = Math.min(words.length, start + SHINGLE_WORDS);
            long hash = hash64(String.join(" ", java.util.Arrays.copyOfRange(words, start, end)));
            for (int bit = 0; bit < Long.SIZE; bit++) {
                votes[bit] += ((hash >>> bit) & 1) == 1 ? 1 : -1;
            }
        }
        long fingerprint = 0;
        for (int bit = 0; bit < Long.SIZE; bit++) {
            if (votes[bit] > 0) {
                fingerprint |= 1L << bit;
            }
        }
        return fingerprint;
    }

    public static int distance(long a, long b) {
        return Long.bitCount(a ^ b);
    }

    /** The 16-bit band {@code index} (0..3) of a fingerprint, as a non-negative int. */
    public static int band(long fingerprint, int index) {
        return (int) ((fingerprint >>> (index * BAND_BITS)) & 0xFFFF);
    }

    /** FNV-1a over UTF-8, then the SplitMix64 finaliser so that every input bit reaches every output bit. */
    static long hash64(String shingle) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : shingle.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xFF;
            hash *= 0x100000001b3L;
        }
        hash = (hash ^ (hash >>> 30)) * 0xbf58476d1ce4e5b9L;
        hash = (hash ^ (hash >>> 27)) * 0x94d049bb133111ebL;
        return hash ^ (hash >>> 31);
    }
}
