package io.vigil.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.classify.messaging.IngestedArticleConsumer;
import io.vigil.testing.KafkaResource;
import io.vigil.testing.PostgresResource;

/** Poison records land in articles.ingested.dlq with their reason, and the consumer carries on. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class DeadLetterTest {

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndTheConsumerCarriesOn() {
        String notJson = "not json " + UUID.randomUUID();
        String missingFields = "{\"title\": \"no id, no text\", \"marker\": \"" + UUID.randomUUID() + "\"}";
        String noCloudEvent = KafkaTestClient.EXAMPLE_INGESTED.replace("\"source\": \"azertag\"",
                "\"source\": \"" + UUID.randomUUID() + "\"");
        KafkaTestClient.sendIngested(UUID.randomUUID().toString(), "k1", notJson);
        KafkaTestClient.sendIngested(UUID.randomUUID().toString(), "k2", missingFields);
        KafkaTestClient.sendRaw("articles.ingested", "k3", noCloudEvent);

        String articleId = UUID.randomUUID().toString();
        String ceId = UUID.randomUUID().toString();
        KafkaTestClient.sendIngested(ceId, articleId,
                KafkaTestClient.EXAMPLE_INGESTED.replace(KafkaTestClient.EXAMPLE_ARTICLE_ID, articleId));

        List<ConsumerRecord<String, String>> dead = KafkaTestClient.awaitRecords("articles.ingested.dlq",
                read -> List.of(notJson, missingFields, noCloudEvent).stream()
                        .allMatch(v -> read.stream().anyMatch(r -> v.equals(r.value()))));
        assertThat(reasonOf(dead, notJson)).contains("not a vigil.article.ingested JSON object");
        assertThat(reasonOf(dead, missingFields)).contains("id").contains("text");
        assertThat(reasonOf(dead, noCloudEvent)).contains("ce_id");
        ConsumerRecord<String, String> first = dead.stream().filter(r -> notJson.equals(r.value())).findFirst().orElseThrow();
        assertThat(KafkaTestClient.header(first, "dead-letter-topic")).isEqualTo("articles.ingested");
        assertThat(first.key()).isEqualTo("k1");

        ConsumerRecord<String, String> classified = KafkaTestClient.awaitWithHeader("articles.classified", "ce_id",
                IngestedArticleConsumer.classifiedEventId(ceId).toString());
        assertThat(classified.key()).isEqualTo(articleId);
    }

    private static String reasonOf(List<ConsumerRecord<String, String>> dead, String value) {
        return dead.stream().filter(r -> value.equals(r.value())).findFirst()
                .map(r -> KafkaTestClient.header(r, "dead-letter-reason")).orElseThrow();
    }
}
