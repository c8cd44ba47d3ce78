package io.vigil.alert.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.vigil.alert.config.VigilConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** Every /api endpoint needs {@code Authorization: Bearer <key>}. */
public class ApiKeyFilter {

    private static final String BEARER = "Bearer ";

    private final byte[] adminKey;
    private final Problems problems;

    public ApiKeyFilter(VigilConfig config, Problems problems) {
        this.adminKey = config.adminApiKey().getBytes(StandardCharsets.UTF_8);
        this.problems = problems;
    }

    @ServerRequestFilter
    public Response authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getRequestUri().getRawPath();
        if (!path.startsWith("/api/")) {
            return null;
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return unauthorized(path, "Authorization: Bearer <key> is required");
        }
        byte[] presented = authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(presented, adminKey)) {
            return unauthorized(path, "The API key is not valid");
        }
        return null;
    }

    private Response unauthorized(String path, String detail) {
        Response problem = problems.respond(401, "unauthorized", "Unauthorized", detail, path, Map.of());
        return Response.fromResponse(problem).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }
}
