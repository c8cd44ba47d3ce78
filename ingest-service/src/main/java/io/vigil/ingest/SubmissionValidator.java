package io.vigil.ingest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks a submitted article JSON field by field, so that a client learns about every invalid field
 * at once and wrong JSON types are reported instead of being silently coerced.
 */
public final class SubmissionValidator {

    private static final Set<String> ISO_639_1 = Set.of(Locale.getISOLanguages());
    private static final int MAX_SOURCE_LENGTH = 200;

    private final int maxTextLength;
    private final int maxUrlLength;

    public SubmissionValidator(int maxTextLength, int maxUrlLength) {
        this.maxTextLength = maxTextLength;
        this.maxUrlLength = maxUrlLength;
    }

    /**
     * @throws InvalidSubmissionException listing every invalid field
     * @throws SubmissionTooLargeException when the text is longer than the configured maximum
     */
    public ArticleSubmission validate(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidSubmissionException(List.of(new FieldError("", "the body must be a JSON object")));
        }
        List<FieldError> errors = new ArrayList<>();
        String title = requiredString(body, "title", errors);
        String text = requiredString(body, "text", errors);
        if (text != null && text.isBlank()) {
            errors.add(new FieldError("text", "must not be blank"));
        }
        String url = optionalString(body, "url", errors);
        if (url != null) {
            if (url.length() > maxUrlLength) {
                errors.add(new FieldError("url", "must be at most " + maxUrlLength + " characters"));
            } else if (!UrlCanonicalizer.isHttpUrl(url)) {
                errors.add(new FieldError("url", "must be an absolute http or https URL"));
            }
        }
        String lang = optionalString(body, "lang", errors);
        if (lang != null && (lang.length() != 2 || !ISO_639_1.contains(lang.toLowerCase(Locale.ROOT)))) {
            errors.add(new FieldError("lang", "must be an ISO 639-1 language code"));
        }
        String publishedAtText = optionalString(body, "publishedAt", errors);
        Instant publishedAt = null;
        if (publishedAtText != null) {
            try {
                publishedAt = OffsetDateTime.parse(publishedAtText, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("publishedAt", "must be an RFC 3339 date-time with an offset"));
            }
        }
        String source = optionalString(body, "source", errors);
        if (source != null && source.length() > MAX_SOURCE_LENGTH) {
            errors.add(new FieldError("source", "must be at most " + MAX_SOURCE_LENGTH + " characters"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidSubmissionException(errors);
        }
        if (text.length() > maxTextLength) {
            throw new SubmissionTooLargeException(
                    "text has " + text.length() + " characters; at most " + maxTextLength + " are accepted");
        }
        return new ArticleSubmission(url == null ? null : url.strip(), title, text,
                lang == null ? null : lang.toLowerCase(Locale.ROOT), publishedAt, source);
    }

    private static String requiredString(JsonNode body, String field, List<FieldError> errors) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        return value.textValue();
    }

    private static String optionalString(JsonNode body, String field, List<FieldError> errors) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        return value.textValue();
    }
}
