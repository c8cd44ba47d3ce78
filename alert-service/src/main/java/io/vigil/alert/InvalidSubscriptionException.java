package io.vigil.alert;

import java.util.Map;

/** A subscription request that breaks a rule; {@code details} names the offending and the valid values. */
public class InvalidSubscriptionException extends RuntimeException {

    private final transient Map<String, Object> details;

    public InvalidSubscriptionException(String message, Map<String, Object> details) {
        super(message);
        this.details = Map.copyOf(details);
    }

    public Map<String, Object> details() {
        return details;
    }
}
