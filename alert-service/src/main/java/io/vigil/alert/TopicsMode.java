package io.vigil.alert;

import java.util.Locale;
import java.util.Optional;

/** Whether an article needs any or all of a subscription's topics. */
public enum TopicsMode {
    ANY, ALL;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<TopicsMode> parse(String value) {
        for (TopicsMode mode : values()) {
            if (mode.dbValue().equals(value)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
