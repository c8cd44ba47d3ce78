package io.vigil.ingest;

/** One invalid field of a submission, named by its JSON property. */
public record FieldError(String field, String message) {
}
