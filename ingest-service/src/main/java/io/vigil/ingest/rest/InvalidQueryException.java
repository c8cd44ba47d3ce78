package io.vigil.ingest.rest;

import java.util.List;

import io.vigil.ingest.FieldError;

/** A query parameter the listing cannot use. */
public class InvalidQueryException extends RuntimeException {

    private final transient List<FieldError> errors;

    public InvalidQueryException(FieldError error) {
        super(error.field() + " " + error.message());
        this.errors = List.of(error);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
