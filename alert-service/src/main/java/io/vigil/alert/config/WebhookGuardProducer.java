package io.vigil.alert.config;

import java.net.InetAddress;
import java.util.List;

import io.vigil.alert.WebhookUrlGuard;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

public class WebhookGuardProducer {

    @Produces
    @Singleton
    WebhookUrlGuard webhookUrlGuard(VigilConfig config) {
        return new WebhookUrlGuard(config.webhook().allow().orElse(List.of()), config.webhook().requireHttps(),
                InetAddress::getAllByName);
    }
}
