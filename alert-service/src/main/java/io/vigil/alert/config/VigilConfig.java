package io.vigil.alert.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "vigil")
public interface VigilConfig {

    /** Bearer key with full rights; comes from VIGIL_ADMIN_API_KEY. */
    String adminApiKey();

    Delivery delivery();

    interface Delivery {
        @WithDefault("200ms")
        Duration pollInterval();

        @WithDefault("5s")
        Duration initialBackoff();

        @WithDefault("1h")
        Duration maxBackoff();

        @WithDefault("15")
        int maxAttempts();

        /** How long a claimed delivery stays invisible to other workers; a crashed send is retried after it. */
        @WithDefault("30s")
        Duration lease();

        @WithDefault("16")
        int batchSize();

        @WithDefault("5s")
        Duration connectTimeout();

        @WithDefault("10s")
        Duration requestTimeout();

        /** How often the queue gauges (pending count, oldest age) are refreshed from the database. */
        @WithDefault("5s")
        Duration gaugeInterval();
    }
}
