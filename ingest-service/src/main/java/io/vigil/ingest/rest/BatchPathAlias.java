package io.vigil.ingest.rest;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Many HTTP clients percent-encode the colon of {@code /api/articles:batch}; the REST layer matches the raw
 * path, so the encoded spelling is rerouted to the literal one.
 */
@ApplicationScoped
public class BatchPathAlias {

    private static final String ENCODED = "/api/articles%3Abatch";
    private static final String LITERAL = "/api/articles:batch";

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(context -> {
            if (context.request().path().equalsIgnoreCase(ENCODED)) {
                context.reroute(LITERAL);
            } else {
                context.next();
            }
        });
    }
}
