package io.vigil.alert.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vigil.alert.AlertService;
import jakarta.enterprise.context.ApplicationScoped;

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
 */
@ApplicationScoped
public class ClassifiedArticleConsumer {

    static final String EXPECTED_TYPE = "vigil.article.classified";
    private static final Logger LOG = Logger.getLogger(ClassifiedArticleConsumer.class);

    private final AlertService alertService;
    private final ObjectMapper objectMapper;
    private final MeterRegistry registry;

    public ClassifiedArticleConsumer(AlertService alertService, ObjectMapper objectMapper, MeterRegistry registry) {
        this.alertService = alertService;
        this.objectMapper = objectMapper;
        this.registry = registry;
    }

    private record Readable(KafkaRecord<String, String> record, String eventId, ClassifiedArticleEvent article) {
    }

    @Incoming("articles-classified")
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
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
            created = QuarkusTransaction.requiringNew().call(() -> readable.stream().mapToInt(this::process).sum());
        } catch (RuntimeException batchFailure) {
            LOG.warnf(batchFailure, "A poll of %d record(s) failed as one transaction; processing them one by one",
                    readable.size());
            for (Readable each : readable) {
                try {
                    created += QuarkusTransaction.requiringNew().call(() -> process(each));
                } catch (RuntimeException recordFailure) {
                    deadLetters.add(deadLetter(each.record(), recordFailure));
                }
            }
        }
        // One line per poll rather than per article: at hundreds of articles a second the lines were a visible cost.
        LOG.infof("Poll of %d record(s): %d new alert(s), %d dead-lettered", batch.getRecords().size(), created,
                deadLetters.size());
        return CompletableFuture.allOf(deadLetters.toArray(CompletableFuture[]::new)).thenCompose(written -> batch.ack());
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
