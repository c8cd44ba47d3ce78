package io.vigil.alert.rest;

import java.util.Map;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.vigil.alert.InvalidSubscriptionException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Maps every failure of the HTTP API to problem+json. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final Problems problems;

    public ProblemMappers(Problems problems) {
        this.problems = problems;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return problems.respond(e.status(), e.type(), e.title(), e.getMessage(), path(uri), e.extensions());
    }

    @ServerExceptionMapper
    public Response invalidSubscription(InvalidSubscriptionException e, UriInfo uri) {
        return problems.respond(400, "invalid-subscription", "Invalid subscription", e.getMessage(), path(uri),
                e.details());
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonParseException e, UriInfo uri) {
        return problems.respond(400, "malformed-json", "Malformed JSON", e.getOriginalMessage(), path(uri), Map.of());
    }

    @ServerExceptionMapper
    public Response wrongJsonType(MismatchedInputException e, UriInfo uri) {
        return problems.respond(400, "invalid-json-value", "Invalid JSON value",
                "Field " + fieldPath(e) + ": " + e.getOriginalMessage(), path(uri), Map.of("field", fieldPath(e)));
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        return problems.respond(400, "malformed-json", "Malformed JSON", e.getOriginalMessage(), path(uri), Map.of());
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        Response.Status.Family family = Response.Status.Family.familyOf(status);
        if (family != Response.Status.Family.CLIENT_ERROR && family != Response.Status.Family.SERVER_ERROR) {
            return e.getResponse();
        }
        String reason = e.getResponse().getStatusInfo().getReasonPhrase();
        String type = reason == null ? "http-" + status : reason.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return unreadableJson(json, uri);
        }
        return problems.respond(status, type, reason, e.getMessage(), path(uri), Map.of());
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        LOG.error("Unexpected failure", e);
        return problems.respond(500, "internal-error", "Internal error", "The request could not be completed",
                path(uri), Map.of());
    }

    private static String fieldPath(MismatchedInputException e) {
        StringBuilder path = new StringBuilder();
        for (var reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "(body)" : path.toString();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getRequestUri().getRawPath();
    }
}
