package io.vigil.classify;

import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import com.github.pemistahl.lingua.internal.TestDataLanguageModel;

/**
 * Detects which of the ten supported languages an article is written in. The script of its letters decides first
 * (Armenian and Georgian alone, Arabic script between Persian and Arabic, Cyrillic between Russian and Ukrainian,
 * Latin among Azerbaijani, Turkish, English and French), then Lingua, restricted to the script's candidates, looks
 * at a short sample: Lingua's cost grows with the text it reads, and the script already rules out most languages.
 * When the short sample leaves the candidates close, Lingua reads the first {@value #SAMPLE_CHARS} characters. The
 * source's hint wins when the text is too short to tell or the detector hesitates between languages.
 *
 * <p>Feeds also carry articles in other languages, and reporting one of them as Russian or as "unknown"
 * misleads subscribers who filter by language. Two narrow refinements name them without slowing down or
 * confusing the ten: text in a script none of the ten uses (Devanagari, Greek, Hebrew…) is detected among the
 * languages of those scripts, and Cyrillic text without a letter only Russian or Ukrainian uses is checked against
 * the Balkan Cyrillic languages. Such articles get countries (names in capitals match in every language) but no
 * topics.
 */
public final class LanguageDetector {

    static final int SAMPLE_CHARS = 400;
    /** In low-accuracy mode Lingua scores trigrams only, and gives no values for a cleaned-up text shorter than one. */
    private static final int TRIGRAM = 3;
    /**
     * What Lingua reads first, and all it reads of most articles: its cost grows with the characters it reads.
     * Compared with 150 characters over the test cases, the written and evaluation sets and 20,000 generated
     * articles, 120 changed no answer with the source's hint and, without one, only corrected three of 20,000
     * generated az articles; 100 was a little cheaper but turned one of them from az to tr. Second reads of 200 or
     * 250 characters changed answers, so the second read stays at {@value #SAMPLE_CHARS}.
     */
    static final int SHORT_SAMPLE_CHARS = 120;
    static final int MIN_LETTERS = 20;
    /** Below this confidence gap between the best and the second language the detector is guessing. */
    static final double MIN_CONFIDENCE_GAP = 0.2;
    /** From this gap on, the short sample's answer is final; below it Lingua reads the longer sample. */
    static final double SURE_CONFIDENCE_GAP = 0.3;

    /** The scripts that narrow the detection down; {@code OTHER} is any script none of the ten languages uses. */
    enum Script { LATIN, CYRILLIC, ARABIC, ARMENIAN, GEORGIAN, OTHER }

    /**
     * Balkan Cyrillic languages that a Russian/Ukrainian guess may hide. Belarusian and Kazakh are left out: they
     * share letters with Ukrainian (і, ў) and the low-accuracy models mistake Ukrainian news for them.
     */
    private static final Set<Language> CYRILLIC = EnumSet.of(Language.RUSSIAN, Language.UKRAINIAN, Language.BULGARIAN,
            Language.MACEDONIAN, Language.SERBIAN);

    private static final String RUSSIAN_OR_UKRAINIAN_ONLY_LETTERS = "ыэёіїєґЫЭЁІЇЄҐ";

    private static final Set<Language> CYRILLIC_SUPPORTED = EnumSet.of(Language.RUSSIAN, Language.UKRAINIAN);

    private final com.github.pemistahl.lingua.api.LanguageDetector latin;
    private final com.github.pemistahl.lingua.api.LanguageDetector arabic;
    private final com.github.pemistahl.lingua.api.LanguageDetector russianOrUkrainian;
    private final com.github.pemistahl.lingua.api.LanguageDetector cyrillic;
    private final com.github.pemistahl.lingua.api.LanguageDetector otherScripts;
    /** The merged models of the detectors that most articles go through; null in high-accuracy mode. */
    private final MergedLanguageModels latinModels;
    private final MergedLanguageModels arabicModels;
    private final MergedLanguageModels russianOrUkrainianModels;

    public LanguageDetector(boolean lowAccuracyMode) {
        latin = build(EnumSet.of(Language.AZERBAIJANI, Language.TURKISH, Language.ENGLISH, Language.FRENCH),
                lowAccuracyMode);
        arabic = build(EnumSet.of(Language.PERSIAN, Language.ARABIC), lowAccuracyMode);
        russianOrUkrainian = build(CYRILLIC_SUPPORTED, lowAccuracyMode);
        cyrillic = build(CYRILLIC, lowAccuracyMode);
        Set<Language> others = EnumSet.allOf(Language.class);
        others.remove(Language.UNKNOWN);
        others.removeAll(Language.allWithLatinScript());
        others.removeAll(Language.allWithCyrillicScript());
        others.removeAll(Language.allWithArabicScript());
        others.removeAll(EnumSet.of(Language.ARMENIAN, Language.GEORGIAN));
        otherScripts = build(others, lowAccuracyMode);
        latinModels = lowAccuracyMode ? MergedLanguageModels.of(latin) : null;
        arabicModels = lowAccuracyMode ? MergedLanguageModels.of(arabic) : null;
        russianOrUkrainianModels = lowAccuracyMode ? MergedLanguageModels.of(russianOrUkrainian) : null;
    }

