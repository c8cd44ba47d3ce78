package io.vigil.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.classify.messaging.IngestedArticleConsumer;
import io.vigil.testing.KafkaResource;
import io.vigil.testing.PostgresResource;
import jakarta.inject.Inject;

/** The vigil.article.classified events this service writes follow docs/events.md field by field. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class ClassifiedEventContractTest {

    private static final Set<String> FRAMEWORKS = Set.of("PFP", "MD", "ICI", "PATG", "NATO");

    @Inject
    ObjectMapper objectMapper;

    @Test
    void classifiedEventFollowsTheContract() throws Exception {
        String articleId = UUID.randomUUID().toString();
        String ceId = UUID.randomUUID().toString();
        String title = "Azerbaijan and Georgia hold talks on energy security";
        String text = "Baku, 3 March. The foreign ministers of Azerbaijan and Georgia met in Tbilisi to discuss the "
                + "protection of the Baku-Tbilisi-Ceyhan oil pipeline and the South Caucasus gas pipeline. "
                + "Turkey's energy minister joined the talks by video link.";
        String json = objectMapper.writeValueAsString(java.util.Map.of(
                "id", articleId, "version", 2, "title", title, "text", text, "lang", "en",
                "ingestedAt", "2026-03-03T10:00:00Z", "source", "api", "someFutureField", "ignored"));
        KafkaTestClient.sendIngested(ceId, articleId, json);

        ConsumerRecord<String, String> record = KafkaTestClient.awaitWithHeader("articles.classified", "ce_id",
                IngestedArticleConsumer.classifiedEventId(ceId).toString());
        assertThat(KafkaTestClient.headers(record)).containsKeys("ce_specversion", "ce_id", "ce_source", "ce_type",
                "ce_subject", "ce_time", "content-type");
        JsonNode event = objectMapper.readTree(record.value());

        assertThat(UUID.fromString(event.get("id").asText()).toString()).isEqualTo(articleId);
        assertThat(event.get("version").isInt()).isTrue();
        assertThat(event.get("version").asInt()).isEqualTo(2);
        assertThat(event.has("url")).isTrue();
        assertThat(event.get("url").isNull()).isTrue();
        assertThat(event.get("canonicalUrl").isNull()).isTrue();
        assertThat(event.get("publishedAt").isNull()).isTrue();
        assertThat(event.get("duplicateOf").isNull()).isTrue();
        assertThat(event.get("title").asText()).isEqualTo(title);
        assertThat(event.get("text").asText()).isEqualTo(text);
        assertThat(event.get("source").asText()).isEqualTo("api");
        assertThat(event.has("someFutureField")).isFalse();
        assertThat(event.get("lang").asText()).isEqualTo("en");
        assertThat(OffsetDateTime.parse(event.get("classifiedAt").asText())).isNotNull();

        String analysed = title + "\n" + text;
        for (JsonNode topic : event.get("topics")) {
            assertThat(Taxonomy.TOPICS).containsKey(topic.get("id").asText());
            assertThat(topic.get("score").asDouble()).isBetween(0.5, 1.0);
            assertEvidence(topic.get("evidence"), analysed);
        }
        Set<String> codes = new java.util.HashSet<>();
        for (JsonNode country : event.get("countries")) {
            String code = country.get("code").asText();
            codes.add(code);
            assertThat(code).matches("[A-Z]{2}");
            assertThat(country.get("mentions").asInt()).isPositive();
            country.get("frameworks").forEach(f -> assertThat(FRAMEWORKS).contains(f.asText()));
            assertEvidence(country.get("evidence"), analysed);
        }
        assertThat(codes).contains("AZ", "GE");
        assertThat(event.get("focus").size()).isBetween(1, 3);
        event.get("focus").forEach(code -> assertThat(codes).contains(code.asText()));
        assertThat(KafkaTestClient.header(record, "ce_id").getBytes(StandardCharsets.UTF_8)).isNotEmpty();
    }

    private static void assertEvidence(JsonNode evidence, String analysed) {
        assertThat(evidence.size()).isPositive();
        for (JsonNode span : evidence) {
            int start = span.get("start").asInt();
            int end = span.get("end").asInt();
            assertThat(analysed.substring(start, end)).isEqualTo(span.get("text").asText());
        }
    }
}
