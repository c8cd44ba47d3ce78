package io.vigil.ingest.rest;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.panache.common.Sort;
import io.vigil.ingest.FieldError;
import io.vigil.ingest.PollSources;
import io.vigil.ingest.Source;
import io.vigil.ingest.SourceHealthGauges;
import io.vigil.ingest.SourceKind;
import io.vigil.ingest.UrlCanonicalizer;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/api/sources")
@Tag(name = "sources", description = "Feeds and news sitemaps polled for articles, with their health")
@Produces(MediaType.APPLICATION_JSON)
public class SourceResource {

    private static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(15);
    private static final Duration MIN_INTERVAL = Duration.ofMinutes(1);
    private static final Duration MAX_INTERVAL = Duration.ofDays(1);
    private static final int MAX_NAME_LENGTH = 100;

    private final Problems problems;
    private final PollSources pollSources;
    private final SourceHealthGauges gauges;

    public SourceResource(Problems problems, PollSources pollSources, SourceHealthGauges gauges) {
        this.problems = problems;
        this.pollSources = pollSources;
        this.gauges = gauges;
    }

    /** A source and its health; see the runbook for what each field means. */
    public record SourceView(UUID id, String name, String url, String kind, String detectedKind,
            String pollInterval, boolean paused, Instant nextFetchAt, Instant lastFetchedAt, String lastStatus,
            Instant lastSuccessAt, Instant lastErrorAt, String lastErrorReason, String lastError,
            int consecutiveFailures, String backoff, long itemsLast24h, long articlesFound) {

        static SourceView of(Source source, long itemsLast24h) {
            return new SourceView(source.id, source.name, source.url, source.kind.value(),
                    source.detectedKind == null ? null : source.detectedKind.value(),
                    Duration.ofSeconds(source.pollIntervalSecs).toString(), source.paused, source.nextFetchAt,
                    source.lastFetchedAt, source.lastStatus, source.lastSuccessAt, source.lastErrorAt,
                    source.lastErrorReason, source.lastError, source.consecutiveFailures,
                    source.backoffSecs == 0 ? null : Duration.ofSeconds(source.backoffSecs).toString(), itemsLast24h,
                    source.articlesFound);
        }

        static SourceView of(Source source) {
            return of(source, source.articlesLastDay());
        }
    }

    /** The fields a client sets; everything else a source has is the poller's. */
    private record SourceFields(String name, String url, SourceKind kind, Duration pollInterval, boolean paused) {

        static SourceFields from(JsonNode body) {
            List<FieldError> errors = new ArrayList<>();
            if (body == null || !body.isObject()) {
                throw new InvalidQueryException(new FieldError("", "the body must be a JSON object"));
            }
            String name = text(body, "name");
            String url = text(body, "url");
            if (name == null || name.isBlank() || name.strip().length() > MAX_NAME_LENGTH) {
                errors.add(new FieldError("name", "is required, at most " + MAX_NAME_LENGTH + " characters"));
            }
            if (url == null || !UrlCanonicalizer.isHttpUrl(url.strip())) {
                errors.add(new FieldError("url", "must be an absolute http or https URL"));
            }
            SourceKind kind = SourceKind.AUTO;
            if (body.hasNonNull("kind")) {
                kind = SourceKind.fromValue(text(body, "kind")).orElse(null);
                if (kind == null) {
                    errors.add(new FieldError("kind", "must be one of " + Arrays.stream(SourceKind.values())
                            .map(SourceKind::value).toList()));
                }
            }
            Duration interval = DEFAULT_INTERVAL;
            if (body.hasNonNull("pollInterval")) {
                interval = duration(text(body, "pollInterval"));
                if (interval == null || interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
                    errors.add(new FieldError("pollInterval", "must be an ISO-8601 duration from " + MIN_INTERVAL
                            + " to " + MAX_INTERVAL + " (e.g. PT15M)"));
                }
            }
            if (body.has("pollIntervalSeconds")) {
                errors.add(new FieldError("pollIntervalSeconds",
                        "is replaced by pollInterval, an ISO-8601 duration such as PT15M"));
            }
            JsonNode paused = body.get("paused");
            if (paused != null && !paused.isNull() && !paused.isBoolean()) {
                errors.add(new FieldError("paused", "must be true or false"));
            }
            if (!errors.isEmpty()) {
                throw new InvalidQueryException(errors);
            }
            return new SourceFields(name.strip(), url.strip(), kind, interval, paused != null && paused.asBoolean());
        }

        private static Duration duration(String text) {
            try {
                return text == null ? null : Duration.parse(text);
            } catch (DateTimeParseException e) {
                return null;
            }
        }