    static com.github.pemistahl.lingua.api.LanguageDetector build(Set<Language> languages, boolean lowAccuracyMode) {
        LanguageDetectorBuilder builder = LanguageDetectorBuilder.fromLanguages(languages.toArray(Language[]::new))
                .withPreloadedLanguageModels();
        return (lowAccuracyMode ? builder.withLowAccuracyMode() : builder).build();
    }

    /** The language code of the text, or the hint (normalised to a supported code) when the text does not tell. */
    public String detect(String text, String hint) {
        String supportedHint = normaliseHint(hint);
        String sample = text.length() > SAMPLE_CHARS ? text.substring(0, SAMPLE_CHARS) : text;
        int[] letters = lettersByScript(sample);
        Script script = dominant(letters);
        if (total(letters) < MIN_LETTERS) {
            return supportedHint != null ? supportedHint : detectedOrNull(script, sample);
        }
        return switch (script) {
            case ARMENIAN -> "hy";
            case GEORGIAN -> "ka";
            case OTHER -> {
                Language other = otherScripts.detectLanguageOf(sample);
                yield other == Language.UNKNOWN ? supportedHint : code(other);
            }
            case CYRILLIC -> {
                Language balkan = clearlyAnotherCyrillicLanguage(sample);
                yield balkan != null ? code(balkan)
                        : detectAmong(russianOrUkrainian, russianOrUkrainianModels, sample, supportedHint);
            }
            case LATIN -> detectAmong(latin, latinModels, sample, supportedHint);
            case ARABIC -> detectAmong(arabic, arabicModels, sample, supportedHint);
        };
    }

    private String detectAmong(com.github.pemistahl.lingua.api.LanguageDetector candidates,
                               MergedLanguageModels models, String sample, String supportedHint) {
        String shortSample = shortSample(sample);
        List<Map.Entry<Language, Double>> ranked = ranked(candidates, models, shortSample);
        if (shortSample.length() < sample.length() && !settled(ranked, supportedHint)) {
            ranked = ranked(candidates, models, sample);
        }
        if (ranked.isEmpty()) {
            return supportedHint;
        }
        if (gap(ranked) < MIN_CONFIDENCE_GAP && supportedHint != null
                && ranked.stream().limit(3).anyMatch(e -> code(e.getKey()).equals(supportedHint))) {
            return supportedHint;
        }
        return code(ranked.getFirst().getKey());
    }

    private static List<Map.Entry<Language, Double>> ranked(com.github.pemistahl.lingua.api.LanguageDetector detector,
                                                            MergedLanguageModels models, String sample) {
        return confidenceValues(detector, models, sample).entrySet().stream()
                .sorted(Map.Entry.<Language, Double>comparingByValue(Comparator.reverseOrder())).toList();
    }

    /**
     * Lingua's {@code computeLanguageConfidenceValues}, computed on the calling thread. In low-accuracy mode Lingua
     * 1.2.2 scores the trigrams as a single task that it hands to {@code ForkJoinPool.commonPool()} and waits for.
     * That saves no work (the CPU time is the same either way, docs/classifier.md), yet it ties every classifying
     * thread to the common pool (one worker on a two-core machine, shared with whatever else uses it) and adds a
     * wake-up to each article's latency. These are the same steps and models through Lingua's own methods, which
     * Kotlin compiles as public ({@code internal}, hence the {@code $lingua} suffix); {@code LanguageDetectorTest}
     * checks that the values stay equal to Lingua's. High-accuracy mode reads 1- to 5-grams of short texts in five
     * tasks that do run in parallel: there Lingua's own method runs.
     *
     * @param models the detector's languages' {@link MergedLanguageModels}, or null to look n-grams up in Lingua's
     */
    static Map<Language, Double> confidenceValues(com.github.pemistahl.lingua.api.LanguageDetector detector,
                                                  MergedLanguageModels models, String text) {
        if (!detector.isLowAccuracyModeEnabled$lingua()) {
            return detector.computeLanguageConfidenceValues(text);
        }
        Map<Language, Double> values = new TreeMap<>();
        String cleanedUp = detector.cleanUpInputText$lingua(text);
        if (cleanedUp.codePoints().noneMatch(Character::isLetter)) {
            return values;
        }
        List<String> words = detector.splitTextIntoWords$lingua(cleanedUp);
        Language byRules = detector.detectLanguageWithRules$lingua(words);
        if (byRules != Language.UNKNOWN) {
            values.put(byRules, 1.0);
            return values;
        }
        Set<Language> candidates = detector.filterLanguagesByRules$lingua(words);
        if (candidates.size() == 1) {
            values.put(candidates.iterator().next(), 1.0);
            return values;
        }
        if (cleanedUp.length() < TRIGRAM) {
            return values;
        }
        TestDataLanguageModel trigrams = TestDataLanguageModel.Companion.fromText(cleanedUp, TRIGRAM);
        Map<Language, Float> probabilities = models != null
                ? models.probabilities(trigrams.getNgrams(), candidates)
                : detector.computeLanguageProbabilities$lingua(trigrams, candidates);
        Map<Language, Float> summed = detector.sumUpProbabilities$lingua(List.of(probabilities), Map.of(), candidates);
        // Summed log probabilities are negative: the most likely language has the highest, and confidence is the
        // highest divided by each, computed in float as Lingua does
        Float highest = null;
        for (float probability : summed.values()) {
            if (highest == null || Float.compare(highest, probability) < 0) {
                highest = probability;
            }
        }
        for (Map.Entry<Language, Float> language : summed.entrySet()) {
            values.put(language.getKey(), (double) (highest / language.getValue()));
        }
        return values;
    }

