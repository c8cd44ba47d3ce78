package io.vigil.ingest.rest;

import static io.vigil.ingest.rest.ItemsIngest.count;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.ingest.FieldError;
import io.vigil.ingest.InvalidSubmissionException;
import io.vigil.ingest.config.IngestConfig;
import io.vigil.ingest.rest.ItemsIngest.ItemResult;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/articles:batch")
@Tag(name = "articles")
@Produces(MediaType.APPLICATION_JSON)
public class BatchResource {

    private static final String PATH = "/api/articles:batch";

    private final ItemsIngest itemsIngest;
    private final int maxItems;

    public BatchResource(ItemsIngest itemsIngest, IngestConfig config) {
        this.itemsIngest = itemsIngest;
        this.maxItems = config.ingest().maxBatchItems();
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
    public BatchAnswer submit(JsonNode body, @HeaderParam("X-Request-Id") String requestId) {
        JsonNode items = body == null ? null : body.get("items");
        if (items == null || !items.isArray()) {
            throw new InvalidSubmissionException(List.of(new FieldError("items", "must be an array of articles")));
        }
        if (items.size() > maxItems) {
            throw new InvalidSubmissionException(List.of(new FieldError("items",
                    "has " + items.size() + " articles; at most " + maxItems + " per batch")));
        }
        List<JsonNode> articles = new ArrayList<>(items.size());
        List<String> instances = new ArrayList<>(items.size());
        for (int index = 0; index < items.size(); index++) {
            articles.add(items.get(index));
            instances.add(PATH + "#/items/" + index);
        }
        List<ItemResult> results = itemsIngest.ingest(articles, instances, requestId);
        return new BatchAnswer(count(results, "accepted"), count(results, "duplicate"), count(results, "invalid"),
                results);
    }

}
