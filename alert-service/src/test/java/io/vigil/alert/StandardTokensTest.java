package io.vigil.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.junit.jupiter.api.Test;

class StandardTokensTest {

    /** Words of the ten languages read, with their punctuation and some of their spelling's odd characters. */
    private static final List<List<String>> LANGUAGES = List.of(
            List.of("The", "ceasefire", "held,", "officials", "said.", "U.S.", "don't", "3.5", "1,000", "(NATO)",
                    "e-mail", "22:30", "well-known", "“quoted”", "it’s", "snake_case", "#hashtag", "@user"),
            List.of("L'armée", "française", "a", "déclaré", "«", "cessez-le-feu", "»", "aujourd’hui", "Œuvre",
                    "naïve", "Ça", "c'est-à-dire", "n°5", "1 000", "l’OTAN"),
            List.of("Azərbaycan", "sərhəd", "kiberhücum", "İlham", "Əliyev", "bildirib:", "“Qarabağ”", "ŞİRKƏT",
                    "ölkə", "Bakı,", "2026-cı", "il."),
            List.of("Türkiye'nin", "İstanbul", "Hürmüz", "boğazı", "IŞIK", "ılık", "görüştü.", "%50", "Cumhurbaşkanı"),
            List.of("Россия", "заявила,", "что", "кибератака", "ТРУБОПРОВОД", "ёлка", "т.е.", "из-за", "«Газпром»",
                    "2,5", "млн."),
            List.of("Україна", "перемир'я", "перемир’я", "Ґрунт", "їжак", "є", "Київ:", "ЗСУ", "обʼєкт"),
            List.of("هجوم", "الكويت", "نفط،", "مناورات", "انفجار", "قالَ", "الرئيسُ", "٢٠٢٦", "؟", "مُحَمَّد", "ـــ",
                    "عبدالله"),
            List.of("ایران", "می\u200Cگوید", "خبرگزاری", "۱۴۰۵", "پیش\u200Cنویس", "گزارش،", "تهران:", "ی", "ک"),
            List.of("Հայաստան", "հայտարարել", "է։", "Երևան", "ՀՀ", "զինադադար", "ու՞ր", "Ադրբեջան"),
            List.of("საქართველო", "თბილისი", "განაცხადა,", "ᲛᲗᲐᲕᲠᲝᲑᲐ", "ომი", "სამხედრო"));

    /** Characters and pieces the quick path must leave to the analyzer, or get right beside letters. */
    private static final List<String> ODD = List.of("_", "中文", "日本語", "한국어", "😀", "👩\u200D💻", "\u200D", "\u200C",
            "\u064B", "\u0301", "א", "ש\"ב", "ไทย", "'", ".", ",", ":", ";", "..", "’", "\u00AD", "\u2060", "🇦🇿",
            "\u00A0", "\t", "\r\n", "\u3000", "x²", "½", "Ⅻ", "ﬁ", "ǅ", "ß", "ǈ", "\uFEFF", "\u0600", "٫", "·", "۔",
            "\u0640", "a" + "b".repeat(300), "ж".repeat(256), "1".repeat(255), "ə".repeat(600) + ".", "—", "-", "/");

    private static final String SEPARATORS_AND_PUNCTUATION = " \t\n\r\u00A0!\"#$%&()*+-/<=>?@[\\]^`{|}~«»‹›–—―“”„…؟";

