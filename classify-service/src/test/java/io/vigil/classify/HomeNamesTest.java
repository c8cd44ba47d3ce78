package io.vigil.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HomeNamesTest {

    private static HomeNames load(Path dir, String lang, String content) throws IOException {
        Files.writeString(Files.createDirectories(dir.resolve("home")).resolve(lang + ".txt"), content);
        return HomeNames.load(DataFiles.directory(dir));
    }

    @Test
    void findsWholeNamesAfterFoldingInTheirOwnLanguageOnly(@TempDir Path dir) throws IOException {
        HomeNames names = load(dir, "tr", "# test\nMSB\nMilli Savunma Bakanlığı\nKilis\n");
        String text = "MSB: sınırda temizlik\nMilli Savunma Bakanlığı, Kilis'te ve KİLİS yakınında; Milli Savunma günü";
        assertThat(names.mentions(ArticleWords.of(text, "tr")))
                .containsExactly(0, text.indexOf("Milli"), text.indexOf("Kilis'te"), text.indexOf("KİLİS"));
        assertThat(names.mentions(ArticleWords.of(text, "az"))).isEmpty();
        assertThat(names.mentions(ArticleWords.of(text, null))).isEmpty();
    }

    @Test
    void aFileIsParsedStrictly(@TempDir Path dir) {
        assertThatThrownBy(() -> load(dir.resolve("tab"), "tr", "MSB\nKilis\tŞanlıurfa\n"))
                .isInstanceOf(ClassifierDataException.class).hasMessageStartingWith("home/tr.txt:2:");
        assertThatThrownBy(() -> load(dir.resolve("french"), "fr", "Paris\n"))
                .isInstanceOf(ClassifierDataException.class).hasMessageContaining("no home country");
    }

    @Test
    void theShippedFilesLoad() {
        HomeNames names = HomeNames.load(DataFiles.classpath());
        String text = "کشف مواد مخدر در سیستان و بلوچستان\nمرزبانان در زاهدان";
        assertThat(names.mentions(ArticleWords.of(text, "fa"))).hasSize(2);
        assertThat(names.mentions(ArticleWords.of("Galatasaray, Kopenhag'ı yendi", "tr"))).containsExactly(0);
        assertThat(names.mentions(ArticleWords.of("Ordu ve Van", "tr"))).isEmpty();
    }
}
