package io.vigil.alert.rest;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.vigil.alert.ApiKey;
import io.vigil.alert.RateLimiter;
import io.vigil.alert.Role;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/api/keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "API keys", description = "Keys for admins and subscribers (admin only)")
@SecurityRequirement(name = "bearer")
public class ApiKeyResource {

    private final Caller caller;
    private final RateLimiter rateLimiter;

    public ApiKeyResource(Caller caller, RateLimiter rateLimiter) {
        this.caller = caller;
        this.rateLimiter = rateLimiter;
    }

    public record KeyRequest(String name, String role) {
    }

    /** {@code key} is present only in the response that created it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KeyView(UUID id, String name, String role, String key, Instant createdAt, Instant revokedAt) {
        static KeyView of(ApiKey apiKey, String key) {
            return new KeyView(apiKey.id, apiKey.name, apiKey.role, key, apiKey.createdAt, apiKey.revokedAt);
        }
    }

    @POST
    @Transactional
    @Operation(summary = "Issue a key with role admin or subscriber; the key is shown only in this response")
    public Response create(KeyRequest request) {
        caller.requireAdmin();
        if (request == null || request.name() == null || request.name().isBlank()) {
            throw new ProblemException(400, "invalid-key", "Invalid key request", "name is required", Map.of());
        }
        Role role = Role.parse(request.role()).orElseThrow(() -> new ProblemException(400, "invalid-key",
                "Invalid key request", "role must be one of [admin, subscriber]",
                Map.of("validRoles", List.of("admin", "subscriber"))));
        String key = ApiKey.newKey();
        ApiKey apiKey = new ApiKey();
        apiKey.id = UUID.randomUUID();
        apiKey.name = request.name().strip();
        apiKey.role = role.dbValue();
        apiKey.keyHash = ApiKey.hash(key);
        apiKey.createdAt = Instant.now();
        apiKey.persist();
        return Response.created(URI.create("/api/keys/" + apiKey.id)).entity(KeyView.of(apiKey, key)).build();
    }

    @GET
    @Operation(summary = "List issued keys (without the keys themselves)")
    public List<KeyView> list() {
        caller.requireAdmin();
        List<ApiKey> keys = ApiKey.list("order by createdAt");
        return keys.stream().map(apiKey -> KeyView.of(apiKey, null)).toList();
    }

    @DELETE
    @Path("/{id}")
    @Transactional
    @Operation(summary = "Revoke a key; subscriptions it created stay and remain visible to admins")
    public Response revoke(@PathParam("id") UUID id) {
        caller.requireAdmin();
        ApiKey apiKey = ApiKey.findById(id);
        if (apiKey == null || apiKey.revokedAt != null) {
            throw ProblemException.notFound("API key " + id);
        }
        apiKey.revokedAt = Instant.now();
        rateLimiter.forget(apiKey.id.toString());
        return Response.noContent().build();
    }
}
