package io.vigil.ingest.rest;

import java.util.Map;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.vigil.ingest.ArchiveImport;
import io.vigil.ingest.InvalidSubmissionException;
import io.vigil.ingest.SubmissionTooLargeException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Turns every failure escaping a resource into an application/problem+json answer. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final Problems problems;

    public ProblemMappers(Problems problems) {
        this.problems = problems;
    }

    @ServerExceptionMapper
    public Response invalidSubmission(InvalidSubmissionException e, UriInfo uriInfo) {
        return problems.response(400, "invalid-article", "Invalid article", e.getMessage(), uriInfo,
                Map.of("errors", e.errors()));
    }

    @ServerExceptionMapper
    public Response invalidQuery(InvalidQueryException e, UriInfo uriInfo) {
        return problems.response(400, "invalid-request", "Invalid request", e.getMessage(), uriInfo,
                Map.of("errors", e.errors()));
    }

    @ServerExceptionMapper
    public Response unreadableArchive(ArchiveImport.UnreadableArchiveException e, UriInfo uriInfo) {
        return problems.response(400, "unreadable-archive", "Unreadable archive", e.getMessage(), uriInfo);
    }

    @ServerExceptionMapper
    public Response tooLarge(SubmissionTooLargeException e, UriInfo uriInfo) {
        return problems.response(413, "payload-too-large", "Payload too large", e.getMessage(), uriInfo);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, UriInfo uriInfo) {
        return problems.response(400, "malformed-json", "Malformed JSON", e.getOriginalMessage(), uriInfo);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uriInfo) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json, uriInfo);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "HTTP " + status : known.getReasonPhrase();
        String type = title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        return problems.response(status, type, title, e.getMessage(), uriInfo);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uriInfo) {
        LOG.error("Unexpected failure", e);
        return problems.response(500, "internal-error", "Internal server error",
                "The request could not be completed; it has been logged.", uriInfo);
    }
}
