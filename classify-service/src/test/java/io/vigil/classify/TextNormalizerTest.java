package io.vigil.classify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextNormalizerTest {

    @Test
    void dottedAndDotlessIFoldTogether() {
        assertThat(TextNormalizer.fold("İran")).isEqualTo("iran");
        assertThat(TextNormalizer.fold("IRAN")).isEqualTo("iran");
        assertThat(TextNormalizer.fold("ıran")).isEqualTo("iran");
        assertThat(TextNormalizer.fold("İSTANBUL")).isEqualTo(TextNormalizer.fold("istanbul"));
    }

    @Test
    void arabicAndPersianVariantsAreUnified() {
        assertThat(TextNormalizer.fold("إيران")).isEqualTo(TextNormalizer.fold("ایران"));
        assertThat(TextNormalizer.fold("الكويت")).isEqualTo(TextNormalizer.fold("الکویت"));
        assertThat(TextNormalizer.fold("مُنَظَّمَة")).isEqualTo(TextNormalizer.fold("منظمه"));
        assertThat(TextNormalizer.fold("تـــهران")).isEqualTo("تهران");
        assertThat(TextNormalizer.fold("ایران\u200Cها")).isEqualTo(TextNormalizer.fold("ایرانها"));
    }

    @Test
    void cyrillicYoAndCompatibilityForms() {
        assertThat(TextNormalizer.fold("Объединённые")).isEqualTo("объединенные");
        assertThat(TextNormalizer.fold("ﬁnance")).isEqualTo("finance");
    }
}
