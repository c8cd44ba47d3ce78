package io.vigil.alert.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vigil.alert.AlertService;
import io.vigil.alert.RetryPolicy;
import io.vigil.alert.config.VigilConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Consumes {@code articles.classified} (CloudEvents binary mode) one poll at a time: every record of the poll
 * in one transaction, so a commit is paid per poll rather than per article. Idempotence stays per record
 * (processed event ids, one alert per subscription and article).
 *
 * <p>A record that can never be processed goes to {@code articles.classified.dlq} with its reason and the
 * others carry on: unreadable records are set aside before the transaction; if the transaction fails, each
 * record is retried in a transaction of its own and only those that fail alone are dead-lettered. The poll's
 * offsets are acknowledged after the commit and after the dead letters are written, so a crash in between
 * replays the poll, which idempotence absorbs (at-least-once).
 *
 * <p>A failure that comes from the database rather than the records ({@link TransientFailures}) dead-letters
 * nothing: the same transaction is retried with capped exponential backoff until the database takes it, for as
 * long as the outage lasts. The poll is handled on a thread of its own, so a long wait blocks no worker thread
 * of the connector; the connector keeps polling Kafka meanwhile with the partitions paused, so the consumer stays
 * in its group however long the wait. A shutdown during the wait, or a failure once the shutdown began, leaves
 * the poll unacknowledged, to be consumed again after the restart.
 */
@ApplicationScoped
public class ClassifiedArticleConsumer {

    static final String EXPECTED_TYPE = "vigil.article.classified";
    private static final Logger LOG = Logger.getLogger(ClassifiedArticleConsumer.class);

