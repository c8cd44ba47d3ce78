package io.vigil.classify;

import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.github.pemistahl.lingua.api.IsoCode639_1;
import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;

/**
 * Detects which of the ten supported languages an article is written in (Lingua). Only the first
 * {@value #SAMPLE_CHARS} characters are looked at: more text costs time without changing the answer. The source's
 * hint wins when the text is too short to tell or the detector hesitates between languages.
 *
 * <p>Feeds also carry articles in other languages, and reporting one of them as Russian or as "unknown"
 * misleads subscribers who filter by language. Two narrow refinements name them without slowing down or
 * confusing the ten: text in a script none of the ten uses (Devanagari, Greek, Hebrew…) is detected among the
 * languages of those scripts, and text detected as Russian or Ukrainian is checked against the Balkan Cyrillic
 * languages. Such articles get countries (names in capitals match in every language) but no topics.
 */
public final class LanguageDetector {

    static final int SAMPLE_CHARS = 400;
    static final int MIN_LETTERS = 20;
    /** Below this confidence gap between the best and the second language the detector is guessing. */
    static final double MIN_CONFIDENCE_GAP = 0.2;

    /**
     * Balkan Cyrillic languages that a Russian/Ukrainian guess may hide. Belarusian and Kazakh are left out: they
     * share letters with Ukrainian (і, ў) and the low-accuracy models mistake Ukrainian news for them.
     */
    private static final Set<Language> CYRILLIC = EnumSet.of(Language.RUSSIAN, Language.UKRAINIAN, Language.BULGARIAN,
            Language.MACEDONIAN, Language.SERBIAN);

    private static final Pattern RUSSIAN_OR_UKRAINIAN_ONLY_LETTERS = Pattern.compile("[ыэёіїєґЫЭЁІЇЄҐ]");

    private static final Set<Language> CYRILLIC_SUPPORTED = EnumSet.of(Language.RUSSIAN, Language.UKRAINIAN);

    private final com.github.pemistahl.lingua.api.LanguageDetector lingua;
    private final com.github.pemistahl.lingua.api.LanguageDetector cyrillic;
    private final com.github.pemistahl.lingua.api.LanguageDetector otherScripts;

    public LanguageDetector(boolean lowAccuracyMode) {
        Set<Language> supported = Taxonomy.LANGUAGES.stream()
                .map(code -> Language.getByIsoCode639_1(IsoCode639_1.valueOf(code.toUpperCase(Locale.ROOT))))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Language.class)));
        lingua = build(supported, lowAccuracyMode);
        cyrillic = build(CYRILLIC, lowAccuracyMode);
        Set<Language> others = EnumSet.allOf(Language.class);
        others.remove(Language.UNKNOWN);
        others.removeAll(Language.allWithLatinScript());
        others.removeAll(Language.allWithCyrillicScript());
        others.removeAll(Language.allWithArabicScript());
        others.removeAll(supported);
        otherScripts = build(others, lowAccuracyMode);
    }

    private static com.github.pemistahl.lingua.api.LanguageDetector build(Set<Language> languages, boolean lowAccuracyMode) {
        LanguageDetectorBuilder builder = LanguageDetectorBuilder.fromLanguages(languages.toArray(Language[]::new))
                .withPreloadedLanguageModels();
        return (lowAccuracyMode ? builder.withLowAccuracyMode() : builder).build();
    }

    /** The language code of the text, or the hint (normalised to a supported code) when the text does not tell. */
    public String detect(String text, String hint) {
        String supportedHint = normaliseHint(hint);
        String sample = text.length() > SAMPLE_CHARS ? text.substring(0, SAMPLE_CHARS) : text;
        if (letters(sample) < MIN_LETTERS) {
            return supportedHint != null ? supportedHint : detectedOrNull(sample);
        }
        List<Map.Entry<Language, Double>> ranked = lingua.computeLanguageConfidenceValues(sample).entrySet().stream()
                .sorted(Map.Entry.<Language, Double>comparingByValue(Comparator.reverseOrder())).toList();
        if (ranked.isEmpty()) {
            Language other = otherScripts.detectLanguageOf(sample);
            return other == Language.UNKNOWN ? supportedHint : code(other);
        }
        String best = code(ranked.getFirst().getKey());
        if (CYRILLIC_SUPPORTED.contains(ranked.getFirst().getKey())) {
            Language other = clearlyAnotherCyrillicLanguage(sample);
            if (other != null) {
                return code(other);
            }
        }
        double gap = ranked.getFirst().getValue() - (ranked.size() > 1 ? ranked.get(1).getValue() : 0);
        if (gap < MIN_CONFIDENCE_GAP && supportedHint != null
                && ranked.stream().limit(3).anyMatch(e -> code(e.getKey()).equals(supportedHint))) {
            return supportedHint;
        }
        return best;
    }

    /**
     * Another Cyrillic language only when it beats Russian and Ukrainian by a clear margin, else null. Letters
     * that Bulgarian, Macedonian and Serbian never use settle most articles before any model is asked.
     */
    private Language clearlyAnotherCyrillicLanguage(String sample) {
        if (RUSSIAN_OR_UKRAINIAN_ONLY_LETTERS.matcher(sample).find()) {
            return null;
        }
        Map<Language, Double> confidence = cyrillic.computeLanguageConfidenceValues(sample);
        double supported = Math.max(confidence.getOrDefault(Language.RUSSIAN, 0.0),
                confidence.getOrDefault(Language.UKRAINIAN, 0.0));
        return confidence.entrySet().stream()
                .filter(e -> !CYRILLIC_SUPPORTED.contains(e.getKey()))
                .filter(e -> e.getValue() - supported >= MIN_CONFIDENCE_GAP)
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElse(null);
    }

    private String detectedOrNull(String sample) {
        Language language = lingua.detectLanguageOf(sample);
        return language == Language.UNKNOWN ? null : code(language);
    }

    static String normaliseHint(String hint) {
        if (hint == null || hint.length() < 2) {
            return null;
        }
        String code = hint.substring(0, 2).toLowerCase(Locale.ROOT);
        return Taxonomy.LANGUAGES.contains(code) ? code : null;
    }

    private static String code(Language language) {
        return language.getIsoCode639_1().name().toLowerCase(Locale.ROOT);
    }

    private static int letters(String text) {
        int letters = 0;
        for (int i = 0; i < text.length() && letters < MIN_LETTERS; i++) {
            if (Character.isLetter(text.charAt(i))) {
                letters++;
            }
        }
        return letters;
    }
}