    /**
     * Whether the short sample's answer stands: the source's language came first (a longer sample would only
     * confirm it, or overrule it when another language leads clearly, which a short sample of a one-language
     * article does not hide), or one language leads by far.
     */
    private static boolean settled(List<Map.Entry<Language, Double>> ranked, String supportedHint) {
        return !ranked.isEmpty() && (code(ranked.getFirst().getKey()).equals(supportedHint)
                || gap(ranked) >= SURE_CONFIDENCE_GAP);
    }

    private static double gap(List<Map.Entry<Language, Double>> ranked) {
        if (ranked.isEmpty()) {
            return 0;
        }
        return ranked.getFirst().getValue() - (ranked.size() > 1 ? ranked.get(1).getValue() : 0);
    }

    /** The first {@value #SHORT_SAMPLE_CHARS} characters, cut before a word that does not fit whole. */
    static String shortSample(String sample) {
        if (sample.length() <= SHORT_SAMPLE_CHARS) {
            return sample;
        }
        int end = SHORT_SAMPLE_CHARS;
        while (end > SHORT_SAMPLE_CHARS / 2 && !Character.isWhitespace(sample.charAt(end))) {
            end--;
        }
        return sample.substring(0, end);
    }

    /**
     * Another Cyrillic language only when it beats Russian and Ukrainian by a clear margin, else null. Letters
     * that Bulgarian, Macedonian and Serbian never use settle most articles before any model is asked.
     */
    private Language clearlyAnotherCyrillicLanguage(String sample) {
        for (int i = 0; i < sample.length(); i++) {
            if (RUSSIAN_OR_UKRAINIAN_ONLY_LETTERS.indexOf(sample.charAt(i)) >= 0) {
                return null;
            }
        }
        Map<Language, Double> confidence = confidenceValues(cyrillic, null, sample);
        double supported = Math.max(confidence.getOrDefault(Language.RUSSIAN, 0.0),
                confidence.getOrDefault(Language.UKRAINIAN, 0.0));
        return confidence.entrySet().stream()
                .filter(e -> !CYRILLIC_SUPPORTED.contains(e.getKey()))
                .filter(e -> e.getValue() - supported >= MIN_CONFIDENCE_GAP)
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElse(null);
    }

    private String detectedOrNull(Script script, String sample) {
        Language language = switch (script) {
            case ARMENIAN -> Language.ARMENIAN;
            case GEORGIAN -> Language.GEORGIAN;
            case LATIN -> latin.detectLanguageOf(sample);
            case ARABIC -> arabic.detectLanguageOf(sample);
            case CYRILLIC -> russianOrUkrainian.detectLanguageOf(sample);
            case OTHER -> otherScripts.detectLanguageOf(sample);
        };
        return language == Language.UNKNOWN ? null : code(language);
    }

    static String normaliseHint(String hint) {
        if (hint == null || hint.length() < 2) {
            return null;
        }
        String code = hint.substring(0, 2).toLowerCase(java.util.Locale.ROOT);
        return Taxonomy.LANGUAGES.contains(code) ? code : null;
    }

    private static String code(Language language) {
        return language.getIsoCode639_1().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** How many letters of the text are in each {@link Script}, indexed by ordinal. */
    static int[] lettersByScript(String text) {
        int[] letters = new int[Script.values().length];
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80) {
                if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') {
                    letters[Script.LATIN.ordinal()]++;
                }
            } else if (Character.isLetter(cp)) {
                letters[script(Character.UnicodeScript.of(cp)).ordinal()]++;
            }
        }
        return letters;
    }

    private static Script script(Character.UnicodeScript script) {
        return switch (script) {
            case LATIN -> Script.LATIN;
            case CYRILLIC -> Script.CYRILLIC;
            case ARABIC -> Script.ARABIC;
            case ARMENIAN -> Script.ARMENIAN;
            case GEORGIAN -> Script.GEORGIAN;
            default -> Script.OTHER;
        };
    }

    /** The script with the most letters; Latin when there are none. */
    private static Script dominant(int[] letters) {
        Script best = Script.LATIN;
        for (Script script : Script.values()) {
            if (letters[script.ordinal()] > letters[best.ordinal()]) {
                best = script;
            }
        }
        return best;
    }

    private static int total(int[] letters) {
        int total = 0;
        for (int count : letters) {
            total += count;
        }
        return total;
    }
}