    private final AlertService alertService;
    private final ObjectMapper objectMapper;
    private final MeterRegistry registry;
    private final ConsumerStall stall;
    private final RetryPolicy backoff;
    private final ExecutorService pollThread = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("articles-classified-poll").daemon().factory());
    private final CountDownLatch stopping = new CountDownLatch(1);

    public ClassifiedArticleConsumer(AlertService alertService, ObjectMapper objectMapper, MeterRegistry registry,
            @Readiness ConsumerStall stall, VigilConfig config) {
        this.alertService = alertService;
        this.objectMapper = objectMapper;
        this.registry = registry;
        this.stall = stall;
        this.backoff = new RetryPolicy(config.consumer().retry().initial(), config.consumer().retry().max(),
                Integer.MAX_VALUE, Math::random);
    }

    private record Readable(KafkaRecord<String, String> record, String eventId, ClassifiedArticleEvent article) {
    }

    /** A poll handled to the end: its dead letters are on their way, its records may be acknowledged. */
    private record Handled(List<CompletableFuture<Void>> deadLetters) {
    }

    @Incoming("articles-classified")
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        return CompletableFuture.supplyAsync(() -> handle(batch), pollThread)
                .thenCompose(handled -> handled.isEmpty()
                        ? new CompletableFuture<Void>() // stopping: never acknowledged, consumed again after restart
                        : CompletableFuture.allOf(handled.get().deadLetters().toArray(CompletableFuture[]::new))
                                .thenCompose(written -> batch.ack()));
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stopping.countDown();
        pollThread.shutdownNow();
    }

    private Optional<Handled> handle(KafkaRecordBatch<String, String> batch) {
        List<Readable> readable = new ArrayList<>(batch.getRecords().size());
        List<CompletableFuture<Void>> deadLetters = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            try {
                readable.add(read(record));
            } catch (InvalidEventException e) {
                deadLetters.add(deadLetter(record, e));
            }
        }
        int created = 0;
        try {
            Optional<Integer> done = untilTheDatabaseTakes("A poll of " + readable.size() + " record(s)",
                    () -> readable.stream().mapToInt(this::process).sum());
            if (done.isEmpty()) {
                return Optional.empty();
            }
            created = done.get();
        } catch (RuntimeException batchFailure) {
            LOG.warnf(batchFailure, "A poll of %d record(s) failed as one transaction; processing them one by one",
                    readable.size());
            for (Readable each : readable) {
                try {
                    Optional<Integer> done = untilTheDatabaseTakes("A record", () -> process(each));
                    if (done.isEmpty()) {
                        return Optional.empty();
                    }
                    created += done.get();
                } catch (RuntimeException recordFailure) {
                    deadLetters.add(deadLetter(each.record(), recordFailure));
                }
            }
        }
        // One line per poll rather than per article: at hundreds of articles a second the lines were a visible cost.
        LOG.infof("Poll of %d record(s): %d new alert(s), %d dead-lettered", batch.getRecords().size(), created,
                deadLetters.size());
        return Optional.of(new Handled(deadLetters));
    }

    /**
     * Runs {@code work} in a transaction of its own, again and again while it fails for lack of the database.
     *
     * @return its result, or empty when the service stops while waiting
     * @throws RuntimeException the failure that does not come from the database
     */
    private <T> Optional<T> untilTheDatabaseTakes(String work, Callable<T> transaction) {
        for (int retries = 0;; retries++) {
            try {
                T result = QuarkusTransaction.requiringNew().call(transaction);
                if (retries > 0) {
                    stall.recovered();
                    LOG.infof("%s went through after %d retry(ies)", work, retries);
                }
                return Optional.of(result);
            } catch (RuntimeException failure) {
                if (stopping.getCount() == 0) {
                    // The database and the persistence unit are being shut down under the poll: not the records' fault.
                    LOG.infof("%s abandoned at shutdown (%s); it is consumed again after the restart", work,
                            failure.getMessage());
                    return Optional.empty();
                }
                Optional<String> reason = TransientFailures.reason(failure);
                if (reason.isEmpty()) {
                    if (retries > 0) {
                        stall.recovered();
                    }
                    throw failure;
                }
                Duration delay = backoff.delayAfter(retries + 1);
                stall.retrying(reason.get());
                LOG.warnf("%s failed for lack of the database (%s: %s); retry %d in %d ms", work, reason.get(),
                        deepestMessage(failure), retries + 1, delay.toMillis());
                if (!waitUnlessStopping(delay)) {
                    return Optional.empty();
                }
            }
        }
    }

    private boolean waitUnlessStopping(Duration delay) {
        try {
            return !stopping.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String deepestMessage(Throwable failure) {
        Throwable deepest = failure;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        return deepest.getClass().getSimpleName() + ": " + deepest.getMessage();
    }

    private int process(Readable readable) {
        MDC.put("articleId", readable.article().id());
        try {
            return alertService.process(readable.eventId(), readable.article());
        } finally {
            MDC.remove("articleId");
        }
    }

    /** The dead-letter handler writes the record with the failure's message as its reason, then acknowledges it. */
    private CompletableFuture<Void> deadLetter(KafkaRecord<String, String> record, Throwable reason) {
        registry.counter("vigil.events.dead.lettered", "reason",
                reason instanceof InvalidEventException ? "invalid" : "failed").increment();
        String offset = record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(metadata -> Long.toString(metadata.getOffset())).orElse("?");
        LOG.warnf("Record at %s-%d@%s (key %s) sent to the dead-letter topic: %s", record.getTopic(),
                record.getPartition(), offset, record.getKey(), reason.getMessage());
        return record.nack(reason).toCompletableFuture();
    }

    private Readable read(KafkaRecord<String, String> record) {
        String eventId = requiredHeader(record, "ce_id");
        String type = requiredHeader(record, "ce_type");
        if (!EXPECTED_TYPE.equals(type)) {
            throw new InvalidEventException("unexpected ce_type " + type);
        }
        return new Readable(record, eventId, parse(record.getPayload()));
    }

    private ClassifiedArticleEvent parse(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException("empty record value");
        }
        ClassifiedArticleEvent article;
        try {
            article = objectMapper.readValue(value, ClassifiedArticleEvent.class);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("value is not a classified-article JSON object: " + e.getOriginalMessage(), e);
        }
        if (article == null || article.id() == null || article.id().isBlank()) {
            throw new InvalidEventException("missing required field id");
        }
        for (ClassifiedArticleEvent.Topic topic : article.topics()) {
            if (topic == null || topic.id() == null) {
                throw new InvalidEventException("topic without id");
            }
        }
        for (ClassifiedArticleEvent.Country country : article.countries()) {
            if (country == null || country.code() == null) {
                throw new InvalidEventException("country without code");
            }
        }
        return article;
    }

    private static String requiredHeader(KafkaRecord<String, String> record, String name) {
        Header header = record.getHeaders().lastHeader(name);
        if (header == null || header.value() == null) {
            throw new InvalidEventException("missing CloudEvents header " + name);
        }
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
