package io.vigil.ingest;

import java.util.Locale;
import java.util.Optional;

/** What a source serves. {@code AUTO} sources are read as whatever their document turns out to be. */
public enum SourceKind {
    AUTO, RSS, ATOM, RDF, SITEMAP;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SourceKind> fromValue(String value) {
        for (SourceKind kind : values()) {
            if (kind.value().equals(value)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
