package io.vigil.alert.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.vigil.alert.ApiKey;
import io.vigil.alert.RateLimiter;
import io.vigil.alert.Role;
import io.vigil.alert.config.VigilConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * Every /api endpoint needs {@code Authorization: Bearer <key>}: the environment admin key or a key issued by
 * {@code POST /api/keys}. Runs on the endpoint's worker thread, so the key lookup may use the database.
 */
public class ApiKeyFilter {

    private static final String BEARER = "Bearer ";

    private final byte[] adminKey;
    private final Problems problems;
    private final Caller caller;
    private final RateLimiter rateLimiter;

    public ApiKeyFilter(VigilConfig config, Problems problems, Caller caller, RateLimiter rateLimiter) {
        this.adminKey = config.adminApiKey().getBytes(StandardCharsets.UTF_8);
        this.problems = problems;
        this.caller = caller;
        this.rateLimiter = rateLimiter;
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
        String presented = authorization.substring(BEARER.length()).strip();
        if (MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), adminKey)) {
            caller.authenticate(null, Role.ADMIN);
            return null;
        }
        Optional<ApiKey> issued = presented.isEmpty() ? Optional.empty() : ApiKey.findActive(presented);
        if (issued.isEmpty()) {
            return unauthorized(path, "The API key is not valid");
        }
        Optional<Duration> wait = rateLimiter.acquire(issued.get().id.toString());
        if (wait.isPresent()) {
            long seconds = Math.max(1, (long) Math.ceil(wait.get().toMillis() / 1000.0));
            Response problem = problems.respond(429, "rate-limited", "Too many requests",
                    "This key's request rate is exhausted; retry in " + seconds + " s", path,
                    Map.of("retryAfterSeconds", seconds));
            return Response.fromResponse(problem).header(HttpHeaders.RETRY_AFTER, seconds).build();
        }
        caller.authenticate(issued.get().id, Role.parse(issued.get().role).orElseThrow());
        return null;
    }

    private Response unauthorized(String path, String detail) {
        Response problem = problems.respond(401, "unauthorized", "Unauthorized", detail, path, Map.of());
        return Response.fromResponse(problem).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }
}
