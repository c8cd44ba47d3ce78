package io.vigil.ingest.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Set;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.vigil.ingest.config.IngestConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** Requires the admin bearer key on every write request. */
public class AdminKeyFilter {

    private static final Set<String> WRITE_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final String BEARER = "Bearer ";

    private final byte[] adminKey;
    private final Problems problems;

    public AdminKeyFilter(IngestConfig config, Problems problems) {
        this.adminKey = config.adminApiKey().getBytes(StandardCharsets.UTF_8);
        this.problems = problems;
    }

    @ServerRequestFilter
    public Response requireAdminKey(ContainerRequestContext request) {
        if (!WRITE_METHODS.contains(request.getMethod())) {
            return null;
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            byte[] presented = authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
            if (MessageDigest.isEqual(presented, adminKey)) {
                return null;
            }
        }
        Response problem = problems.response(401, "unauthorized", "Unauthorized",
                "A valid admin key is required: Authorization: Bearer <key>",
                request.getUriInfo().getRequestUri().getRawPath(), Map.of());
        return Response.fromResponse(problem).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }
}
