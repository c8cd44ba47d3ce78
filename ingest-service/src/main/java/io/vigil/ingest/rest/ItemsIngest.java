package io.vigil.ingest.rest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.ingest.ArticleSubmission;
import io.vigil.ingest.IngestArticles;
import io.vigil.ingest.IngestResult;
import io.vigil.ingest.InvalidSubmissionException;
import io.vigil.ingest.SubmissionTooLargeException;
import io.vigil.ingest.SubmissionValidator;
import io.vigil.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Validates many article JSON objects one by one and stores the valid ones in a single transaction;
 * shared by the batch and the archive import endpoints.
 */
@ApplicationScoped
public class ItemsIngest {

    private static final Logger LOG = Logger.getLogger(ItemsIngest.class);
    private static final int MAX_REQUEST_ID_LENGTH = 200;

    private final IngestArticles ingestArticles;
    private final SubmissionValidator validator;

    public ItemsIngest(IngestArticles ingestArticles, IngestConfig config) {
        this.ingestArticles = ingestArticles;
        this.validator = new SubmissionValidator(config.ingest().maxTextLength(), config.ingest().maxUrlLength());
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ItemResult(int index, String status, UUID id, Integer version, Map<String, Object> problem) {
    }

    /**
     * @param instances the problem {@code instance} of each item, parallel to {@code items}
     * @param requestId the client's {@code X-Request-Id}, or null to make one up: it names the request in the
     *        log line of the whole request and in the per-article debug lines
     * @return one result per item, in order
     */
    public List<ItemResult> ingest(List<JsonNode> items, List<String> instances, String requestId) {
        String request = requestId == null || requestId.isBlank() ? UUID.randomUUID().toString()
                : requestId.substring(0, Math.min(requestId.length(), MAX_REQUEST_ID_LENGTH));
        MDC.put("requestId", request);
        try {
            return validateAndStore(items, instances, request);
        } finally {
            MDC.remove("requestId");
        }
    }

    private List<ItemResult> validateAndStore(List<JsonNode> items, List<String> instances, String requestId) {
        ItemResult[] results = new ItemResult[items.size()];
        List<Integer> validIndexes = new ArrayList<>();
        List<ArticleSubmission> valid = new ArrayList<>();
        for (int index = 0; index < items.size(); index++) {
            try {
                valid.add(validator.validate(items.get(index)));
                validIndexes.add(index);
            } catch (InvalidSubmissionException e) {
                results[index] = invalid(index, Problems.body(400, "invalid-article", "Invalid article",
                        e.getMessage(), instances.get(index), Map.of("errors", e.errors())));
            } catch (SubmissionTooLargeException e) {
                results[index] = invalid(index, Problems.body(413, "payload-too-large", "Payload too large",
                        e.getMessage(), instances.get(index), Map.of()));
            }
            if (results[index] != null) {
                ingestArticles.countRejected();
            }
        }
        long started = System.nanoTime();
        List<IngestResult> stored = valid.isEmpty() ? List.of() : ingestArticles.ingestAll(valid);
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        int accepted = 0;
        for (int i = 0; i < stored.size(); i++) {
            int index = validIndexes.get(i);
            IngestResult result = stored.get(i);
            if (result.accepted()) {
                accepted++;
            }
            results[index] = new ItemResult(index, result.status().name().toLowerCase(Locale.ROOT), result.id(),
                    result.version(), null);
        }
        LOG.infof("Request %s: %d items, %d accepted, %d duplicate, %d invalid; stored in %d ms", requestId,
                items.size(), accepted, stored.size() - accepted, items.size() - valid.size(), elapsedMillis);
        return Arrays.asList(results);
    }

    private static ItemResult invalid(int index, Map<String, Object> problem) {
        return new ItemResult(index, "invalid", null, null, problem);
    }

    public static int count(List<ItemResult> results, String status) {
        return (int) results.stream().filter(result -> result.status().equals(status)).count();
    }
}
