package io.vigil.alert.rest;

import java.util.Map;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

/** Builds every error response of the API: problem+json body, a log line and a metric. */
@ApplicationScoped
public class Problems {

    private static final Logger LOG = Logger.getLogger(Problems.class);

    private final MeterRegistry registry;

    public Problems(MeterRegistry registry) {
        this.registry = registry;
    }

    public Response respond(int status, String type, String title, String detail, String path,
            Map<String, Object> extensions) {
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(record(status, type, title, detail, path, extensions)).build();
    }

    /** Counts and logs a problem, for callers that write the response themselves. */
    public Problem record(int status, String type, String title, String detail, String path,
            Map<String, Object> extensions) {
        registry.counter("vigil.http.problems", "status", Integer.toString(status), "type", type).increment();
        if (status >= 500) {
            LOG.errorf("%d %s on %s: %s", status, type, path, detail);
        } else {
            LOG.infof("%d %s on %s: %s", status, type, path, detail);
        }
        return new Problem(Problem.TYPE_BASE + type, title, status, detail, path, extensions);
    }
}
