package io.vigil.ingest.rest;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Builds RFC 9457 problem responses; every error answer of the API goes through here so that each one
 * is also logged and counted.
 */
@ApplicationScoped
public class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://vigil.io/problems/";
    private static final Logger LOG = Logger.getLogger(Problems.class);

    private final MeterRegistry meterRegistry;

    public Problems(MeterRegistry meterRegistry) {
        this.meterRegistry = meterRegistry;
    }

    public Response response(int status, String type, String title, String detail, UriInfo uriInfo) {
        return response(status, type, title, detail, uriInfo, Map.of());
    }

    public Response response(int status, String type, String title, String detail, UriInfo uriInfo,
            Map<String, Object> extensions) {
        return response(status, type, title, detail, uriInfo == null ? null : uriInfo.getRequestUri().getRawPath(),
                extensions);
    }

    public Response response(int status, String type, String title, String detail, String instance,
            Map<String, Object> extensions) {
        return Response.status(status).type(MEDIA_TYPE)
                .entity(report(status, type, title, detail, instance, extensions)).build();
    }

    /** Logs and counts a problem and returns its document, for answers written outside JAX-RS. */
    public Map<String, Object> report(int status, String type, String title, String detail, String instance,
            Map<String, Object> extensions) {
        if (status >= 500) {
            LOG.errorf("%d %s on %s: %s", status, type, instance, detail);
        } else {
            LOG.infof("%d %s on %s: %s", status, type, instance, detail);
        }
        meterRegistry.counter("vigil.http.problems", "status", String.valueOf(status), "type", type).increment();
        return body(status, type, title, detail, instance, extensions);
    }

    /** The problem document alone, for results embedded in a larger answer (batch items). */
    public static Map<String, Object> body(int status, String type, String title, String detail, String instance,
            Map<String, Object> extensions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", URI.create(TYPE_BASE + type).toString());
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        if (instance != null) {
            body.put("instance", instance);
        }
        body.putAll(extensions);
        return body;
    }
}
