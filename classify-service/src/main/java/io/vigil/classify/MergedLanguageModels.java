package io.vigil.classify;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.internal.Ngram;

/**
 * Lingua's low-accuracy language models of one detector's languages, merged into one table: per n-gram, the log
 * probability each language gives it. Lingua 1.2.2 scores a trigram by looking it up in each candidate's trigram
 * model and, when a model lacks it, in the bigram and then the unigram model of its first letters: up to three hash
 * look-ups per language, each a likely cache miss in a large map, and the largest part of language detection. Here
 * one look-up per trigram gives every language's term, computed with Lingua's own models and formula
 * ({@code (float) Math.log(probability)} of the first n-gram of the trigram, bigram, unigram chain that the language
 * knows, none when it knows none), and the sums are added in Lingua's order, so the results are the same floats
 * ({@code LanguageDetectorTest}). The table holds the n-grams of the languages' models (a few MiB for four).
 */
final class MergedLanguageModels {

    /** Lingua's look-up of one n-gram in one language's model (Kotlin names it with a hyphen: no Java call). */
    private static final MethodHandle LOOK_UP = lookUp();

    private final List<Language> languages;
    private final Map<Language, Integer> indexOf = new EnumMap<>(Language.class);
    /**
     * An open-addressing table of the models' 1- to 3-grams, each packed into a long ({@link #key}); 0 marks a free
     * slot. The look-up reads this array and one row of {@link #terms}: two memory accesses where a map of strings
     * takes five.
     */
    private final long[] keys;
    /** Row {@code slot}: the n-gram's terms, indexed like {@link #languages}; 0 where the language knows none. */
    private final float[] terms;
    private final int mask;
    private final int width;

    private MergedLanguageModels(com.github.pemistahl.lingua.api.LanguageDetector detector, List<Language> languages) {
        this.languages = languages;
        for (Language language : languages) {
            indexOf.put(language, indexOf.size());
        }
        this.width = languages.size();
        List<Map<Language, Map<String, ?>>> models = List.of(models("Unigram"), models("Bigram"), models("Trigram"));
        Map<String, float[]> byNgram = new HashMap<>();
        for (Language language : languages) {
            // Loads the language's models into Lingua's maps
            probability(detector, language, "a");
            probability(detector, language, "ab");
            probability(detector, language, "abc");
        }
        for (int length = 1; length <= 3; length++) {
            for (Language language : languages) {
                var model = models.get(length - 1).get(language);
                if (model == null) {
                    throw new IllegalStateException("Lingua has no " + length + "-gram model of " + language);
                }
                for (String ngram : model.keySet()) {
                    // A key with a letter outside the BMP is longer than its n: no trigram of a text looks it up
                    if (ngram.length() <= 3) {
                        byNgram.computeIfAbsent(ngram, key -> termsOf(detector, key));
                    }
                }
            }
        }
        int capacity = Integer.highestOneBit(Math.max(2, byNgram.size() * 2 - 1)) << 1;
        this.keys = new long[capacity];
        this.terms = new float[capacity * width];
        this.mask = capacity - 1;
        byNgram.forEach((ngram, ngramTerms) -> {
            int slot = slot(key(ngram, ngram.length()));
            keys[slot] = key(ngram, ngram.length());
            System.arraycopy(ngramTerms, 0, terms, slot * width, width);
        });
    }

    /** The merged models of the detector's languages; the detector must be in low-accuracy mode. */
    static MergedLanguageModels of(com.github.pemistahl.lingua.api.LanguageDetector detector) {
        return new MergedLanguageModels(detector, List.copyOf(detector.getLanguages$lingua()));
    }

    /**
     * Lingua's {@code computeLanguageProbabilities}: per candidate, in the candidates' order, the sum of the
     * n-grams' log probabilities, for the candidates whose sum is negative.
     */
    Map<Language, Float> probabilities(Set<Ngram> ngrams, Set<Language> candidates) {
        float[] sums = new float[languages.size()];
        int[] candidateIndexes = new int[candidates.size()];
        int c = 0;
        for (Language candidate : candidates) {
            candidateIndexes[c++] = indexOf.get(candidate);
        }
        for (Ngram ngram : ngrams) {
            int row = rowOf(ngram.getValue());
            if (row >= 0) {
                for (int index : candidateIndexes) {
                    sums[index] += terms[row + index];
                }
            }
        }
        Map<Language, Float> probabilities = new LinkedHashMap<>();
        for (Language candidate : candidates) {
            float sum = sums[indexOf.get(candidate)];
            if (sum < 0) {
                probabilities.put(candidate, sum);
            }
        }
        return probabilities;
    }

    /**
     * Where the n-gram's terms start in {@link #terms}, or -1 when no language knows it or its first letters (it adds
     * nothing). An n-gram no model knows falls back to its first letters, as Lingua's look-up does.
     */
    private int rowOf(String ngram) {
        for (int length = Math.min(ngram.length(), 3); length > 0; length--) {
            long key = key(ngram, length);
            int slot = slot(key);
            if (keys[slot] == key) {
                return slot * width;
            }
        }
        return -1;
    }

    /** The slot of the key, or the free slot where it would go. */
    private int slot(long key) {
        int slot = Long.hashCode(key * 0x9E3779B97F4A7C15L) & mask;
        while (keys[slot] != 0 && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** The first {@code length} (1 to 3) characters of the n-gram and the length, packed: never 0. */
    private static long key(String ngram, int length) {
        long key = length;
        for (int i = 0; i < length; i++) {
            key = key << 16 | ngram.charAt(i);
        }
        return key;
    }

    private float[] termsOf(com.github.pemistahl.lingua.api.LanguageDetector detector, String ngram) {
        float[] result = new float[languages.size()];
        for (int l = 0; l < result.length; l++) {
            for (int length = ngram.length(); length > 0; length--) {
                float probability = probability(detector, languages.get(l), ngram.substring(0, length));
                if (probability > 0) {
                    result[l] = (float) Math.log(probability);
                    break;
                }
            }
        }
        return result;
    }

    private static float probability(com.github.pemistahl.lingua.api.LanguageDetector detector, Language language,
                                     String ngram) {
        try {
            return (float) LOOK_UP.invokeExact(detector, language, ngram);
        } catch (Throwable e) {
            throw new IllegalStateException("Lingua's n-gram look-up failed", e);
        }
    }

    /**
     * Lingua's loaded models of one n-gram length, by language: fastutil maps, which are {@link Map}s (fastutil is
     * Lingua's runtime dependency, not on this module's compile path).
     */
    @SuppressWarnings("unchecked")
    private static Map<Language, Map<String, ?>> models(String ngramName) {
        var companion = com.github.pemistahl.lingua.api.LanguageDetector.Companion;
        try {
            MethodHandle getter = MethodHandles.publicLookup().findVirtual(companion.getClass(),
                    "get" + ngramName + "LanguageModels$lingua", MethodType.methodType(EnumMap.class));
            return (Map<Language, Map<String, ?>>) (Map<?, ?>) getter.invoke(companion);
        } catch (Throwable e) {
            throw new IllegalStateException("Lingua's " + ngramName + " models are not accessible", e);
        }
    }

    private static MethodHandle lookUp() {
        try {
            return MethodHandles.publicLookup().findVirtual(com.github.pemistahl.lingua.api.LanguageDetector.class,
                    "lookUpNgramProbability-as5wtIs$lingua", MethodType.methodType(float.class, Language.class,
                            String.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
