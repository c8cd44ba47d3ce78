package io.vigil.alert;

import java.util.Locale;

public enum DeliveryOutcome {
    SUCCESS, RETRY, FAILED;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
