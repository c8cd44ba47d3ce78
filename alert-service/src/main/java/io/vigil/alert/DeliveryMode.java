package io.vigil.alert;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How a subscription's alerts reach it: one webhook per alert, or a digest per UTC hour or day. */
public enum DeliveryMode {
    IMMEDIATE(null), HOURLY(Duration.ofHours(1)), DAILY(Duration.ofDays(1));

    private final Duration window;

    DeliveryMode(Duration window) {
        this.window = window;
    }

    public boolean digest() {
        return window != null;
    }

    /** The length of a digest window; immediate delivery has none. */
    public Duration window() {
        if (window == null) {
            throw new IllegalStateException("immediate delivery has no digest window");
        }
        return window;
    }

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static List<String> dbValues() {
        return Arrays.stream(values()).map(DeliveryMode::dbValue).toList();
    }

    public static Optional<DeliveryMode> parse(String value) {
        return Arrays.stream(values()).filter(mode -> mode.dbValue().equals(value)).findFirst();
    }
}
