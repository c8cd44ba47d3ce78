package io.vigil.alert;

import java.util.Locale;

public enum DeliveryStatus {
    PENDING, DELIVERED, FAILED;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
