package io.vigil.classify.rest;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

/**
 * Builds RFC 9457 problem documents; every error answer goes through here so that each one is also logged and
 * counted ({@code vigil_http_problems_total{status,type}}).
 */
@ApplicationScoped
public class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_BASE = "https://vigil.io/problems/";
    private static final Logger LOG = Logger.getLogger(Problems.class);

    private final MeterRegistry registry;

    public Problems(MeterRegistry registry) {
        this.registry = registry;
    }

    public Response response(int status, String type, String title, String detail, String instance) {
        return response(status, type, title, detail, instance, Map.of());
    }

    public Response response(int status, String type, String title, String detail, String instance,
                             Map<String, Object> extensions) {
        return Response.status(status).type(MEDIA_TYPE)
                .entity(report(status, type, title, detail, instance, extensions)).build();
    }

    /** Logs and counts a problem and returns its document, also for answers written outside JAX-RS. */
    public Map<String, Object> report(int status, String type, String title, String detail, String instance,
                                      Map<String, Object> extensions) {
        if (status >= 500) {
            LOG.errorf("%d %s on %s: %s", status, type, instance, detail);
        } else {
            LOG.infof("%d %s on %s: %s", status, type, instance, detail);
        }
        registry.counter("vigil.http.problems", "status", String.valueOf(status), "type", type).increment();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", instance);
        body.putAll(extensions);
        return body;
    }
}
