package io.vigil.classify.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Set;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.vigil.classify.config.VigilConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * Requires {@code Authorization: Bearer <admin key>} on every write endpoint. {@code POST /api/classify} is exempt:
 * it computes an answer and writes nothing.
 */
public class AdminKeyFilter {

    private static final Set<String> WRITE_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> OPEN_WRITE_PATHS = Set.of("/api/classify");
    private static final String BEARER = "Bearer ";

    private final byte[] adminKey;
    private final Problems problems;

    public AdminKeyFilter(VigilConfig config, Problems problems) {
        this.adminKey = config.adminApiKey().getBytes(StandardCharsets.UTF_8);
        this.problems = problems;
    }

    @ServerRequestFilter
    public Response requireAdminKey(ContainerRequestContext request) {
        String path = request.getUriInfo().getRequestUri().getRawPath();
        if (!WRITE_METHODS.contains(request.getMethod()) || OPEN_WRITE_PATHS.contains(path)) {
            return null;
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        boolean valid = authorization != null && authorization.startsWith(BEARER)
                && MessageDigest.isEqual(adminKey, authorization.substring(BEARER.length()).getBytes(StandardCharsets.UTF_8));
        if (valid) {
            return null;
        }
        Response problem = problems.response(401, "unauthorized", "Unauthorized",
                authorization == null ? "This endpoint needs an Authorization: Bearer <admin key> header"
                        : "The bearer key is not valid", path, Map.of());
        return Response.fromResponse(problem).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }
}
