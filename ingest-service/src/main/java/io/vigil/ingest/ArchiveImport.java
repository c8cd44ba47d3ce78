package io.vigil.ingest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns a zip of article files into article JSON objects, file by file: {@code .txt} (first non-empty line
 * is the title), {@code .html} (text extracted with jsoup), {@code .json} (an object or an array of
 * them) and {@code .jsonl} (one object per line). Bounded in entries and inflated bytes so that a zip
 * bomb costs nothing.
 */
public final class ArchiveImport {

    public static final String IMPORT_SOURCE = "import";
    private static final String BLOCK_ELEMENTS = "p, h1, h2, h3, h4, h5, h6, li, div, br, blockquote, pre, tr";

    private final ObjectMapper objectMapper;
    private final int maxEntries;
    private final long maxInflatedBytes;

    public ArchiveImport(ObjectMapper objectMapper, int maxEntries, long maxInflatedBytes) {
        this.objectMapper = objectMapper;
        this.maxEntries = maxEntries;
        this.maxInflatedBytes = maxInflatedBytes;
    }

    /** The articles found in one file, or why the file could not be read. */
    public record ImportedFile(String name, List<JsonNode> articles, String problem) {

        static ImportedFile of(String name, List<JsonNode> articles) {
            return new ImportedFile(name, articles, null);
        }

        static ImportedFile unreadable(String name, String problem) {
            return new ImportedFile(name, List.of(), problem);
        }
    }

    /** Thrown when the upload is not a usable zip at all. */
    public static class UnreadableArchiveException extends RuntimeException {
        public UnreadableArchiveException(String message) {
            super(message);
        }
    }

    public List<ImportedFile> read(InputStream zip) {
        List<ImportedFile> files = new ArrayList<>();
        long inflated = 0;
        try (ZipInputStream entries = new ZipInputStream(zip, StandardCharsets.UTF_8)) {
            ZipEntry entry;
            while ((entry = entries.getNextEntry()) != null) {
                if (entry.isDirectory() || isMetadata(entry.getName())) {
                    continue;
                }
                if (files.size() >= maxEntries) {
                    throw new UnreadableArchiveException("The archive has more than " + maxEntries + " files");
                }
                byte[] content = readBounded(entries, maxInflatedBytes - inflated);
                inflated += content.length;
                files.add(parse(entry.getName(), content));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new UnreadableArchiveException("Not a readable zip archive: " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new UnreadableArchiveException("The archive holds no article files");
        }
        return files;
    }

    private static boolean isMetadata(String name) {
        String fileName = name.substring(name.lastIndexOf('/') + 1);
        return name.startsWith("__MACOSX/") || fileName.startsWith(".");
    }

    private byte[] readBounded(InputStream entry, long remaining) throws IOException {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int read;
        while ((read = entry.read(buffer)) != -1) {
            if (content.size() + (long) read > remaining) {
                throw new UnreadableArchiveException(
                        "The archive inflates to more than " + maxInflatedBytes + " bytes");
            }
            content.write(buffer, 0, read);
        }
        return content.toByteArray();
    }

    ImportedFile parse(String name, byte[] content) {
        String lowerName = name.toLowerCase(Locale.ROOT);
        try {
            if (lowerName.endsWith(".txt")) {
                return ImportedFile.of(name, List.of(fromText(utf8(content))));
            }
            if (lowerName.endsWith(".html") || lowerName.endsWith(".htm")) {
                return ImportedFile.of(name, List.of(fromHtml(content)));
            }
            if (lowerName.endsWith(".jsonl")) {
                return ImportedFile.of(name, fromJsonLines(utf8(content)));
            }
            if (lowerName.endsWith(".json")) {
                return ImportedFile.of(name, fromJson(utf8(content)));
            }
        } catch (JsonProcessingException e) {
            return ImportedFile.unreadable(name, "Malformed JSON: " + e.getOriginalMessage());
        }
        return ImportedFile.unreadable(name, "Unsupported file type; expected .txt, .html, .json or .jsonl");
    }

    private static String utf8(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private ObjectNode fromText(String text) {
        String[] lines = text.split("\\R", -1);
        int titleLine = 0;
        while (titleLine < lines.length && lines[titleLine].isBlank()) {
            titleLine++;
        }
        String title = titleLine < lines.length ? lines[titleLine].strip() : "";
        StringBuilder body = new StringBuilder();
        for (int i = titleLine + 1; i < lines.length; i++) {
            body.append(lines[i]).append('\n');
        }
        return article(title, body.toString().strip());
    }

    private ObjectNode fromHtml(byte[] content) {
        // jsoup honours a BOM or <meta charset>, so windows-1256 or KOI8 pages decode correctly.
        Document document;
        try {
            document = Jsoup.parse(new ByteArrayInputStream(content), null, "");
        } catch (IOException e) {
            throw new UnreadableArchiveException("Could not read an HTML file: " + e.getMessage());
        }
        String title = document.title();
        if (title.isBlank()) {
            Element heading = document.selectFirst("h1");
            title = heading == null ? "" : heading.text();
        }
        document.select("script, style, noscript, nav, header, footer, aside, form").remove();
        Element main = document.selectFirst("article");
        main = main != null ? main : document.body();
        // Block boundaries become line breaks; inline markup stays within its line.
        main.select(BLOCK_ELEMENTS).forEach(block -> block.after(new TextNode("\n")));
        String text = main.wholeText().lines()
                .map(String::strip).filter(line -> !line.isEmpty())
                .reduce((a, b) -> a + "\n" + b).orElse("");
        ObjectNode article = article(title.strip(), text);
        Element canonical = document.selectFirst("link[rel=canonical][href]");
        if (canonical != null && UrlCanonicalizer.isHttpUrl(canonical.attr("href"))) {
            article.put("url", canonical.attr("href"));
        }
        String lang = document.selectFirst("html") == null ? "" : document.selectFirst("html").attr("lang");
        if (lang.length() >= 2 && (lang.length() == 2 || lang.charAt(2) == '-')) {
            article.put("lang", lang.substring(0, 2).toLowerCase(Locale.ROOT));
        }
        return article;
    }

    private List<JsonNode> fromJson(String json) throws JsonProcessingException {
        JsonNode root = objectMapper.readTree(json);
        List<JsonNode> articles = new ArrayList<>();
        if (root != null && root.isArray()) {
            root.forEach(item -> articles.add(withImportSource(item)));
        } else {
            articles.add(withImportSource(root));
        }
        return articles;
    }

    private List<JsonNode> fromJsonLines(String jsonLines) throws JsonProcessingException {
        List<JsonNode> articles = new ArrayList<>();
        for (String line : jsonLines.split("\\R")) {
            if (!line.isBlank()) {
                articles.add(withImportSource(objectMapper.readTree(line)));
            }
        }
        return articles;
    }

    private static JsonNode withImportSource(JsonNode item) {
        if (item instanceof ObjectNode object && !object.has("source")) {
            object.put("source", IMPORT_SOURCE);
        }
        return item;
    }

    private ObjectNode article(String title, String text) {
        ObjectNode article = objectMapper.createObjectNode();
        article.put("title", title);
        article.put("text", text);
        article.put("source", IMPORT_SOURCE);
        return article;
    }
}
