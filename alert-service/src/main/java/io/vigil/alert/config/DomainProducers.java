package io.vigil.alert.config;

import java.net.InetAddress;
import java.time.Clock;
import java.util.List;

import io.vigil.alert.HostCircuitBreaker;
import io.vigil.alert.RateLimiter;
import io.vigil.alert.WebhookUrlGuard;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Wires the plain domain classes that need configuration. */
public class DomainProducers {

    @Produces
    @Singleton
    WebhookUrlGuard webhookUrlGuard(VigilConfig config) {
        return new WebhookUrlGuard(config.webhook().allow().orElse(List.of()), config.webhook().requireHttps(),
                InetAddress::getAllByName);
    }

    @Produces
    @Singleton
    HostCircuitBreaker hostCircuitBreaker(VigilConfig config) {
        return new HostCircuitBreaker(config.delivery().breakerFailureThreshold(),
                config.delivery().breakerOpenDuration(), System::nanoTime);
    }

    /** Digest windows close by this clock; tests pass their own instant to DigestService instead. */
    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    RateLimiter rateLimiter(VigilConfig config) {
        return new RateLimiter(config.requestsPerMinutePerKey(), System::nanoTime);
    }
}
