package io.vigil.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TextFingerprintTest {

    @Test
    void ignoresCasePunctuationAndSpacing() {
        assertEquals(TextFingerprint.of("NATO summit", "Leaders met in Brussels."),
                TextFingerprint.of("nato  summit", "Leaders met,\n in Brussels"));
    }

    @Test
    void isAHexSha256() {
        assertTrue(TextFingerprint.of("t", "x").matches("[0-9a-f]{64}"));
    }

    @Test
    void differentWordsGiveDifferentFingerprints() {
        assertNotEquals(TextFingerprint.of("", "Ceasefire agreed"), TextFingerprint.of("", "Ceasefire rejected"));
    }

    @Test
    void appliesNfkc() {
        // Full-width Latin letters and the "ﬁ" ligature fold to their plain forms.
        assertEquals("nato fire", TextFingerprint.normalize("ＮＡＴＯ ﬁre"));
        assertEquals(TextFingerprint.of("", "ＮＡＴＯ ﬁre"), TextFingerprint.of("", "NATO fire"));
    }

    @Test
    void removesArabicDiacriticsAndTatweelButKeepsLettersInLogicalOrder() {
        String voweled = "الأَمْنُ السِّيبْرَانِيُّ";
        String plain = "الأمن السيبراني";
        String stretched = "الأمـــن السيبراني";
        // Letters stay in reading (logical) order; only marks go. The Arabic yeh folds to the Persian form.
        assertEquals("الأمن السیبرانی", TextFingerprint.normalize(voweled));
        assertEquals(TextFingerprint.normalize(plain), TextFingerprint.normalize(voweled));
        assertEquals(TextFingerprint.normalize(plain), TextFingerprint.normalize(stretched));
    }

    @Test
    void arabicPresentationFormsFoldToBaseLetters() {
        // U+FEDF U+FEE0 ... are contextual glyph forms some PDFs and old sites emit.
        assertEquals(TextFingerprint.normalize("لا"), TextFingerprint.normalize("\uFEFB"));
    }

    @Test
    void persianZwnjAndLetterVariantsDoNotChangeTheFingerprint() {
        String withZwnj = "می\u200Cخواهند";
        String withoutZwnj = "میخواهند";
        String arabicKeyboard = "ميخواهند";
        assertEquals(TextFingerprint.normalize(withoutZwnj), TextFingerprint.normalize(withZwnj));
        assertEquals(TextFingerprint.normalize(withoutZwnj), TextFingerprint.normalize(arabicKeyboard));
        assertEquals(TextFingerprint.normalize("کشور"), TextFingerprint.normalize("كشور"));
    }

    @Test
    void bidiControlsAreIgnoredAndPersianDigitsFold() {
        assertEquals("تهران 1404", TextFingerprint.normalize("\u200Fتهران ۱۴۰۴\u200E"));
        assertEquals("2026", TextFingerprint.normalize("٢٠٢٦"));
    }

    @Test
    void azerbaijaniLettersSurviveAndDottedCapitalILowerCasesCleanly() {
        assertEquals("azərbaycan istanbul", TextFingerprint.normalize("AZƏRBAYCAN İSTANBUL"));
        assertEquals(TextFingerprint.normalize("SÜLH DANIŞIQLARI"), TextFingerprint.normalize("Sülh danışıqları"));
        assertEquals(TextFingerprint.normalize("İlham Əliyev Bakıda çıxış edib"),
                TextFingerprint.normalize("ilham əliyev bakıda, çıxış edib!"));
        // A decomposed ş (s + combining cedilla) is composed by NFKC and so equal the precomposed letters.
        assertEquals(TextFingerprint.normalize("şəhər"), TextFingerprint.normalize("s\u0327əhər"));
    }

    @Test
    void mixedScriptTextKeepsItsOrder() {
        assertEquals("nato و آذربایجان همکاری", TextFingerprint.normalize("NATO و آذربایجان: همکاری!"));
    }
}
