package io.vigil.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifierTest {

    private final Classifier classifier = new Classifier(EngineData.model(), TestClassifiers.detector(), 0.5);

    @Test
    void classifiesLanguageTopicsCountriesAndFocus() {
        String title = "Cyber attack on the Azerbaijani ministry";
        String text = "Baku, 3 March. Hackers broke into the ministry servers, officials in Azerbaijan said. "
                + "Experts from the United States helped. Turkey offered assistance as well.";
        Classification result = classifier.classify(title, text, null);

        assertThat(result.lang()).isEqualTo("en");
        assertThat(result.topics()).extracting(Classification.TopicTag::id).containsExactly("cyber");
        assertThat(result.countries()).extracting(Classification.CountryTag::code).startsWith("AZ").contains("US", "TR");
        assertThat(result.countries().getFirst().mentions()).isEqualTo(3);
        assertThat(result.countries().getFirst().frameworks()).containsExactly("PFP");
        assertThat(result.focus()).first().isEqualTo("AZ");
        String analysed = title + "\n" + text;
        result.countries().forEach(c -> c.evidence().forEach(e ->
                assertThat(analysed.substring(e.start(), e.end())).isEqualTo(e.text())));
    }

    @Test
    void aLanguageWithoutRulesStillGetsCountries() {
        Classification result = classifier.classify("", "Министерство обороны России и Казахстана провело совместные учения.", "ru");
        assertThat(result.lang()).isEqualTo("ru");
        assertThat(result.topics()).isEmpty();
        assertThat(result.countries()).extracting(Classification.CountryTag::code).containsExactly("RU", "KZ");
        assertThat(result.focus()).containsExactly("RU");
    }

    @Test
    void emptyInputIsHandled() {
        Classification result = classifier.classify(null, null, "az");
        assertThat(result.lang()).isEqualTo("az");
        assertThat(result.topics()).isEmpty();
        assertThat(result.countries()).isEmpty();
        assertThat(result.focus()).isEmpty();
    }

    @Test
    void textWithoutALanguageIsClassifiedAsNothing() {
        Classification result = classifier.classify("", "12:00 — 2026/11/22 — 1 234 567", null);
        assertThat(result.lang()).isNull();
        assertThat(result.topics()).isEmpty();
        assertThat(result.countries()).isEmpty();
        assertThat(result.focus()).isEmpty();
    }

    @Test
    void reloadKeepsTheOldModelOnAnError(@TempDir Path emptyDirectory) throws Exception {
        Classifier reloadable = new Classifier(EngineData.model(), TestClassifiers.detector(), 0.5);
        ClassifierModel before = reloadable.model();
        Files.createDirectories(emptyDirectory.resolve("topics"));
        Files.writeString(emptyDirectory.resolve("topics/en.rules"), "[cyber] threshold=4\ncyber\n");

        assertThatThrownBy(() -> reloadable.reload(DataFiles.directory(emptyDirectory)))
                .isInstanceOf(ClassifierDataException.class).hasMessage("topics/en.rules:2: expected '<term> <weight>', got 'cyber'");
        assertThat(reloadable.model()).isSameAs(before);

        assertThat(reloadable.reload(EngineData.files()).topicTerms()).containsEntry("en", 6);
        assertThat(reloadable.model()).isNotSameAs(before);
    }
}
