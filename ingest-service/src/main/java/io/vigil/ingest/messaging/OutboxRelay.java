package io.vigil.ingest.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.vigil.ingest.ArticlesStored;
import io.vigil.ingest.OutboxEvent;
import io.vigil.ingest.config.IngestConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Publishes outbox rows to Kafka as binary-mode CloudEvents. A row is marked published only after the
 * broker acknowledged it (acks=all); rows that fail stay pending with their error and are retried with
 * a growing delay, so an accepted article reaches Kafka once the broker is back.
 *
 * <p>While every publication succeeds, the events come from the ingest transactions themselves, handed over
 * in memory once they commit ({@link HandedOverEvents}), so the relay does not read the article texts back;
 * after a failure, a restart or a backlog, new events go through the outbox until it has caught up. Due
 * outbox rows are published either way, such as those another instance wrote and could not publish.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int MAX_ERROR_LENGTH = 2000;

    private final IngestConfig.Outbox config;
    private final ObjectMapper objectMapper;
    private final KafkaProducer<String, byte[]> producer;
    private final ExecutorService nudges = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("outbox-relay-nudge").daemon().factory());
    private final ReentrantLock draining = new ReentrantLock();
    private final AtomicBoolean drainRequested = new AtomicBoolean();
    private final AtomicLong pendingCount = new AtomicLong();
    private final AtomicLong oldestPendingSeconds = new AtomicLong();
    private final HandedOverEvents<OutboxEvent> handedOver;
    private final TransactionSynchronizationRegistry transactions;
    private final Counter published;
    private final Counter publishFailures;

    public OutboxRelay(IngestConfig config, MeterRegistry meterRegistry, ObjectMapper objectMapper,
            TransactionSynchronizationRegistry transactions,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.config = config.outbox();
        this.objectMapper = objectMapper;
        this.transactions = transactions;
        this.handedOver = new HandedOverEvents<>(this.config.handOverCapacity());
        this.producer = new KafkaProducer<>(producerProperties(bootstrapServers, this.config.deliveryTimeout()),
                new StringSerializer(), new ByteArraySerializer());
        this.published = Counter.builder("vigil.outbox.published")
                .description("Outbox events acknowledged by Kafka").register(meterRegistry);
        this.publishFailures = Counter.builder("vigil.outbox.publish.failures")
                .description("Outbox publication attempts that failed").register(meterRegistry);
        Gauge.builder("vigil.outbox.pending", pendingCount, AtomicLong::get)
                .description("Outbox events not yet published").register(meterRegistry);
        Gauge.builder("vigil.outbox.oldest.pending.seconds", oldestPendingSeconds, AtomicLong::get)
                .description("Age of the oldest unpublished outbox event").register(meterRegistry);
    }

    private static Properties producerProperties(String bootstrapServers, Duration deliveryTimeout) {
        int deliveryMillis = Math.toIntExact(deliveryTimeout.toMillis());
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "ingest-service-outbox");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // Events carry a whole article (3-10 KB); the default 16 KB batch would hold only a few of them.
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        // The relay holds row locks while it waits; these bound how long one claim can take when Kafka is away.
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(deliveryMillis));
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(deliveryMillis - 10));
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(deliveryMillis));
        return properties;
    }

    @Scheduled(every = "${vigil.outbox.poll-interval:250ms}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        requestDrain();
    }

    @Scheduled(every = "${vigil.outbox.gauge-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshGauges() {
        OutboxEvent.PendingSummary summary = QuarkusTransaction.requiringNew().call(OutboxEvent::pendingSummary);
        pendingCount.set(summary.count());
        oldestPendingSeconds.set(summary.oldestCreatedAt() == null ? 0
                : Math.max(0, Duration.between(summary.oldestCreatedAt(), Instant.now()).toSeconds()));
    }

    /**
     * Inside the transaction storing the events, before their outbox rows are written: takes them over, to be
     * published from memory right after the commit, and defers the rows' first attempt from the outbox by the
     * hand-over grace, so no relay reads them meanwhile; they are there should this process die first.
     */
    void onArticlesStored(@Observes ArticlesStored stored) {
        HandedOverEvents.Transaction<OutboxEvent> transaction = handedOver.register(stored.events());
        if (transaction.taken()) {
            for (OutboxEvent event : stored.events()) {
                event.nextAttemptAt = event.createdAt.plus(config.handOverGrace());
            }
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                boolean committed = status == Status.STATUS_COMMITTED;
                handedOver.settle(transaction, committed);
                if (committed) {
                    requestDrain();
                }
            }
        });
    }

    /** Drains on the relay's own thread; a request made while a drain runs makes another one run after it. */
    private void requestDrain() {
        if (drainRequested.compareAndSet(false, true)) {
            nudges.execute(this::drain);
        }
    }

    /**
     * Publishes the handed-over events, then the due outbox rows, batch after batch until none is left or a
     * batch had failures.
     */
    public void drain() {
        if (!draining.tryLock()) {
            return;
        }
        try {
            drainRequested.set(false);
            while (publishHandedOver() || QuarkusTransaction.requiringNew().call(this::publishBatch)) {
                // the next batch
            }
            if (!handedOver.direct()) {
                handedOver.enterDirectIfCaughtUp(() -> QuarkusTransaction.requiringNew()
                        .call(() -> OutboxEvent.anyToPublish(Instant.now())));
            }
        } catch (RuntimeException e) {
            LOG.warn("Outbox relay run failed; the rows stay pending", e);
        } finally {
            draining.unlock();
        }
    }

    /**
     * Publishes the events that committed transactions handed over. A failed event stays pending in the outbox
     * like any other, and new events go through the outbox until it has caught up; should marking the rows
     * published fail, they are published again from the outbox once the hand-over grace has passed.
     *
     * @return whether more handed-over events may be waiting
     */
    private boolean publishHandedOver() {
        List<OutboxEvent> events = handedOver.takeCommitted(config.batchSize());
        if (events.isEmpty()) {
            return false;
        }
        List<OutboxEvent.Claimed> rows = new ArrayList<>(events.size());
        for (OutboxEvent event : events) {
            rows.add(new OutboxEvent.Claimed(event.id, event.articleId, event.eventType, event.createdAt, 0, null,
                    event.data));
        }
        try {
            if (QuarkusTransaction.requiringNew().call(() -> publish(rows)) < rows.size()) {
                handedOver.leaveDirect();
            }
            return true;
        } catch (RuntimeException e) {
            handedOver.leaveDirect();
            throw e;
        }
    }

    /** @return whether another batch of due outbox rows may be waiting */
    private boolean publishBatch() {
        return publish(OutboxEvent.claimDue(Instant.now(), config.batchSize())) == config.batchSize();
    }

    /**
     * Sends every row before waiting for any acknowledgement, so the producer batches them, then marks the
     * acknowledged rows published with one statement.
     *
     * @return how many of the rows the broker acknowledged
     */
    private int publish(List<OutboxEvent.Claimed> rows) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
        for (OutboxEvent.Claimed row : rows) {
            acks.add(send(row));
        }
        List<UUID> acknowledged = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            if (settle(rows.get(i), acks.get(i))) {
                acknowledged.add(rows.get(i).id());
            }
        }
        OutboxEvent.markPublished(acknowledged, Instant.now());
        published.increment(acknowledged.size());
        return acknowledged.size();
    }

    private Future<RecordMetadata> send(OutboxEvent.Claimed row) {
        try {
            String articleId = row.articleId().toString();
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(config.topic(), articleId, data(row));
            record.headers()
                    .add("ce_specversion", bytes("1.0"))
                    .add("ce_id", bytes(row.id().toString()))
                    .add("ce_source", bytes(ArticleIngestedEvent.SOURCE))
                    .add("ce_type", bytes(row.eventType()))
                    .add("ce_subject", bytes(articleId))
                    .add("ce_time", bytes(DateTimeFormatter.ISO_INSTANT.format(row.createdAt())))
                    .add("content-type", bytes("application/json"));
            return producer.send(record);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The event's JSON data: the payload kept on the row, or else the article version the row names. */
    private byte[] data(OutboxEvent.Claimed row) {
        if (row.payload() != null) {
            return row.payload().getBytes(StandardCharsets.UTF_8);
        }
        if (row.article() == null) {
            throw new IllegalStateException("The article row no longer holds the version this event announces");
        }
        try {
            return objectMapper.writeValueAsBytes(row.article());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not serialise the ingested event", e);
        }
    }

    private boolean settle(OutboxEvent.Claimed row, Future<RecordMetadata> ack) {
        MDC.put("articleId", row.articleId().toString());
        try {
            ack.get(config.deliveryTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
            LOG.debugf("Published outbox event %s", row.id());
            return true;
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            recordFailure(row, cause);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            recordFailure(row, e);
            return false;
        } finally {
            MDC.remove("articleId");
        }
    }

    private void recordFailure(OutboxEvent.Claimed row, Throwable cause) {
        int attempts = row.attempts() + 1;
        String error = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        String lastError = error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error;
        Instant nextAttemptAt = Instant.now().plus(backoff(attempts));
        OutboxEvent.recordFailure(row.id(), lastError, nextAttemptAt);
        publishFailures.increment();
        LOG.warnf("Publishing outbox event %s failed (attempt %d), retrying at %s: %s",
                row.id(), attempts, nextAttemptAt, lastError);
    }

    private Duration backoff(int attempts) {
        Duration delay = config.initialBackoff().multipliedBy(1L << Math.min(attempts - 1, 20));
        return delay.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : delay;
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @PreDestroy
    void close() {
        nudges.shutdownNow();
        producer.close(Duration.ofSeconds(5));
    }
}
