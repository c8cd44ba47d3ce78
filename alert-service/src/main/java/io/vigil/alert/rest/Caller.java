package io.vigil.alert.rest;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.vigil.alert.Role;
import jakarta.enterprise.context.RequestScoped;

/** Who is calling, as established by {@link ApiKeyFilter}; a null key id is the environment admin key. */
@RequestScoped
public class Caller {

    private UUID keyId;
    private Role role;

    void authenticate(UUID keyId, Role role) {
        this.keyId = keyId;
        this.role = role;
    }

    public UUID keyId() {
        return keyId;
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** Admins see everything; subscribers only what their key created. */
    public boolean owns(UUID ownerKeyId) {
        return isAdmin() || (keyId != null && Objects.equals(keyId, ownerKeyId));
    }

    public void requireAdmin() {
        if (!isAdmin()) {
            throw new ProblemException(403, "forbidden", "Forbidden", "This operation needs an admin key", Map.of());
        }
    }
}
