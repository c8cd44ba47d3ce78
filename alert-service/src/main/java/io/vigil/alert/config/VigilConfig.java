package io.vigil.alert.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "vigil")
public interface VigilConfig {

    /** Bearer key with full rights; comes from VIGIL_ADMIN_API_KEY. */
    String adminApiKey();

    Delivery delivery();

    Webhook webhook();

    Preview preview();

    Matching matching();

    Digest digest();

    Consumer consumer();

    /** Per issued API key; the environment admin key is exempt so operators are never locked out. */
    @WithDefault("600")
    long requestsPerMinutePerKey();

    interface Preview {
        /** How far back {@code POST /api/subscriptions:preview} looks. */
        @WithDefault("7d")
        Duration window();

        @WithDefault("1000")
        int maxArticles();
    }

    interface Matching {
        /**
         * How long subscription changes stay in {@code subscription_change} for the instances to pick up; an
         * instance that has not matched an article for longer reloads every subscription.
         */
        @WithDefault("1d")
        Duration changeRetention();
    }

    interface Digest {
        /**
         * How often due hourly and daily windows are closed (read by the scheduler); {@code off} stops this
         * instance from closing windows, which other instances still do.
         */
        @WithDefault("1m")
        String closeInterval();

        /** Digest subscriptions closed per transaction. */
        @WithDefault("50")
        int batchSize();

        /** Alerts a digest lists (oldest first); the rest are counted in its omittedCount. */
        @WithDefault("500")
        int maxListedAlerts();
    }

    interface Consumer {
        Retry retry();

        /**
         * A poll that failed for lack of the database is retried whole, never dead-lettered: the n-th retry waits
         * a random time up to {@code min(max, initial * 2^(n-1))}.
         */
        interface Retry {
            @WithDefault("1s")
            Duration initial();

            @WithDefault("30s")
            Duration max();
        }
    }

    interface Webhook {
        /** VIGIL_WEBHOOK_ALLOW: CIDRs and host names that may receive webhooks although they are internal. */
        Optional<List<String>> allow();

        /** How long a rotated-out secret keeps signing next to the new one. */
        @WithDefault("24h")
        Duration secretOverlap();

        /** Refuse plain http unless the destination is allowlisted. */
        @WithDefault("true")
        boolean requireHttps();
    }

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

        /** Consecutive failed attempts to one host (host:port) that open its circuit breaker. */
        @WithDefault("5")
        int breakerFailureThreshold();

        /** How long an open breaker holds deliveries to its host back; held deliveries spend no attempt. */
        @WithDefault("30s")
        Duration breakerOpenDuration();

        /** An endpoint failing without a single success for this long is disabled. */
        @WithDefault("24h")
        Duration disableEndpointAfter();

        /** How often the queue gauges (pending count, oldest age) are refreshed from the database. */
        @WithDefault("5s")
        Duration gaugeInterval();
    }
}
