package io.vigil.ingest.rest;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.ingest.FieldError;
import io.vigil.ingest.Source;
import io.vigil.ingest.UrlCanonicalizer;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/api/sources")
@Tag(name = "sources", description = "Feeds polled for articles, with their health")
@Produces(MediaType.APPLICATION_JSON)
public class SourceResource {

    private static final int DEFAULT_INTERVAL_SECS = 900;
    private static final int MIN_INTERVAL_SECS = 60;
    private static final int MAX_INTERVAL_SECS = 86_400;

    private final Problems problems;

    public SourceResource(Problems problems) {
        this.problems = problems;
    }

    public record SourceView(UUID id, String name, String url, int pollIntervalSeconds, Instant nextFetchAt,
            Instant lastFetchedAt, String lastStatus, String lastError, int consecutiveFailures, long articlesFound) {

        static SourceView of(Source source) {
            return new SourceView(source.id, source.name, source.url, source.pollIntervalSecs, source.nextFetchAt,
                    source.lastFetchedAt, source.lastStatus, source.lastError, source.consecutiveFailures,
                    source.articlesFound);
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @SecurityRequirement(name = "adminKey")
    @Operation(summary = "Register a feed",
            description = "Body {name, url, pollIntervalSeconds?}: an RSS, Atom or RDF feed polled every interval "
                    + "(60 s to 1 day, default 900 s); the first fetch is due at once.")
    @APIResponse(responseCode = "201", description = "Registered")
    @APIResponse(responseCode = "400", description = "Invalid fields (problem+json)")
    @APIResponse(responseCode = "409", description = "A source with this name exists (problem+json)")
    public Response register(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        String name = text(body, "name");
        String url = text(body, "url");
        if (name == null || name.isBlank() || name.length() > 100) {
            errors.add(new FieldError("name", "is required, at most 100 characters"));
        }
        if (url == null || !UrlCanonicalizer.isHttpUrl(url)) {
            errors.add(new FieldError("url", "must be an absolute http or https URL"));
        }
        JsonNode interval = body == null ? null : body.get("pollIntervalSeconds");
        int intervalSecs = DEFAULT_INTERVAL_SECS;
        if (interval != null && !interval.isNull()) {
            if (!interval.canConvertToInt() || !interval.isIntegralNumber()
                    || interval.asInt() < MIN_INTERVAL_SECS || interval.asInt() > MAX_INTERVAL_SECS) {
                errors.add(new FieldError("pollIntervalSeconds",
                        "must be an integer from " + MIN_INTERVAL_SECS + " to " + MAX_INTERVAL_SECS));
            } else {
                intervalSecs = interval.asInt();
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidQueryException(errors);
        }
        if (Source.count("name", name.strip()) > 0) {
            return problems.response(409, "source-exists", "Source exists",
                    "A source named " + name.strip() + " is already registered", "/api/sources", Map.of());
        }
        Source source = new Source();
        source.id = UUID.randomUUID();
        source.name = name.strip();
        source.url = url.strip();
        source.pollIntervalSecs = intervalSecs;
        source.nextFetchAt = Instant.now();
        source.persist();
        return Response.created(URI.create("/api/sources/" + source.id)).entity(SourceView.of(source)).build();
    }

    @GET
    @Operation(summary = "List sources with their health")
    public List<SourceView> list() {
        return Source.<Source>listAll(io.quarkus.panache.common.Sort.by("name")).stream().map(SourceView::of).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read one source and its health")
    @APIResponse(responseCode = "404", description = "No such source (problem+json)")
    public SourceView get(@PathParam("id") UUID id) {
        return Source.<Source>findByIdOptional(id).map(SourceView::of)
                .orElseThrow(() -> new NotFoundException("No source " + id));
    }

    @DELETE
    @Path("/{id}")
    @Transactional
    @SecurityRequirement(name = "adminKey")
    @Operation(summary = "Stop polling a source")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "No such source (problem+json)")
    public void delete(@PathParam("id") UUID id) {
        if (!Source.deleteById(id)) {
            throw new NotFoundException("No source " + id);
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body == null ? null : body.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }
}
