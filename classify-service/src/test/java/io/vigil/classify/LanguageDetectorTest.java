package io.vigil.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.github.pemistahl.lingua.api.Language;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LanguageDetectorTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            az | Azərbaycan Respublikasının Müdafiə Nazirliyi beynəlxalq təlimlərin növbəti mərhələsinin başa çatdığını bildirib.
            fa | وزارت امور خارجه ایران اعلام کرد که گفتگوها درباره امنیت مرزی در هفته آینده ادامه خواهد یافت.
            ar | أعلنت وزارة الداخلية الكويتية أن التعاون الأمني مع دول الخليج سيستمر خلال العام المقبل.
            ru | Министерство обороны сообщило, что совместные учения завершились на прошлой неделе успешно.
            tr | Dışişleri Bakanlığı, sınır güvenliği konusundaki görüşmelerin gelecek hafta devam edeceğini açıkladı.
            en | The defence ministry said the joint exercise ended successfully last week after ten days of drills.
            fr | Le ministère de la Défense a annoncé que l'exercice conjoint s'est terminé avec succès la semaine dernière.
            uk | Міністерство оборони повідомило, що спільні навчання успішно завершилися минулого тижня.
            hy | Պաշտպանության նախարարությունը հայտնել է, որ համատեղ զորավարժությունները հաջողությամբ ավարտվել են։
            ka | თავდაცვის სამინისტრომ განაცხადა, რომ ერთობლივი სწავლება წარმატებით დასრულდა გასულ კვირას.
            """)
    void detectsTheTenLanguages(String lang, String text) {
        assertThat(TestClassifiers.detector().detect(text, null)).isEqualTo(lang);
        assertThat(TestClassifiers.detector().detect(text, lang.equals("en") ? "fr" : "en")).isEqualTo(lang);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bg | Министерството на отбраната съобщи, че съвместните учения със съюзниците приключиха успешно миналата седмица.
            mk | Министерството за одбрана соопшти дека заедничките вежби со сојузниците успешно завршија минатата недела.
            hi | रक्षा मंत्रालय ने बताया कि सहयोगी देशों के साथ संयुक्त सैन्य अभ्यास पिछले सप्ताह सफलतापूर्वक संपन्न हुआ।
            el | Το υπουργείο Άμυνας ανακοίνωσε ότι η κοινή άσκηση με τους συμμάχους ολοκληρώθηκε με επιτυχία την περασμένη εβδομάδα.
            """)
    void namesOtherLanguagesInsteadOfGuessingOneOfTheTen(String lang, String text) {
        assertThat(TestClassifiers.detector().detect(text, null)).isEqualTo(lang);
    }

    @Test
    void countsLettersByScript() {
        int[] letters = LanguageDetector.lettersByScript("NATO: Россия, 12 ایران Հայաստան");
        assertThat(letters[LanguageDetector.Script.LATIN.ordinal()]).isEqualTo(4);
        assertThat(letters[LanguageDetector.Script.CYRILLIC.ordinal()]).isEqualTo(6);
        assertThat(letters[LanguageDetector.Script.ARABIC.ordinal()]).isEqualTo(5);
        assertThat(letters[LanguageDetector.Script.ARMENIAN.ordinal()]).isEqualTo(8);
        assertThat(letters[LanguageDetector.Script.OTHER.ordinal()]).isZero();
    }

    @Test
    void theShortSampleEndsBetweenWords() {
        String text = "word ".repeat(100);
        String sample = LanguageDetector.shortSample(text);
        assertThat(sample.length()).isLessThanOrEqualTo(LanguageDetector.SHORT_SAMPLE_CHARS);
        assertThat(sample).endsWith("word");
    }

    /**
     * The short sample must not cost answers: every written article, without the source's hint, is detected from its
     * first characters (or the longer sample when those leave its script's candidates close) as its language.
     */
    @Test
    void detectsTheLanguageOfEveryWrittenArticleWithoutAHint() throws IOException, URISyntaxException {
        List<Evaluation.Gold> articles = new ArrayList<>();
        Path eval = Path.of(LanguageDetectorTest.class.getClassLoader().getResource("eval").toURI());
        try (Stream<Path> files = Files.list(eval)) {
            for (Path file : files.toList()) {
                if (file.getFileName().toString().matches("written-[a-z]{2}\\.jsonl")) {
                    articles.addAll(Evaluation.read(file));
                }
            }
        }
        assertThat(articles).hasSizeGreaterThan(100);
        for (Evaluation.Gold article : articles) {
            assertThat(TestClassifiers.detector().detect(article.title() + "\n" + article.text(), null))
                    .as(article.id()).isEqualTo(article.lang());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            en | The defence ministry said the joint exercise ended successfully last week after ten days of drills. The allies will meet again in spring to plan the next exercise, and the defence ministers of the region are expected to attend the final session in the capital.
            fr | Le ministère de la Défense a annoncé que l'exercice conjoint s'est terminé avec succès la semaine dernière. Les alliés se retrouveront au printemps pour préparer le prochain exercice, et les ministres de la région assisteront à la séance finale dans la capitale.
            """)
    void aWrongHintDoesNotOverruleALongText(String lang, String text) {
        assertThat(TestClassifiers.detector().detect(text, lang.equals("en") ? "fr" : "en")).isEqualTo(lang);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            NATO             | az    | az
            Bakı             | tr    | tr
            ''               | fr-FR | fr
            """)
    void shortTextsFallBackToTheHint(String text, String hint, String expected) {
        assertThat(TestClassifiers.detector().detect(text, hint)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            az | AZERBAIJANI TURKISH ENGLISH FRENCH
            tr | AZERBAIJANI TURKISH ENGLISH FRENCH
            en | AZERBAIJANI TURKISH ENGLISH FRENCH
            fr | AZERBAIJANI TURKISH ENGLISH FRENCH
            fa | PERSIAN ARABIC
            ar | PERSIAN ARABIC
            ru | RUSSIAN UKRAINIAN BULGARIAN MACEDONIAN SERBIAN
            uk | RUSSIAN UKRAINIAN
            """)
    void computesLinguasOwnConfidenceValuesOnTheCallingThreadAndWithMergedModels(String lang, String languages) throws IOException {
        Set<Language> candidates = EnumSet.noneOf(Language.class);
        for (String language : languages.split(" ")) {
            candidates.add(Language.valueOf(language));
        }
        var lingua = LanguageDetector.build(candidates, true);
        MergedLanguageModels merged = MergedLanguageModels.of(lingua);
        String[] article = ClassifierBenchmark.article(lang);
        String text = article[0] + "\n" + article[1];
        for (int start = 0; start < 1200; start += 37) {
            for (int length : new int[] {1, 2, 3, 5, 12, 40, 150, 400}) {
                String sample = text.substring(start, start + length);
                var expected = lingua.computeLanguageConfidenceValues(sample);
                assertThat(LanguageDetector.confidenceValues(lingua, null, sample)).as(sample).isEqualTo(expected);
                assertThat(LanguageDetector.confidenceValues(lingua, merged, sample)).as(sample).isEqualTo(expected);
            }
        }
        for (String sample : new String[] {"", " ", "12 345", "?!", "NATO", "Bakı", "ab", "ə", "İran'ın"}) {
            var expected = lingua.computeLanguageConfidenceValues(sample);
            assertThat(LanguageDetector.confidenceValues(lingua, null, sample)).as(sample).isEqualTo(expected);
            assertThat(LanguageDetector.confidenceValues(lingua, merged, sample)).as(sample).isEqualTo(expected);
        }
    }
}