        private static String text(JsonNode body, String field) {
            JsonNode value = body.get(field);
            return value != null && value.isTextual() ? value.textValue() : null;
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @SecurityRequirement(name = "adminKey")
    @Operation(summary = "Register a source",
            description = "Body {name, url, kind?, pollInterval?, paused?}: kind is auto (found from the document), "
                    + "rss, atom, rdf or sitemap (news sitemap or sitemap index); pollInterval an ISO-8601 duration "
                    + "from PT1M to P1D, default PT15M. The first poll is due at once unless paused.")
    @APIResponse(responseCode = "201", description = "Registered")
    @APIResponse(responseCode = "400", description = "Invalid fields (problem+json)")
    @APIResponse(responseCode = "409", description = "A source with this name exists (problem+json)")
    public Response register(JsonNode body) {
        SourceFields fields = SourceFields.from(body);
        if (Source.count("name", fields.name()) > 0) {
            return nameTaken(fields.name(), "/api/sources");
        }
        Source source = new Source();
        source.id = UUID.randomUUID();
        source.name = fields.name();
        source.url = fields.url();
        source.kind = fields.kind();
        source.pollIntervalSecs = Math.toIntExact(fields.pollInterval().toSeconds());
        source.paused = fields.paused();
        source.nextFetchAt = Instant.now();
        source.persist();
        return Response.created(URI.create("/api/sources/" + source.id)).entity(SourceView.of(source, 0)).build();
    }

    @GET
    @Operation(summary = "List sources with their health")
    public List<SourceView> list() {
        Map<UUID, Long> itemsLastDay = Source.articlesLastDayBySource();
        return Source.<Source>listAll(Sort.by("name")).stream()
                .map(source -> SourceView.of(source, itemsLastDay.getOrDefault(source.id, 0L))).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read one source and its health")
    @APIResponse(responseCode = "404", description = "No such source (problem+json)")
    public SourceView get(@PathParam("id") UUID id) {
        return SourceView.of(find(id));
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @SecurityRequirement(name = "adminKey")
    @Operation(summary = "Change a source",
            description = "Body {name, url, kind?, pollInterval?} as for registering (paused is changed with "
                    + "/pause and /resume). A new url or kind is polled at once, with the remembered ETag dropped; "
                    + "a shorter interval brings the next poll forward.")
    @APIResponse(responseCode = "200", description = "Changed")
    @APIResponse(responseCode = "400", description = "Invalid fields (problem+json)")
    @APIResponse(responseCode = "404", description = "No such source (problem+json)")
    @APIResponse(responseCode = "409", description = "Another source has this name (problem+json)")
    public Response update(@PathParam("id") UUID id, JsonNode body) {
        SourceFields fields = SourceFields.from(body);
        Source source = find(id);
        if (Source.count("name = ?1 and id <> ?2", fields.name(), id) > 0) {
            return nameTaken(fields.name(), "/api/sources/" + id);
        }
        Instant now = Instant.now();
        if (!source.url.equals(fields.url()) || source.kind != fields.kind()) {
            source.etag = null;
            source.lastModified = null;
            source.detectedKind = null;
            source.consecutiveFailures = 0;
            source.backoffSecs = 0;
            source.nextFetchAt = now;
        } else if (source.backoffSecs == 0) {
            Instant sooner = (source.lastFetchedAt == null ? now : source.lastFetchedAt).plus(fields.pollInterval());
            if (sooner.isBefore(source.nextFetchAt)) {
                source.nextFetchAt = sooner;
            }
        }
        source.name = fields.name();
        source.url = fields.url();
        source.kind = fields.kind();
        source.pollIntervalSecs = Math.toIntExact(fields.pollInterval().toSeconds());
        return Response.ok(SourceView.of(source)).build();
    }

    @DELETE
    @Path("/{id}")
    @Transactional
    @SecurityRequirement(name = "adminKey")
    @Operation(summary = "Stop polling a source and forget it; its metrics are removed")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "No such source (problem+json)")
    public void delete(@PathParam("id") UUID id) {
        if (!Source.deleteById(id)) {
            throw new NotFoundException("No source " + id);
        }
        gauges.remove(id);
    }

    @POST
    @Path("/{id}/pause")
    @Transactional
    @SecurityRequirement(name = "adminKey")
    @Operation(summary = "Stop polling a source until it is resumed; its health and articles stay")
    @APIResponse(responseCode = "200", description = "Paused")
    @APIResponse(responseCode = "404", description = "No such source (problem+json)")
    public SourceView pause(@PathParam("id") UUID id) {
        Source source = find(id);
        source.paused = true;
        return SourceView.of(source);
    }

    @POST
    @Path("/{id}/resume")
    @Transactional
    @SecurityRequirement(name = "adminKey")
    @Operation(summary = "Poll a paused source again, starting now")
    @APIResponse(responseCode = "200", description = "Resumed")
    @APIResponse(responseCode = "404", description = "No such source (problem+json)")
    public SourceView resume(@PathParam("id") UUID id) {
        Source source = find(id);
        if (source.paused) {
            source.paused = false;
            source.nextFetchAt = Instant.now();
        }
        return SourceView.of(source);
    }

    @POST
    @Path("/{id}/poll")
    @SecurityRequirement(name = "adminKey")
    @Operation(summary = "Poll a source now (paused or not) and answer with its health afterwards",
            description = "Waits for the host's politeness delay and the fetch; a failed fetch is still a 200 "
                    + "whose lastStatus is failed and lastError says why.")
    @APIResponse(responseCode = "200", description = "Polled")
    @APIResponse(responseCode = "404", description = "No such source (problem+json)")
    @APIResponse(responseCode = "409", description = "The source is being polled right now (problem+json)")
    public Response pollNow(@PathParam("id") UUID id) {
        return switch (pollSources.pollNow(id)) {
            case POLLED -> Response.ok(SourceView.of(find(id))).build();
            case BUSY -> problems.response(409, "source-busy", "Source busy",
                    "The source is being polled right now; read it again shortly", "/api/sources/" + id + "/poll",
                    Map.of());
            case MISSING -> throw new NotFoundException("No source " + id);
        };
    }

    private static Source find(UUID id) {
        return Source.<Source>findByIdOptional(id).orElseThrow(() -> new NotFoundException("No source " + id));
    }

    private Response nameTaken(String name, String instance) {
        return problems.response(409, "source-exists", "Source exists",
                "A source named " + name + " is already registered", instance, Map.of());
    }
}
