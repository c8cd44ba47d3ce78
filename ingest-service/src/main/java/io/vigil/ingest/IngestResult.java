package io.vigil.ingest;

import java.util.UUID;

/**
 * What became of one submission: a new article or a new version of one (accepted, with the version
 * published), or the id of the article it duplicates.
 */
public record IngestResult(UUID id, Status status, Integer version) {

    public enum Status {
        ACCEPTED, DUPLICATE
    }

    static IngestResult accepted(Article article) {
        return new IngestResult(article.id, Status.ACCEPTED, article.version);
    }

    static IngestResult duplicateOf(UUID id) {
        return new IngestResult(id, Status.DUPLICATE, null);
    }

    public boolean accepted() {
        return status == Status.ACCEPTED;
    }
}
