package io.vigil.classify.messaging;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vigil.classify.Classification;
import io.vigil.classify.ClassificationRecord;
import io.vigil.classify.ClassificationService;
import io.vigil.classify.ProcessedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Consumes {@code articles.ingested}, classifies each article and publishes {@code articles.classified}.
 *
 * <p>The processed-event row, the classification row and the wait for the broker's acknowledgement of the outgoing
 * event share one transaction: a crash before the commit re-delivers the input and publishes again with the same
 * ce_id (at-least-once; consumers de-duplicate), a crash after it finds the input processed.
 */
@ApplicationScoped
public class IngestedArticleConsumer {

    static final String CLASSIFIED_TYPE = "vigil.article.classified";
    static final String INGESTED_TYPE = "vigil.article.ingested";
    static final URI SOURCE = URI.create("/vigil/classify-service");

    private static final Logger LOG = Logger.getLogger(IngestedArticleConsumer.class);

    private final ObjectMapper objectMapper;
    private final ClassificationService classificationService;
    private final MutinyEmitter<String> classified;
    private final Clock clock;

    public IngestedArticleConsumer(ObjectMapper objectMapper, ClassificationService classificationService,
                                   @Channel("articles-classified") MutinyEmitter<String> classified) {
        this.objectMapper = objectMapper;
        this.classificationService = classificationService;
        this.classified = classified;
        this.clock = Clock.systemUTC();
    }

    @Incoming("articles-ingested")
    @Blocking
    @Transactional
    public void consume(ConsumerRecord<String, String> record) {
        String eventId = header(record, "ce_id");
        if (eventId == null || eventId.isBlank()) {
            throw new InvalidEventException("no ce_id header: not a CloudEvent in binary mode");
        }
        String type = header(record, "ce_type");
        if (type != null && !INGESTED_TYPE.equals(type)) {
            throw new InvalidEventException("unexpected ce_type " + type);
        }
        IngestedArticleEvent article = parse(record.value());
        MDC.put("articleId", article.id().toString());
        try {
            if (ProcessedEvent.seen(eventId)) {
                LOG.debugf("Event %s already processed", eventId);
                return;
            }
            Classification classification = classificationService.classify(article.title(), article.text(), article.lang());
            Instant classifiedAt = clock.instant();
            UUID classifiedId = classifiedEventId(eventId);
            ClassificationRecord.of(classifiedId, article.id(), article.version(), classification, classifiedAt).persist();
            ProcessedEvent.record(eventId, classifiedAt);
            String payload = toJson(ClassifiedArticleEvent.of(article, classification, classifiedAt));
            classified.sendMessageAndAwait(Message.of(payload)
                    .addMetadata(OutgoingCloudEventMetadata.builder()
                            .withId(classifiedId.toString())
                            .withType(CLASSIFIED_TYPE)
                            .withSource(SOURCE)
                            .withSubject(article.id().toString())
                            .withTimestamp(classifiedAt.atZone(ZoneOffset.UTC))
                            .build())
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(article.id().toString()).build()));
            LOG.infof("Classified article %s v%d as %s: topics %s, focus %s", article.id(), article.version(),
                    classification.lang(), classification.topics().stream().map(Classification.TopicTag::id).toList(),
                    classification.focus());
        } finally {
            MDC.remove("articleId");
        }
    }

    /** The classified event's id: a name-based UUID (v3) of the ingested event's id, stable across re-processing. */
    public static UUID classifiedEventId(String ingestedEventId) {
        return UUID.nameUUIDFromBytes(("classified:" + ingestedEventId).getBytes(StandardCharsets.UTF_8));
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

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
