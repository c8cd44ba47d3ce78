package io.vigil.ingest;

/** A submission whose text is longer than the service stores. */
public class SubmissionTooLargeException extends RuntimeException {

    public SubmissionTooLargeException(String message) {
        super(message);
    }
}
