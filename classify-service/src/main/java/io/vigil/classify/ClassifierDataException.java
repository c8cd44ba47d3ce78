package io.vigil.classify;

/** A classifier data file that cannot be used, with the file and the 1-based line of the first problem. */
public class ClassifierDataException extends RuntimeException {

    private final String file;
    private final int line;

    public ClassifierDataException(String file, int line, String message) {
        super(file + (line > 0 ? ":" + line : "") + ": " + message);
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    /** The 1-based line, or 0 when the problem concerns the whole file. */
    public int line() {
        return line;
    }
}
