package io.vigil.classify.rest;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.vigil.classify.ClassifierDataException;
import jakarta.validation.ConstraintViolationException;
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
    public Response invalidClassifierData(ClassifierDataException e, UriInfo uriInfo) {
        return problems.response(422, "invalid-classifier-data", "Invalid classifier data",
                e.getMessage() + " (the previous data stay in use)", path(uriInfo),
                Map.of("file", e.file(), "line", e.line()));
    }

    @ServerExceptionMapper
    public Response invalidRequest(ConstraintViolationException e, UriInfo uriInfo) {
        Map<String, String> errors = e.getConstraintViolations().stream().collect(Collectors.toMap(
                v -> lastNode(v.getPropertyPath().toString()), v -> v.getMessage(), (a, b) -> a + "; " + b));
        return problems.response(400, "invalid-request", "Invalid request", "The request body is not valid: " + errors,
                path(uriInfo), Map.of("errors", errors));
    }

    /** More specific than the framework's own mapper for values of the wrong type, which answers plain JSON. */
    @ServerExceptionMapper
    public Response wrongType(MismatchedInputException e, UriInfo uriInfo) {
        return malformedJson(e, uriInfo);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, UriInfo uriInfo) {
        return problems.response(400, "malformed-json", "Malformed JSON", e.getOriginalMessage(), path(uriInfo));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uriInfo) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json, uriInfo);
        }
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "HTTP " + status : known.getReasonPhrase();
        String type = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        return problems.response(status, type, title, e.getMessage(), path(uriInfo));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uriInfo) {
        LOG.error("Unexpected failure", e);
        return problems.response(500, "internal-error", "Internal server error",
                "The request could not be completed; it has been logged.", path(uriInfo));
    }

    private static String path(UriInfo uriInfo) {
        return uriInfo == null ? null : uriInfo.getRequestUri().getRawPath();
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.lastIndexOf('.');
        return dot >= 0 ? propertyPath.substring(dot + 1) : propertyPath;
    }
}
