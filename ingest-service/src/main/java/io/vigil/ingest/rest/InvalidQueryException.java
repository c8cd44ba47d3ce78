package io.vigil.ingest.rest;

import java.util.List;

import io.vigil.ingest.FieldError;

/** Request parameters or fields (other than an article's) that cannot be used. */
public class InvalidQueryException extends RuntimeException {

    private final transient List<FieldError> errors;

    public InvalidQueryException(FieldError error) {
        this(List.of(error));
    }

    public InvalidQueryException(List<FieldError> errors) {
        super(String.join("; ", errors.stream().map(error -> error.field() + " " + error.message()).toList()));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