    /** Every character the quick path decides behaves so in the analyzer, beside letters and digits of each kind. */
    @Test
    void everyCharacterTheQuickPathDecidesAgreesWithTheAnalyzer() {
        String[] neighbours = {"a", "1", "ж", "ب", "ə", "ա", "ა", "Z"};
        int decided = 0;
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            byte kind = StandardTokens.kind(c);
            if (kind == StandardTokens.OTHER) {
                continue;
            }
            decided++;
            String s = String.valueOf(c);
            for (String left : neighbours) {
                for (String right : neighbours) {
                    String text = kind == StandardTokens.MID ? left + s + s + right : left + s + right;
                    List<String> expected = kind == StandardTokens.WORD || kind == StandardTokens.MARK
                            ? List.of(lower(text) + "@0")
                            : List.of(lower(left) + "@0", lower(right) + "@1");
                    assertEquals(expected, analyzed(text), "U+%04X (kind %d) in %s".formatted((int) c, kind, text));
                }
            }
            if (kind != StandardTokens.MARK) {
                assertEquals(kind == StandardTokens.WORD ? List.of(lower(s) + "@0") : List.of(), analyzed(s),
                        "U+%04X alone".formatted((int) c));
            }
            if (kind == StandardTokens.MID) {
                assertEquals(List.of("a@0"), analyzed("a" + s), "U+%04X after a letter".formatted((int) c));
                assertEquals(List.of("a@0"), analyzed(s + "a"), "U+%04X before a letter".formatted((int) c));
                assertEquals(List.of("a@0", "b@1"), analyzed("a" + s + " b"), "U+%04X, a space".formatted((int) c));
            }
        }
        assertEquals(true, decided > 1500, "the quick path decides the letters of the scripts read: " + decided);
    }

    @Test
    void articlesInTheTenLanguagesGiveTheAnalyzersTokensAndPositions() {
        Random random = new Random(3);
        StandardTokens tokens = new StandardTokens();
        for (int article = 0; article < 3000; article++) {
            List<String> words = LANGUAGES.get(article % LANGUAGES.size());
            StringBuilder text = new StringBuilder();
            for (int w = random.nextInt(60); w > 0; w--) {
                String word = random.nextInt(8) == 0 ? ODD.get(random.nextInt(ODD.size()))
                        : words.get(random.nextInt(words.size()));
                text.append(word);
                int glue = random.nextInt(10);
                if (glue < 6) {
                    text.append(' ');
                } else if (glue < 8) {
                    text.append(SEPARATORS_AND_PUNCTUATION.charAt(random.nextInt(SEPARATORS_AND_PUNCTUATION.length())));
                } else if (glue == 8) {
                    text.append(ODD.get(random.nextInt(ODD.size())));
                }
            }
            String title = random.nextInt(4) == 0 ? null : words.get(random.nextInt(words.size()));
            assertAgrees(tokens, title, text.toString());
        }
    }

    @Test
    void edgeCasesGiveTheAnalyzersTokensAndPositions() {
        StandardTokens tokens = new StandardTokens();
        List<String> texts = List.of("", " ", "a", "A.", ".a", "a.b", "a..b", "a. b", "1.5", "1,5,", "a'b", "'a'",
                "a_b", "_a", "a_", "\u064Bب", " \u064Bب", "\n\u064Bب", "ب\u064B", "ب\u064B.ج", "ب\u064B. ج",
                "a\u200Cb", "\u200Cb", "a\u200Db", "中文a", "a中文", "a😀b", "a\"b", "א\"ב", "a'א", "a.א", "a.\u0301b",
                "a" + "b".repeat(254), "a" + "b".repeat(255), "a" + "b".repeat(600), "x " + "ж".repeat(300) + "_y z",
                "word" + "x".repeat(260) + ".5 next", "a-b", "a/b", "end.", "end.\nnext", "ǅungla ǈ", "İSTANBUL",
                "ΣΊΣΥΦΟΣ", "Ⅻ.", "x\u00ADy", "x\u2060y", "\uFEFFa", "a\r\nb", "🇦🇿🇦🇿a", "ab\u0640cd");
        for (String text : texts) {
            assertAgrees(tokens, null, text);
            assertAgrees(tokens, text, text);
        }
    }

    /** The reference: the analyzer itself over {@link KeywordSearch#content}. */
    private static List<String> analyzed(String content) {
        List<String> result = new ArrayList<>();
        try (TokenStream stream = KeywordSearch.ANALYZER.tokenStream(KeywordSearch.FIELD, content)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
            stream.reset();
            int position = -1;
            while (stream.incrementToken()) {
                position += increment.getPositionIncrement();
                result.add(term + "@" + position);
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    private static void assertAgrees(StandardTokens tokens, String title, String text) {
        tokens.reset(title, text);
        List<String> quick = new ArrayList<>();
        while (tokens.next()) {
            quick.add(new String(tokens.chars(), 0, tokens.length()) + "@" + tokens.position());
        }
        assertEquals(analyzed(KeywordSearch.content(title, text)), quick, () -> title + " / " + text);
    }

    private static String lower(String text) {
        StringBuilder lower = new StringBuilder();
        text.codePoints().map(Character::toLowerCase).forEach(lower::appendCodePoint);
        return lower.toString();
    }
}
