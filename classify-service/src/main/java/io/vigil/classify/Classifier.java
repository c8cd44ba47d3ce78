package io.vigil.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.vigil.classify.Classification.CountryTag;
import io.vigil.classify.Classification.Evidence;
import io.vigil.classify.Classification.TopicTag;

/**
 * The classifier: language, security topics, countries and focus of an article. Thread-safe; the model can be
 * replaced while classifications run (each one uses the model it started with).
 */
public final class Classifier {

    /** The first paragraph ends at the first line break of the body, or after this many characters. */
    static final int MAX_LEAD_CHARS = 600;
    static final int MAX_COUNTRY_EVIDENCE = 10;

    private final AtomicReference<ClassifierModel> model;
    private final LanguageDetector detector;
    private final double minTopicScore;

    public Classifier(ClassifierModel model, LanguageDetector detector, double minTopicScore) {
        this.model = new AtomicReference<>(model);
        this.detector = detector;
        this.minTopicScore = minTopicScore;
    }

    /**
     * Classifies an article.
     *
     * @param title    may be null or empty
     * @param text     the body, may be null
     * @param langHint the source's language, used when detection cannot tell; may be null
     */
    public Classification classify(String title, String text, String langHint) {
        String safeTitle = title == null ? "" : title;
        String body = text == null ? "" : text;
        String analysed = safeTitle + "\n" + body;
        int titleEnd = safeTitle.length();
        String lang = detector.detect(analysed, langHint);
        ClassifierModel current = model.get();
        ArticleWords words = ArticleWords.of(analysed, lang);

        TopicScorer scorer = current.scorer(lang);
        List<TopicTag> topics = scorer == null ? List.of() : scorer.score(words, analysed, titleEnd, minTopicScore);

        List<CountryGazetteer.Match> matches = current.gazetteer().tag(words);
        List<FocusRanker.Ranked> ranked = FocusRanker.rank(matches, current.homeNames().mentions(words), titleEnd,
                leadEnd(analysed, titleEnd), lang);
        List<CountryTag> countries = new ArrayList<>(ranked.size());
        for (FocusRanker.Ranked country : ranked) {
            List<Evidence> evidence = country.mentions().stream().limit(MAX_COUNTRY_EVIDENCE)
                    .map(m -> new Evidence(analysed.substring(m.start(), m.end()), m.start(), m.end())).toList();
            countries.add(new CountryTag(country.code(), country.mentions().size(),
                    current.frameworks().of(country.code()), evidence));
        }
        return new Classification(lang, topics, List.copyOf(countries), FocusRanker.focus(ranked));
    }

    static int leadEnd(String analysed, int titleEnd) {
        int bodyStart = titleEnd + 1;
        int limit = Math.min(analysed.length(), bodyStart + MAX_LEAD_CHARS);
        int lineBreak = analysed.indexOf('\n', bodyStart);
        return lineBreak >= 0 && lineBreak < limit ? lineBreak : limit;
    }

    /**
     * Builds a model from the files and swaps it in. On an error the current model stays in place and the
     * {@link ClassifierDataException} says which file and line is wrong.
     */
    public ClassifierModel.Counts reload(DataFiles files) {
        ClassifierModel loaded = ClassifierModel.load(files);
        model.set(loaded);
        return loaded.counts();
    }

    public ClassifierModel model() {
        return model.get();
    }

    LanguageDetector detector() {
        return detector;
    }
}
