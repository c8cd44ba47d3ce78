package io.vigil.classify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the classifier data files come from: the {@code classifier/} folder on the classpath (the files shipped with
 * the service), or a directory analysts edit, laid out the same way ({@code countries/az.tsv}, {@code topics/az.rules},
 * {@code suffixes/az.txt}, {@code frameworks.tsv}).
 */
public final class DataFiles {

    private static final String CLASSPATH_ROOT = "classifier/";

    private final Path directory;

    private DataFiles(Path directory) {
        this.directory = directory;
    }

    public static DataFiles classpath() {
        return new DataFiles(null);
    }

    public static DataFiles directory(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new ClassifierDataException(directory.toString(), 0, "not a directory");
        }
        return new DataFiles(directory);
    }

    /** The lines of a file given relative to the data root, or empty when the file does not exist. */
    public Optional<List<String>> lines(String relativePath) {
        try {
            if (directory != null) {
                Path file = directory.resolve(relativePath);
                return Files.isRegularFile(file) ? Optional.of(Files.readAllLines(file, StandardCharsets.UTF_8)) : Optional.empty();
            }
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            if (loader == null) {
                loader = DataFiles.class.getClassLoader();
            }
            InputStream in = loader.getResourceAsStream(CLASSPATH_ROOT + relativePath);
            if (in == null) {
                return Optional.empty();
            }
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                return Optional.of(reader.lines().toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classifier data file " + relativePath, e);
        }
    }

    /** Where the files are read from, for logs and API answers. */
    public String location() {
        return directory != null ? directory.toString() : "classpath:" + CLASSPATH_ROOT;
    }

    /** A line without its {@code #} comment and surrounding white space. */
    static String stripComment(String line) {
        int hash = line.indexOf('#');
        String content = hash >= 0 ? line.substring(0, hash) : line;
        return content.strip();
    }
}
