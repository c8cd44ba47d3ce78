package io.vigil.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vigil.ingest.ArchiveImport.ImportedFile;

class ArchiveImportTest {

    private final ArchiveImport archiveImport = new ArchiveImport(new ObjectMapper(), 5, 10_000);

    private List<ImportedFile> read(Map<String, byte[]> files) {
        return archiveImport.read(new ByteArrayInputStream(Zips.of(files)));
    }

    @Test
    void textFileTitleIsTheFirstNonEmptyLine() {
        JsonNode article = read(Map.of("a.txt", "\uFEFF\n\n  Bakıda görüş  \nBirinci abzas.\n\nİkinci abzas.\n"
                .getBytes(UTF_8))).getFirst().articles().getFirst();
        assertEquals("Bakıda görüş", article.get("title").asText());
        assertEquals("Birinci abzas.\n\nİkinci abzas.", article.get("text").asText());
        assertEquals("import", article.get("source").asText());
    }

    @Test
    void htmlTextIsExtractedWithTitleLanguageAndCanonicalUrl() {
        String html = """
                <html lang="ar-KW"><head><meta charset="windows-1256"><title>الأمن السيبراني</title>
                <link rel="canonical" href="https://example.kw/news/1"><script>var x = 1;</script></head>
                <body><nav>القائمة</nav><article><h1>الأمن السيبراني</h1><p>تعاون بين الكويت وأذربيجان.</p></article>
                <footer>حقوق النشر</footer></body></html>""";
        JsonNode article = read(Map.of("page.html", html.getBytes(Charset.forName("windows-1256"))))
                .getFirst().articles().getFirst();
        assertEquals("الأمن السيبراني", article.get("title").asText());
        assertEquals("الأمن السيبراني\nتعاون بين الكويت وأذربيجان.", article.get("text").asText());
        assertEquals("https://example.kw/news/1", article.get("url").asText());
        assertEquals("ar", article.get("lang").asText());
    }

    @Test
    void jsonHoldsAnArticleOrAnArrayAndJsonlOnePerLine() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("one.json", "{\"title\":\"t\",\"text\":\"x\",\"source\":\"azertag\"}".getBytes(UTF_8));
        files.put("many.json", "[{\"title\":\"a\",\"text\":\"x\"},{\"title\":\"b\",\"text\":\"y\"}]".getBytes(UTF_8));
        files.put("lines.jsonl", "{\"title\":\"c\",\"text\":\"z\"}\n\n{\"title\":\"d\",\"text\":\"w\"}\n".getBytes(UTF_8));
        List<ImportedFile> imported = read(files);
        assertEquals("azertag", imported.get(0).articles().getFirst().get("source").asText());
        assertEquals(2, imported.get(1).articles().size());
        assertEquals("import", imported.get(1).articles().get(1).get("source").asText());
        assertEquals(List.of("c", "d"), imported.get(2).articles().stream().map(a -> a.get("title").asText()).toList());
    }

    @Test
    void unsupportedAndMalformedFilesAreReportedAndMetadataSkipped() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("__MACOSX/._a.txt", new byte[] {0, 1});
        files.put("notes.pdf", new byte[] {1});
        files.put("broken.json", "{\"title\":".getBytes(UTF_8));
        List<ImportedFile> imported = read(files);
        assertEquals(2, imported.size());
        assertTrue(imported.get(0).problem().startsWith("Unsupported file type"));
        assertTrue(imported.get(1).problem().startsWith("Malformed JSON"));
        assertNull(read(Map.of("ok.txt", "t\nx".getBytes(UTF_8))).getFirst().problem());
    }

    @Test
    void refusesZipBombsTooManyFilesAndNonZips() {
        assertThrows(ArchiveImport.UnreadableArchiveException.class,
                () -> read(Map.of("big.txt", new byte[10_001])));
        Map<String, byte[]> many = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            many.put(i + ".txt", "t\nx".getBytes(UTF_8));
        }
        assertThrows(ArchiveImport.UnreadableArchiveException.class, () -> read(many));
        assertThrows(ArchiveImport.UnreadableArchiveException.class,
                () -> archiveImport.read(new ByteArrayInputStream("not a zip".getBytes(UTF_8))));
    }
}
