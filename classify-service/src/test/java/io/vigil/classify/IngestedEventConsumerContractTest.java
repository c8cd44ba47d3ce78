package io.vigil.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.classify.messaging.IngestedArticleConsumer;
import io.vigil.testing.KafkaResource;
import io.vigil.testing.PostgresResource;
import jakarta.inject.Inject;

/** Consumes the literal vigil.article.ingested example of docs/events.md and checks what comes out. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class IngestedEventConsumerContractTest {

    @Inject
    ObjectMapper objectMapper;

    @Test
    void classifiesTheDocumentedExample() throws Exception {
        String ceId = UUID.randomUUID().toString();
        KafkaTestClient.sendIngested(ceId, KafkaTestClient.EXAMPLE_ARTICLE_ID, KafkaTestClient.EXAMPLE_INGESTED);

        String expectedId = UUID.nameUUIDFromBytes(("classified:" + ceId).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        ConsumerRecord<String, String> record = KafkaTestClient.awaitWithHeader("articles.classified", "ce_id", expectedId);

        assertThat(record.key()).isEqualTo(KafkaTestClient.EXAMPLE_ARTICLE_ID);
        assertThat(KafkaTestClient.header(record, "ce_specversion")).isEqualTo("1.0");
        assertThat(KafkaTestClient.header(record, "ce_type")).isEqualTo("vigil.article.classified");
        assertThat(KafkaTestClient.header(record, "ce_source")).isEqualTo("/vigil/classify-service");
        assertThat(KafkaTestClient.header(record, "ce_subject")).isEqualTo(KafkaTestClient.EXAMPLE_ARTICLE_ID);
        assertThat(OffsetDateTime.parse(KafkaTestClient.header(record, "ce_time"))).isNotNull();
        assertThat(KafkaTestClient.header(record, "content-type")).isEqualTo("application/json");
        assertThat(UUID.fromString(expectedId).version()).isEqualTo(3);

        JsonNode input = objectMapper.readTree(KafkaTestClient.EXAMPLE_INGESTED);
        JsonNode output = objectMapper.readTree(record.value());
        for (String field : List.of("id", "version", "url", "canonicalUrl", "title", "text", "source", "duplicateOf")) {
            assertThat(output.get(field)).as(field).isEqualTo(input.get(field));
        }
        assertThat(OffsetDateTime.parse(output.get("publishedAt").asText()).toInstant())
                .isEqualTo(OffsetDateTime.parse("2026-11-12T08:30:00Z").toInstant());
        assertThat(OffsetDateTime.parse(output.get("ingestedAt").asText()).toInstant())
                .isEqualTo(OffsetDateTime.parse("2026-11-12T08:31:02.117Z").toInstant());
        assertThat(output.get("lang").asText()).isEqualTo("az");
        assertThat(OffsetDateTime.parse(output.get("classifiedAt").asText())).isNotNull();
        assertThat(output.get("topics").isArray()).isTrue();
        assertThat(output.get("countries").findValuesAsText("code")).contains("AZ");
        assertThat(output.get("focus").get(0).asText()).isEqualTo("AZ");

        List<ClassificationRecord> stored = QuarkusTransaction.requiringNew()
                .call(() -> ClassificationRecord.<ClassificationRecord>list("id", UUID.fromString(expectedId)));
        assertThat(stored).hasSize(1);
        assertThat(stored.getFirst().articleId).isEqualTo(UUID.fromString(KafkaTestClient.EXAMPLE_ARTICLE_ID));
        assertThat(stored.getFirst().focus).containsExactly("AZ");
    }

    @Test
    void aRedeliveredEventIsClassifiedOnce() {
        String ceId = UUID.randomUUID().toString();
        String articleId = UUID.randomUUID().toString();
        String json = KafkaTestClient.EXAMPLE_INGESTED.replace(KafkaTestClient.EXAMPLE_ARTICLE_ID, articleId);
        KafkaTestClient.sendIngested(ceId, articleId, json);
        KafkaTestClient.sendIngested(ceId, articleId, json);
        String followingCeId = UUID.randomUUID().toString();
        KafkaTestClient.sendIngested(followingCeId, articleId, json);

        String duplicateId = IngestedArticleConsumer.classifiedEventId(ceId).toString();
        String followingId = IngestedArticleConsumer.classifiedEventId(followingCeId).toString();
        // Records of one article share a partition, so once the following event is out the duplicate was handled
        List<ConsumerRecord<String, String>> records = KafkaTestClient.awaitRecords("articles.classified",
                read -> read.stream().anyMatch(r -> followingId.equals(KafkaTestClient.header(r, "ce_id"))));

        assertThat(records).filteredOn(r -> duplicateId.equals(KafkaTestClient.header(r, "ce_id"))).hasSize(1);
        long stored = QuarkusTransaction.requiringNew().call(() -> ClassificationRecord.count("articleId", UUID.fromString(articleId)));
        assertThat(stored).isEqualTo(2);
    }
}
