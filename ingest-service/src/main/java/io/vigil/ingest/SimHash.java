package io.vigil.ingest;

import java.nio.charset.StandardCharsets;

/**
 * 64-bit SimHash over word 3-shingles: texts that share most of their word sequences get fingerprints a
 * few bits apart, so a lightly edited re-post of a story is recognised.
 */
public final class SimHash {

    private static final int SHINGLE_WORDS = 3;
    public static final int BANDS = 4;
    private static final int BAND_BITS = Long.SIZE / BANDS;

    private SimHash() {
    }

    /**
     * SimHash of an already normalised text (see {@link TextFingerprint#normalize}): the words are the
     * text split at single spaces, a shingle is up to three consecutive words joined by single spaces, so
     * its UTF-8 bytes are a range of the text's own bytes and are hashed in place.
     */
    public static long of(String normalizedText) {
        return normalizedText.isBlank() ? 0 : ofUtf8(normalizedText.getBytes(StandardCharsets.UTF_8));
    }

    /** SimHash of the UTF-8 bytes of a normalised text, which are blank only when empty. */
    public static long ofUtf8(byte[] utf8) {
        if (utf8.length == 0) {
            return 0;
        }
        int[] wordStarts = wordStarts(utf8);
        int words = wordStarts.length - 1;
        // Per bit position, how many shingle hashes have that bit set.
        BitCounts counts = new BitCounts();
        int shingles = Math.max(1, words - SHINGLE_WORDS + 1);
        // A range ends before the space that follows the shingle's last word. Two shingles are hashed side by
        // side: each hash is a chain of dependent multiplications, and two chains keep the multiplier busier.
        int start = 0;
        for (; start + 1 < shingles; start += 2) {
            int from = wordStarts[start];
            int to = wordStarts[Math.min(words, start + SHINGLE_WORDS)] - 1;
            int nextFrom = wordStarts[start + 1];
            int nextTo = wordStarts[Math.min(words, start + 1 + SHINGLE_WORDS)] - 1;
            long hash = FNV_OFFSET;
            long nextHash = FNV_OFFSET;
            int common = Math.min(to - from, nextTo - nextFrom);
            for (int i = 0; i < common; i++) {
                hash = (hash ^ (utf8[from + i] & 0xFF)) * FNV_PRIME;
                nextHash = (nextHash ^ (utf8[nextFrom + i] & 0xFF)) * FNV_PRIME;
            }
            counts.add(finish(fnv(hash, utf8, from + common, to)));
            counts.add(finish(fnv(nextHash, utf8, nextFrom + common, nextTo)));
        }
        if (start < shingles) {
            int end = Math.min(words, start + SHINGLE_WORDS);
            counts.add(finish(fnv(FNV_OFFSET, utf8, wordStarts[start], wordStarts[end] - 1)));
        }
        // A bit is set when more shingle hashes have it set than not.
        int[] ones = counts.total();
        long fingerprint = 0;
        for (int bit = 0; bit < Long.SIZE; bit++) {
            if (2L * ones[bit] > shingles) {
                fingerprint |= 1L << bit;
            }
        }
        return fingerprint;
    }

    /**
     * Byte offsets where each word of {@code text.split(" ")} starts, plus one past the end of the last
     * word's following space; like {@code split}, trailing empty words are left out.
     */
    private static int[] wordStarts(byte[] utf8) {
        int length = utf8.length;
        while (length > 0 && utf8[length - 1] == ' ') {
            length--;
        }
        int spaces = 0;
        for (int i = 0; i < length; i++) {
            if (utf8[i] == ' ') {
                spaces++;
            }
        }
        // Counted first: an array as long as the text would be several times larger than needed.
        int[] starts = new int[spaces + 2];
        int count = 0;
        starts[count++] = 0;
        for (int i = 0; i < length; i++) {
            if (utf8[i] == ' ') {
                starts[count++] = i + 1;
            }
        }
        starts[count] = length + 1;
        return starts;
    }

    public static int distance(long a, long b) {
        return Long.bitCount(a ^ b);
    }

    /** The 16-bit band {@code index} (0..3) of a fingerprint, as a non-negative int. */
    public static int band(long fingerprint, int index) {
        return (int) ((fingerprint >>> (index * BAND_BITS)) & 0xFFFF);
    }

    /**
     * Counts, per bit position, the shingle hashes with that bit set, eight counters to a long: lane {@code j} of
     * {@code lanes[k]} counts bit {@code 8j + k}. Adding a hash is eight shifts, masks and adds with no branch;
     * the lanes are emptied into ints before one could overflow. (Bit-sliced counters with a ripple carry ended
     * their loop at a plane that depends on the hash, a mispredicted branch per shingle: 4 µs more per
     * 3,000-character article.)
     */
    private static final class BitCounts {
        private static final long LOW_BIT_OF_EACH_BYTE = 0x0101010101010101L;
        private final long[] lanes = new long[Byte.SIZE];
        private final int[] totals = new int[Long.SIZE];
        private int sinceFlush;

        void add(long hash) {
            for (int k = 0; k < Byte.SIZE; k++) {
                lanes[k] += (hash >>> k) & LOW_BIT_OF_EACH_BYTE;
            }
            if (++sinceFlush == 255) {
                flush();
            }
        }

        int[] total() {
            flush();
            return totals;
        }

        private void flush() {
            for (int k = 0; k < Byte.SIZE; k++) {
                for (int j = 0; j < Byte.SIZE; j++) {
                    totals[Byte.SIZE * j + k] += (int) ((lanes[k] >>> (Byte.SIZE * j)) & 0xFF);
                }
                lanes[k] = 0;
            }
            sinceFlush = 0;
        }
    }

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    /** Continues FNV-1a over the UTF-8 bytes {@code from} to {@code to}. */
    private static long fnv(long hash, byte[] utf8, int from, int to) {
        for (int i = from; i < to; i++) {
            hash = (hash ^ (utf8[i] & 0xFF)) * FNV_PRIME;
        }
        return hash;
    }

    /** The SplitMix64 finaliser, so that every input bit of the FNV-1a hash reaches every output bit. */
    private static long finish(long hash) {
        hash = (hash ^ (hash >>> 30)) * 0xbf58476d1ce4e5b9L;
        hash = (hash ^ (hash >>> 27)) * 0x94d049bb133111ebL;
        return hash ^ (hash >>> 31);
    }
}
