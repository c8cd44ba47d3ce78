package io.vigil.ingest.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.ingest.ArticleSubmission;
import io.vigil.ingest.FieldError;
import io.vigil.ingest.IngestArticles;
import io.vigil.ingest.IngestResult;
import io.vigil.ingest.InvalidSubmissionException;
import io.vigil.ingest.SubmissionTooLargeException;
import io.vigil.ingest.SubmissionValidator;
import io.vigil.ingest.config.IngestConfig;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/articles:batch")
@Tag(name = "articles")
@Produces(MediaType.APPLICATION_JSON)
public class BatchResource {

    private static final Logger LOG = Logger.getLogger(BatchResource.class);
    private static final String PATH = "/api/articles:batch";

    private final IngestArticles ingestArticles;
    private final SubmissionValidator validator;
    private final int maxItems;

    public BatchResource(IngestArticles ingestArticles, IngestConfig config) {
        this.ingestArticles = ingestArticles;
        this.validator = new SubmissionValidator(config.ingest().maxTextLength(), config.ingest().maxUrlLength());
        this.maxItems = config.ingest().maxBatchItems();
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ItemResult(int index, String status, UUID id, Map<String, Object> problem) {
    }

    public record BatchAnswer(int accepted, int duplicate, int invalid, List<ItemResult> items) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "adminKey")
    @Operation(summary = "Submit up to 1,000 articles at once",
            description = "Body {items:[article, ...]}; each item is accepted, a duplicate, or invalid with its "
                    + "problem. Valid items are stored even when others are invalid.")
    @APIResponse(responseCode = "200", description = "One result per item, in order")
    @APIResponse(responseCode = "400", description = "Malformed JSON, no items array, or too many items")
    @APIResponse(responseCode = "401", description = "Missing or wrong admin key")
    public BatchAnswer submit(JsonNode body) {
        JsonNode items = body == null ? null : body.get("items");
        if (items == null || !items.isArray()) {
            throw new InvalidSubmissionException(List.of(new FieldError("items", "must be an array of articles")));
        }
        if (items.size() > maxItems) {
            throw new InvalidSubmissionException(List.of(new FieldError("items",
                    "has " + items.size() + " articles; at most " + maxItems + " per batch")));
        }
        Map<Integer, ItemResult> results = new LinkedHashMap<>();
        List<Integer> validIndexes = new ArrayList<>();
        List<ArticleSubmission> valid = new ArrayList<>();
        for (int index = 0; index < items.size(); index++) {
            try {
                valid.add(validator.validate(items.get(index)));
                validIndexes.add(index);
            } catch (InvalidSubmissionException e) {
                results.put(index, invalid(index, Problems.body(400, "invalid-article", "Invalid article",
                        e.getMessage(), instance(index), Map.of("errors", e.errors()))));
            } catch (SubmissionTooLargeException e) {
                results.put(index, invalid(index, Problems.body(413, "payload-too-large", "Payload too large",
                        e.getMessage(), instance(index), Map.of())));
            }
        }
        results.values().forEach(result -> ingestArticles.countRejected());
        long started = System.nanoTime();
        List<IngestResult> stored = valid.isEmpty() ? List.of() : ingestArticles.ingestAll(valid);
        LOG.infof("Batch of %d items (%d invalid) stored in %d ms", items.size(), results.size(),
                (System.nanoTime() - started) / 1_000_000);
        for (int i = 0; i < stored.size(); i++) {
            IngestResult result = stored.get(i);
            int index = validIndexes.get(i);
            results.put(index, new ItemResult(index, result.status().name().toLowerCase(Locale.ROOT), result.id(), null));
        }
        List<ItemResult> ordered = results.values().stream()
                .sorted(java.util.Comparator.comparingInt(ItemResult::index)).toList();
        return new BatchAnswer(count(ordered, "accepted"), count(ordered, "duplicate"), count(ordered, "invalid"),
                ordered);
    }

    private static ItemResult invalid(int index, Map<String, Object> problem) {
        return new ItemResult(index, "invalid", null, problem);
    }

    private static String instance(int index) {
        return PATH + "#/items/" + index;
    }

    private static int count(List<ItemResult> results, String status) {
        return (int) results.stream().filter(result -> result.status().equals(status)).count();
    }
}
