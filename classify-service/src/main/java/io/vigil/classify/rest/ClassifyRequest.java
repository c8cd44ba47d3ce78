package io.vigil.classify.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** An article to classify; {@code lang} is a hint used when the text is too short to tell. */
public record ClassifyRequest(
        @Schema(description = "Title, may be empty") String title,
        @Schema(description = "Plain-text body", required = true) @NotNull @Size(max = ClassifyRequest.MAX_TEXT) String text,
        @Schema(description = "ISO 639-1 language hint") @Size(max = 16) String lang) {

    static final int MAX_TEXT = 500_000;
}
