package io.vigil.classify;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.github.pemistahl.lingua.api.IsoCode639_1;
import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;

/**
 * Detects which of the ten supported languages an article is written in (Lingua). Only the first
 * {@value #SAMPLE_CHARS} characters are looked at: more text costs time without changing the answer. The source's
 * hint wins when the text is too short to tell or the detector hesitates between languages.
 */
public final class LanguageDetector {

    static final int SAMPLE_CHARS = 400;
    static final int MIN_LETTERS = 20;
    /** Below this confidence gap between the best and the second language the detector is guessing. */
    static final double MIN_CONFIDENCE_GAP = 0.2;

    private final com.github.pemistahl.lingua.api.LanguageDetector lingua;

    public LanguageDetector(boolean lowAccuracyMode) {
        Language[] languages = Taxonomy.LANGUAGES.stream()
                .map(code -> Language.getByIsoCode639_1(IsoCode639_1.valueOf(code.toUpperCase(Locale.ROOT))))
                .toArray(Language[]::new);
        LanguageDetectorBuilder builder = LanguageDetectorBuilder.fromLanguages(languages).withPreloadedLanguageModels();
        lingua = (lowAccuracyMode ? builder.withLowAccuracyMode() : builder).build();
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
            return supportedHint;
        }
        String best = code(ranked.getFirst().getKey());
        double gap = ranked.getFirst().getValue() - (ranked.size() > 1 ? ranked.get(1).getValue() : 0);
        if (gap < MIN_CONFIDENCE_GAP && supportedHint != null
                && ranked.stream().limit(3).anyMatch(e -> code(e.getKey()).equals(supportedHint))) {
            return supportedHint;
        }
        return best;
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
