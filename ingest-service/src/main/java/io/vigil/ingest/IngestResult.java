package io.vigil.ingest;

import java.util.UUID;

/** What became of one submission: a new article, or the id of the one it duplicates. */
public record IngestResult(UUID id, Status status) {

    public enum Status {
        ACCEPTED, DUPLICATE
    }

    public boolean accepted() {
        return status == Status.ACCEPTED;
    }
}
