package io.vigil.alert;

import java.util.Locale;
import java.util.Optional;

public enum Role {
    ADMIN, SUBSCRIBER;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String value) {
        for (Role role : values()) {
            if (role.dbValue().equals(value)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
