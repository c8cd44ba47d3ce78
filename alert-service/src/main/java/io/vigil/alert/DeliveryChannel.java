package io.vigil.alert;

import java.util.Locale;

/** How one delivery is sent; immediate alerts always go by webhook, digests by webhook and/or email. */
public enum DeliveryChannel {
    WEBHOOK, EMAIL;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeliveryChannel fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
