package io.vigil.ingest;

import java.util.List;

/** A submission with one or more invalid fields; nothing of it is stored. */
public class InvalidSubmissionException extends RuntimeException {

    private final transient List<FieldError> errors;

    public InvalidSubmissionException(List<FieldError> errors) {
        super(errors.size() + " invalid field(s): "
                + String.join(", ", errors.stream().map(FieldError::field).toList()));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
