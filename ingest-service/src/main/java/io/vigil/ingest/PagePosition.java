package io.vigil.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/** A place in the newest-first article listing, exchanged with clients as an opaque cursor. */
public record PagePosition(Instant ingestedAt, UUID id) {

    public static PagePosition of(Article article) {
        return new PagePosition(article.ingestedAt, article.id);
    }

    public String toCursor() {
        String plain = ingestedAt + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    public static Optional<PagePosition> fromCursor(String cursor) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int separator = plain.indexOf('|');
            if (separator < 0) {
                return Optional.empty();
            }
            return Optional.of(new PagePosition(Instant.parse(plain.substring(0, separator)),
                    UUID.fromString(plain.substring(separator + 1))));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
