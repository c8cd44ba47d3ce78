package io.vigil.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.classify.messaging.IngestedArticleConsumer;
import io.vigil.testing.KafkaResource;
import io.vigil.testing.PostgresResource;

/** Records sent together are consumed in batches; poison records among them go to the DLQ alone. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class BatchConsumptionTest {

    private static final int ARTICLES = 60;

    @Test
    void poisonRecordsInABatchGoToTheDeadLetterTopicAndTheOthersAreClassifiedOnce() {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        List<String> articleIds = new ArrayList<>();
        List<String> ceIds = new ArrayList<>();
        String notJson = "not json " + UUID.randomUUID();
        String missingText = "{\"id\": \"" + UUID.randomUUID() + "\", \"version\": 1, \"ingestedAt\": \"2026-11-12T08:31:02Z\"}";
        for (int i = 0; i < ARTICLES; i++) {
            String articleId = UUID.randomUUID().toString();
            String ceId = UUID.randomUUID().toString();
            articleIds.add(articleId);
            ceIds.add(ceId);
            records.add(KafkaTestClient.ingestedExample(ceId, articleId));
            if (i == 10) {
                records.add(KafkaTestClient.ingested(UUID.randomUUID().toString(), "poison-1", notJson));
            }
            if (i == 30) {
                records.add(KafkaTestClient.ingested(UUID.randomUUID().toString(), "poison-2", missingText));
                // A re-delivery inside the same batch is classified once
                records.add(KafkaTestClient.ingestedExample(ceIds.get(5), articleIds.get(5)));
            }
        }
        KafkaTestClient.sendAll(records);

        Set<String> expected = KafkaTestClient.classifiedIds(ceIds);
        List<ConsumerRecord<String, String>> classified = KafkaTestClient.awaitClassified(expected);
        List<ConsumerRecord<String, String>> dead = KafkaTestClient.awaitRecords("articles.ingested.dlq",
                read -> read.stream().filter(r -> notJson.equals(r.value()) || missingText.equals(r.value())).count() == 2);

        assertThat(dead).filteredOn(r -> missingText.equals(r.value())).singleElement()
                .satisfies(r -> assertThat(KafkaTestClient.header(r, "dead-letter-reason")).contains("text"));
        assertThat(dead).filteredOn(r -> notJson.equals(r.value())).singleElement()
                .satisfies(r -> assertThat(KafkaTestClient.header(r, "dead-letter-reason"))
                        .contains("not a vigil.article.ingested JSON object"));
        String redelivered = IngestedArticleConsumer.classifiedEventId(ceIds.get(5)).toString();
        assertThat(classified).filteredOn(r -> redelivered.equals(KafkaTestClient.header(r, "ce_id"))).hasSize(1);
        List<UUID> ids = articleIds.stream().map(UUID::fromString).toList();
        long stored = QuarkusTransaction.requiringNew().call(() -> ClassificationRecord.count("articleId in ?1", ids));
        assertThat(stored).isEqualTo(ARTICLES);
        long processed = QuarkusTransaction.requiringNew().call(() -> ProcessedEvent.count("ceId in ?1", ceIds));
        assertThat(processed).isEqualTo(ARTICLES);
    }

    @Test
    void aRecordThatMakesTheBatchTransactionFailGoesToTheDeadLetterTopicAloneAndTheOthersAreClassifiedOnce() {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        List<String> articleIds = new ArrayList<>();
        List<String> ceIds = new ArrayList<>();
        // A CloudEvent id passes parsing but not processed_event.ce_id varchar(255): the batch's insert fails
        String tooLongCeId = "x".repeat(300);
        String unstorableArticleId = UUID.randomUUID().toString();
        for (int i = 0; i < 20; i++) {
            String articleId = UUID.randomUUID().toString();
            String ceId = UUID.randomUUID().toString();
            articleIds.add(articleId);
            ceIds.add(ceId);
            records.add(KafkaTestClient.ingestedExample(ceId, articleId));
            if (i == 7) {
                records.add(KafkaTestClient.ingestedExample(tooLongCeId, unstorableArticleId));
            }
        }
        KafkaTestClient.sendAll(records);

        Set<String> expected = KafkaTestClient.classifiedIds(ceIds);
        List<ConsumerRecord<String, String>> classified = KafkaTestClient.awaitClassified(expected);
        List<ConsumerRecord<String, String>> dead = KafkaTestClient.awaitRecords("articles.ingested.dlq",
                read -> read.stream().anyMatch(r -> unstorableArticleId.equals(r.key())));

        assertThat(dead).filteredOn(r -> unstorableArticleId.equals(r.key())).singleElement()
                .satisfies(r -> assertThat(KafkaTestClient.header(r, "dead-letter-reason")).contains("too long"));
        // Nothing of the failed batch transaction was published: each event once, none for the dead-lettered record
        assertThat(classified).filteredOn(r -> expected.contains(KafkaTestClient.header(r, "ce_id"))).hasSize(20);
        assertThat(classified).filteredOn(r -> unstorableArticleId.equals(r.key())).isEmpty();
        List<UUID> ids = articleIds.stream().map(UUID::fromString).toList();
        long stored = QuarkusTransaction.requiringNew().call(() -> ClassificationRecord.count("articleId in ?1", ids));
        assertThat(stored).isEqualTo(20);
        long unstored = QuarkusTransaction.requiringNew().call(() ->
                ClassificationRecord.count("articleId", UUID.fromString(unstorableArticleId)));
        assertThat(unstored).isZero();
    }
}
