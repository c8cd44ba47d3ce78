package io.vigil.classify.messaging;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vigil.classify.Classification;
import io.vigil.classify.ClassificationRecord;
import io.vigil.classify.ClassificationService;
import io.vigil.classify.ProcessedEvent;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Consumes {@code articles.ingested} a poll at a time, classifies each article and publishes
 * {@code articles.classified}.
 *
 * <p>A batch shares one transaction: its processed-event rows, its classification rows and, once they are written,
 * the wait for the broker's acknowledgement of every outgoing event. The batch is acknowledged (its offsets
 * committed) only after that transaction commits: a crash before re-delivers the batch and publishes again with the
 * same ce_ids (at-least-once; consumers de-duplicate), a crash after finds the inputs processed. A record that breaks
 * the contract goes to the dead-letter topic alone. When the batch transaction fails for a transient reason (the
 * database down or restarting, see {@link TransientFailure}) the whole batch is tried again, with backoff, until it
 * succeeds: its records are good. When it fails for another reason, its records are retried one transaction each, so
 * that only a record that cannot be processed goes to the dead-letter topic.
 */
@ApplicationScoped
public class IngestedArticleConsumer {

    static final String CLASSIFIED_TYPE = "vigil.article.classified";
    static final String INGESTED_TYPE = "vigil.article.ingested";
    static final URI SOURCE = URI.create("/vigil/classify-service");
    /** Outgoing events a batch may have in flight: above max.poll.records, so a full poll never overflows. */
    static final int MAX_IN_FLIGHT = 2048;

    private static final Logger LOG = Logger.getLogger(IngestedArticleConsumer.class);

    /** A record that follows the contract, with its event id and article. */
    private record Ingested(KafkaRecord<String, String> record, String eventId, IngestedArticleEvent article) {
    }

    private final ObjectMapper objectMapper;
    private final ClassificationService classificationService;
    private final MutinyEmitter<String> classified;
    private final TransientFailureRetry retry;
    private final Clock clock;
    /** When the previous batch was handed back to the connector, for the idle time before the next one. */
    private volatile long previousBatchEnd;

    public IngestedArticleConsumer(ObjectMapper objectMapper, ClassificationService classificationService,
                                   TransientFailureRetry retry,
                                   @Channel("articles-classified") @OnOverflow(value = OnOverflow.Strategy.BUFFER,
                                           bufferSize = MAX_IN_FLIGHT) MutinyEmitter<String> classified) {
        this.objectMapper = objectMapper;
        this.classificationService = classificationService;
        this.classified = classified;
        this.retry = retry;
        this.clock = Clock.systemUTC();
    }

