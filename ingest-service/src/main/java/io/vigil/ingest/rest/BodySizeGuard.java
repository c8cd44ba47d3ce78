package io.vigil.ingest.rest;

import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses a body declared larger than {@code quarkus.http.limits.max-body-size} before it is read, with a
 * problem document; the HTTP layer's own refusal would be an empty 413.
 */
@ApplicationScoped
public class BodySizeGuard {

    private final long maxBodyBytes;
    private final Problems problems;
    private final ObjectMapper objectMapper;

    public BodySizeGuard(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
            Problems problems, ObjectMapper objectMapper) {
        this.maxBodyBytes = maxBodySize.asLongValue();
        this.problems = problems;
        this.objectMapper = objectMapper;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String declaredLength = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (declaredLength != null && exceedsLimit(declaredLength)) {
                Map<String, Object> problem = problems.report(413, "payload-too-large", "Payload too large",
                        "The body has " + declaredLength + " bytes; at most " + maxBodyBytes + " are accepted",
                        context.request().path(), Map.of());
                // The unread body leaves an HTTP/1.x connection unusable; HTTP/2 forbids this header.
                if (context.request().version() != HttpVersion.HTTP_2) {
                    context.response().putHeader(HttpHeaders.CONNECTION, "close");
                }
                context.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE)
                        .end(toJson(problem));
                return;
            }
            context.next();
        });
    }

    private boolean exceedsLimit(String declaredLength) {
        try {
            return Long.parseLong(declaredLength.strip()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private String toJson(Map<String, Object> problem) {
        try {
            return objectMapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A problem document is always serialisable", e);
        }
    }
}
