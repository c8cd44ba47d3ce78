package io.vigil.alert.messaging;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.common.annotation.Blocking;
import io.vigil.alert.AlertService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Consumes {@code articles.classified} (CloudEvents binary mode). Unprocessable records throw, which sends
 * them to {@code articles.classified.dlq} and lets the consumer carry on.
 */
@ApplicationScoped
public class ClassifiedArticleConsumer {

    static final String EXPECTED_TYPE = "vigil.article.classified";
    private static final Logger LOG = Logger.getLogger(ClassifiedArticleConsumer.class);

    private final AlertService alertService;
    private final ObjectMapper objectMapper;

    public ClassifiedArticleConsumer(AlertService alertService, ObjectMapper objectMapper) {
        this.alertService = alertService;
        this.objectMapper = objectMapper;
    }

    @Incoming("articles-classified")
    @Blocking
    @Transactional
    public void consume(ConsumerRecord<String, String> record) {
        MDC.put("articleId", record.key() == null ? "" : record.key());
        try {
            String eventId = requiredHeader(record, "ce_id");
            String type = requiredHeader(record, "ce_type");
            if (!EXPECTED_TYPE.equals(type)) {
                throw new InvalidEventException("unexpected ce_type " + type);
            }
            ClassifiedArticleEvent article = parse(record.value());
            MDC.put("articleId", article.id());
            alertService.process(eventId, article);
        } finally {
            MDC.remove("articleId");
        }
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

    private static String requiredHeader(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null || header.value() == null) {
            LOG.warnf("Record at %s-%d@%d lacks header %s", record.topic(), record.partition(), record.offset(), name);
            throw new InvalidEventException("missing CloudEvents header " + name);
        }
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
