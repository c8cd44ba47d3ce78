package io.vigil.alert;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.vigil.alert.client.DigestMailer;
import io.vigil.alert.client.WebhookClient;
import io.vigil.alert.client.WebhookResponse;
import io.vigil.alert.config.VigilConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

/**
 * Sends due deliveries: claim (short transaction), send over HTTP outside any transaction, record (short
 * transaction). Polls every {@code vigil.delivery.poll-interval} and runs right after a consumer transaction
 * commits new alerts.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);

    private final DeliveryQueue queue;
    private final WebhookClient client;
    private final DigestMailer mailer;
    private final WebhookUrlGuard urlGuard;
    private final HostCircuitBreaker breaker;
    private final AlertMetrics metrics;
    private final int batchSize;
    private final WebhookSigner signer = new WebhookSigner();
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean drainAgain = new AtomicBoolean();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("delivery-poller").daemon().factory());
    private final Duration pollInterval;
    private volatile boolean stopping;
    /** Set by the first failed drain of a streak, cleared by the next drain that goes through. */
    private volatile Instant drainFailingSince;

    public DeliveryWorker(DeliveryQueue queue, WebhookClient client, AlertMetrics metrics, VigilConfig config,
            WebhookUrlGuard urlGuard, HostCircuitBreaker breaker, DigestMailer mailer) {
        this.queue = queue;
        this.mailer = mailer;
        this.breaker = breaker;
        this.urlGuard = urlGuard;
        this.client = client;
        this.metrics = metrics;
        this.batchSize = config.delivery().batchSize();
        this.pollInterval = config.delivery().pollInterval();
    }

    /** The Quarkus scheduler's resolution is one second; the poll interval is sub-second, hence an executor. */
    void start(@Observes StartupEvent startup) {
        poller.scheduleWithFixedDelay(this::drain, pollInterval.toMillis(), pollInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Scheduled(every = "${vigil.delivery.gauge-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshGauges() {
        if (stopping) {
            return;
        }
        try {
            queue.refreshGauges();
        } catch (RuntimeException e) {
            // The gauges keep their last values; the drain's log already tells about a database outage.
            LOG.debugf("Queue gauges not refreshed: %s", e.getMessage());
        }
    }

    void nudge(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeliveriesQueued queued) {
        if (!stopping) {
            senders.submit(this::drain);
        }
    }

    /** In-flight sends are abandoned; their leases expire and they are sent again after a restart. */
    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        stopping = true;
        poller.shutdownNow();
        senders.shutdownNow();
        poller.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** One drain at a time per instance; a nudge during a drain makes it look again before stopping. */
    void drain() {
        if (stopping || !draining.compareAndSet(false, true)) {
            drainAgain.set(true);
            return;
        }
        try {
            do {
                drainAgain.set(false);
                int delivered;
                do {
                    delivered = deliverBatch();
                } while (delivered == batchSize);
            } while (drainAgain.get() && !stopping);
            if (drainFailingSince != null) {
                LOG.infof("Delivery drain works again after failing since %s", drainFailingSince);
                drainFailingSince = null;
            }
        } catch (RuntimeException e) {
            if (!stopping) {
                drainFailed(e);
            }
        } finally {
            draining.set(false);
        }
    }

    /**
     * During a database outage every poll fails the same way: the first failure is logged in full, the next ones
     * only at debug level, and the recovery says how long it lasted.
     */
    private void drainFailed(RuntimeException failure) {
        if (drainFailingSince == null) {
            drainFailingSince = Instant.now();
            LOG.warn("Delivery drain failed; every poll retries until it succeeds", failure);
        } else {
            LOG.debugf("Delivery drain still failing since %s: %s", drainFailingSince, failure.getMessage());
        }
    }

    /** Sends a claimed batch concurrently, then records its webhook attempts in one transaction. */
    private int deliverBatch() {
        List<ClaimedDelivery> claimed = queue.claim(batchSize);
        List<Future<Optional<WebhookAttempt>>> sends = claimed.stream()
                .map(delivery -> senders.submit(() -> deliver(delivery))).toList();
        List<WebhookAttempt> attempts = new ArrayList<>(claimed.size());
        for (Future<Optional<WebhookAttempt>> send : sends) {
            try {
                send.get().ifPresent(attempts::add);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.error("Delivery failed unexpectedly; its lease expires and it is retried", e.getCause());
            }
        }
        if (!attempts.isEmpty()) {
            record(attempts);
        }
        return claimed.size();
    }

    /** The destination is checked again at send time: its DNS may now point inside. */
    private WebhookResponse send(ClaimedDelivery delivery, String host, long timestamp, String signature) {
        Optional<String> refusal = urlGuard.refusal(URI.create(delivery.webhookUrl()));
        if (refusal.isPresent()) {
            return WebhookResponse.notSent("not sent: " + refusal.get());
        }
        WebhookResponse response = client.post(delivery.webhookUrl(), delivery.webhookId(), timestamp, signature,
                delivery.payload());
        if (response.successful()) {
            breaker.recordSuccess(host);
        } else if (response.hostInTrouble()) {
            breaker.recordFailure(host);
        }
        return response;
    }

    private static String hostOf(String url) {
        URI uri = URI.create(url);
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return uri.getHost() + ":" + port;
    }

    /** @return the webhook attempt to record; empty when there is none (email, held back by the breaker) */
    private Optional<WebhookAttempt> deliver(ClaimedDelivery delivery) {
        MDC.put("articleId", delivery.articleId());
        try {
            if (delivery.channel() == DeliveryChannel.EMAIL) {
                deliverEmail(delivery);
                return Optional.empty();
            }
            if (delivery.webhookUrl() == null) {
                // A digest queued before its subscription dropped the webhook channel.
                return Optional.of(new WebhookAttempt(delivery, Instant.now(),
                        WebhookResponse.notSent("not sent: the subscription has no webhook URL")));
            }
            String host = hostOf(delivery.webhookUrl());
            Optional<Duration> open = breaker.openFor(host);
            if (open.isPresent()) {
                queue.postpone(delivery.alertId(), open.get());
                metrics.shortCircuited();
                LOG.debugf("Webhook %s held back: breaker for %s open for %s", delivery.webhookId(), host, open.get());
                return Optional.empty();
            }
            Instant attemptedAt = Instant.now();
            long timestamp = attemptedAt.getEpochSecond();
            String signature = signer.sign(delivery.webhookSecrets(), delivery.webhookId(), timestamp, delivery.payload());
            return Optional.of(new WebhookAttempt(delivery, attemptedAt, send(delivery, host, timestamp, signature)));
        } finally {
            MDC.remove("articleId");
        }
    }

    /** A success is logged at debug level only: at hundreds of webhooks a second an info line each was a visible cost. */
    private void record(List<WebhookAttempt> attempts) {
        List<DeliveryOutcome> outcomes = queue.record(attempts);
        for (int i = 0; i < attempts.size(); i++) {
            ClaimedDelivery delivery = attempts.get(i).delivery();
            WebhookResponse response = attempts.get(i).response();
            DeliveryOutcome outcome = outcomes.get(i);
            metrics.deliveryAttempt(outcome, response.latency());
            countDigest(delivery, outcome);
            if (outcome == DeliveryOutcome.SUCCESS && !LOG.isDebugEnabled()) {
                continue;
            }
            MDC.put("articleId", delivery.articleId());
            LOG.logf(outcome == DeliveryOutcome.SUCCESS ? Logger.Level.DEBUG : Logger.Level.INFO,
                    "Webhook %s for subscription %s attempt %d: %s (status %s%s)", delivery.webhookId(),
                    delivery.subscriptionId(), delivery.attempts() + 1, outcome.dbValue(), response.statusCode(),
                    response.error() == null ? "" : ", " + response.error());
            MDC.remove("articleId");
        }
    }

    /** Email goes only to the configured SMTP server, so the per-host breaker and URL guard do not apply. */
    private void deliverEmail(ClaimedDelivery delivery) {
        Instant attemptedAt = Instant.now();
        long started = System.nanoTime();
        Optional<String> error = mailer.send(delivery.webhookId(), delivery.emailRecipients(),
                DigestEmail.fromPayload(delivery.payload()));
        Duration latency = Duration.ofNanos(System.nanoTime() - started);
        DeliveryOutcome outcome = queue.recordEmail(delivery, attemptedAt, latency, error.orElse(null));
        metrics.emailAttempt(error.isEmpty());
        countDigest(delivery, outcome);
        LOG.infof("Digest email %s for subscription %s attempt %d: %s%s", delivery.webhookId(),
                delivery.subscriptionId(), delivery.attempts() + 1, outcome.dbValue(), error.map(e -> " (" + e + ")").orElse(""));
    }

    private void countDigest(ClaimedDelivery delivery, DeliveryOutcome outcome) {
        if (delivery.digest() && outcome != DeliveryOutcome.RETRY) {
            metrics.digestDelivered(delivery.channel(), outcome);
        }
    }
}