    @Incoming("articles-ingested")
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        long start = System.nanoTime();
        BatchTimings timings = new BatchTimings();
        List<Ingested> valid = new ArrayList<>(batch.getRecords().size());
        List<CompletableFuture<Void>> deadLettered = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch) {
            try {
                valid.add(parse(record));
            } catch (InvalidEventException e) {
                deadLettered.add(deadLetter(record, e));
            }
        }
        int published;
        try {
            published = publishedOrDeadLettered(valid, deadLettered, timings);
        } catch (TransientFailureRetry.Abandoned e) {
            // Neither acked nor nacked: a nack would dead-letter good records. The next start re-delivers them.
            LOG.infof("Batch of %d records left uncommitted: %s", batch.getRecords().size(), e.getMessage());
            return new CompletableFuture<>();
        }
        // The batch's offsets cover the dead-lettered records too: commit them only once they are in the DLQ
        CompletableFuture.allOf(deadLettered.toArray(CompletableFuture[]::new)).join();
        CompletionStage<Void> acked = batch.ack();
        long end = System.nanoTime();
        LOG.infof("Batch of %d records: %d classified, %d dead-lettered, %d already processed in %d ms "
                        + "(classify %d ms, store %d ms, publish %d ms); %s ms idle before it",
                batch.getRecords().size(), published, deadLettered.size(),
                batch.getRecords().size() - published - deadLettered.size(), millis(end - start),
                millis(timings.classify), millis(timings.store), millis(timings.publish),
                previousBatchEnd == 0 ? "?" : Long.toString(millis(start - previousBatchEnd)));
        previousBatchEnd = end;
        return acked;
    }

    /** Where a batch's time went, summed over its attempts, for the batch's log line. */
    private static final class BatchTimings {
        long classify;
        long store;
        long publish;
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    /**
     * Processes the records in one transaction, again and again while it fails for a transient reason (the database
     * down, say): those records are good. When it fails for another reason, each record gets a transaction of its
     * own, so that only the one that fails goes to the dead-letter topic. Returns how many records it published.
     */
    private int publishedOrDeadLettered(List<Ingested> valid, List<CompletableFuture<Void>> deadLettered,
                                        BatchTimings timings) {
        try {
            return retry.untilDone("A batch of " + valid.size() + " records", () -> inTransaction(valid, timings));
        } catch (TransientFailureRetry.Abandoned e) {
            throw e;
        } catch (RuntimeException batchFailure) {
            LOG.warnf(batchFailure, "A batch of %d records failed; retrying them one by one", valid.size());
        }
        int published = 0;
        for (Ingested ingested : valid) {
            try {
                published += retry.untilDone("Record " + ingested.eventId(),
                        () -> inTransaction(List.of(ingested), timings));
            } catch (TransientFailureRetry.Abandoned e) {
                throw e;
            } catch (RuntimeException e) {
                deadLettered.add(deadLetter(ingested.record(), e));
            }
        }
        return published;
    }

    private int inTransaction(List<Ingested> records, BatchTimings timings) {
        return QuarkusTransaction.requiringNew().call(() -> process(records, timings));
    }

    /** Classifies, stores and publishes the articles not processed yet; returns how many it published. */
    private int process(List<Ingested> batch, BatchTimings timings) {
        long start = System.nanoTime();
        Set<String> done = new HashSet<>(ProcessedEvent.seenAmong(batch.stream().map(Ingested::eventId).toList()));
        List<Ingested> todo = new ArrayList<>(batch.size());
        for (Ingested ingested : batch) {
            if (done.add(ingested.eventId())) {
                todo.add(ingested);
            } else {
                LOG.debugf("Event %s already processed", ingested.eventId());
            }
        }
        Instant classifiedAt = clock.instant();
        long classifyStart = System.nanoTime();
        List<Classification> results = classifyAll(todo);
        long storeStart = System.nanoTime();
        List<ClassificationRecord> classifications = new ArrayList<>(todo.size());
        for (int i = 0; i < todo.size(); i++) {
            Ingested ingested = todo.get(i);
            IngestedArticleEvent article = ingested.article();
            classifications.add(ClassificationRecord.of(classifiedEventId(ingested.eventId()), article.id(),
                    article.version(), results.get(i), classifiedAt));
        }
        // All rows of one table, then the other: Hibernate sends each table's inserts as one JDBC batch
        ClassificationRecord.persist(classifications);
        todo.forEach(ingested -> ProcessedEvent.record(ingested.eventId(), classifiedAt));
        ClassificationRecord.flush();
        long publishStart = System.nanoTime();
        // Published once the rows are written: a batch that fails on the database has published nothing
        List<CompletableFuture<Void>> sends = new ArrayList<>(todo.size());
        for (int i = 0; i < todo.size(); i++) {
            sends.add(send(ClassifiedArticleEvent.of(todo.get(i).article(), results.get(i), classifiedAt),
                    classifications.get(i).id));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        long end = System.nanoTime();
        timings.classify += storeStart - classifyStart;
        timings.store += publishStart - storeStart + classifyStart - start;
        timings.publish += end - publishStart;
        return sends.size();
    }

    private List<Classification> classifyAll(List<Ingested> articles) {
        List<Classification> results = new ArrayList<>(articles.size());
        for (Ingested ingested : articles) {
            IngestedArticleEvent article = ingested.article();
            MDC.put("articleId", article.id().toString());
            try {
                Classification classification = classificationService.classify(article.title(), article.text(),
                        article.lang());
                results.add(classification);
                LOG.debugf("Classified article %s v%d as %s: topics %s, focus %s", article.id(), article.version(),
                        classification.lang(), classification.topics().stream().map(Classification.TopicTag::id).toList(),
                        classification.focus());
            } finally {
                MDC.remove("articleId");
            }
        }
        return results;
    }

    private CompletableFuture<Void> send(ClassifiedArticleEvent event, UUID classifiedId) {
        Message<String> message = Message.of(toJson(event))
                .addMetadata(OutgoingCloudEventMetadata.builder()
                        .withId(classifiedId.toString())
                        .withType(CLASSIFIED_TYPE)
                        .withSource(SOURCE)
                        .withSubject(event.id().toString())
                        .withTimestamp(event.classifiedAt().atZone(ZoneOffset.UTC))
                        .build())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.id().toString()).build());
        return classified.sendMessage(message).subscribeAsCompletionStage();
    }

    /** The dead-letter queue of the channel takes the record, with the exception's message as its reason. */
    private static CompletableFuture<Void> deadLetter(KafkaRecord<String, String> record, Exception reason) {
        long offset = record.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getOffset)
                .orElse(-1L);
        LOG.warnf("Record %s-%d@%d goes to the dead-letter topic: %s", record.getTopic(), record.getPartition(), offset,
                reason.getMessage());
        return record.nack(reason).toCompletableFuture();
    }

    /** The classified event's id: a name-based UUID (v3) of the ingested event's id, stable across re-processing. */
    public static UUID classifiedEventId(String ingestedEventId) {
        return UUID.nameUUIDFromBytes(("classified:" + ingestedEventId).getBytes(StandardCharsets.UTF_8));
    }

    private Ingested parse(KafkaRecord<String, String> record) {
        String eventId = header(record, "ce_id");
        if (eventId == null || eventId.isBlank()) {
            throw new InvalidEventException("no ce_id header: not a CloudEvent in binary mode");
        }
        String type = header(record, "ce_type");
        if (type != null && !INGESTED_TYPE.equals(type)) {
            throw new InvalidEventException("unexpected ce_type " + type);
        }
        return new Ingested(record, eventId, parse(record.getPayload()));
    }

    private IngestedArticleEvent parse(String value) {
        if (value == null) {
            throw new InvalidEventException("empty record value");
        }
        IngestedArticleEvent article;
        try {
            article = objectMapper.readValue(value, IngestedArticleEvent.class);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("value is not a vigil.article.ingested JSON object: " + e.getOriginalMessage(), e);
        }
        if (article == null) {
            throw new InvalidEventException("value is JSON null");
        }
        article.requireContractFields();
        return article;
    }

    private String toJson(ClassifiedArticleEvent event) {
        try {
            return objectMapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A classified event is always serialisable", e);
        }
    }

    private static String header(KafkaRecord<String, String> record, String name) {
        Header header = record.getHeaders().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
