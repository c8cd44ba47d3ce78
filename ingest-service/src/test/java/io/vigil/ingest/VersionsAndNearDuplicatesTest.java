package io.vigil.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vigil.testing.KafkaResource;
import io.vigil.testing.PostgresResource;
import jakarta.inject.Inject;

@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class VersionsAndNearDuplicatesTest {

    private static final String STORY = """
            Azerbaijan and NATO held talks in Baku on expanding cooperation in cyber defence, with officials
            from both sides reviewing the individual partnership action plan and discussing joint training of
            specialists, the protection of critical information infrastructure and exchanges between national
            computer emergency response teams. The delegation also visited the state security service and met
            members of parliament to discuss defence reform, interoperability and the participation of
            Azerbaijani units in multinational exercises planned for next year under the Partnership for Peace
            programme, and both sides agreed to hold the next round of consultations in Brussels in the spring.
            The talks followed a visit by the deputy assistant secretary general for emerging security
            challenges, who praised the progress made since the last review and stressed the importance of
            resilience against hybrid threats, including disinformation campaigns and attacks on energy
            infrastructure in the Caspian region. Officials said that a new training course for cyber
            specialists would open at the national defence university, that a liaison officer would be
            appointed to the alliance headquarters, and that the results of the joint assessment would be
            presented to the defence ministers at their meeting in the autumn. The minister of foreign affairs
            thanked the allies for their support and said that the country remained committed to dialogue
            """;

    @Inject
    ObjectMapper objectMapper;

    private ValidatableResponse post(String url, String title, String text) throws Exception {
        Map<String, Object> article = new HashMap<>(Map.of("title", title, "text", text));
        if (url != null) {
            article.put("url", url);
        }
        return given().auth().oauth2("test-admin-key").contentType("application/json")
                .body(objectMapper.writeValueAsString(article)).post("/api/articles").then();
    }

    @Test
    void changedTextUnderTheSameUrlIsTheNextVersionOfTheSameArticle() throws Exception {
        String url = "https://versions.example.az/xeber/" + UUID.randomUUID();
        try (IngestedTopic topic = new IngestedTopic()) {
            String id = post(url, "Draft", "First text " + UUID.randomUUID()).statusCode(202)
                    .body("version", equalTo(1)).extract().path("id");
            topic.awaitRecord(id);

            String correctedText = "Corrected text " + UUID.randomUUID();
            post(url + "?utm_source=rss", "Final", correctedText).statusCode(202)
                    .body("id", equalTo(id)).body("status", equalTo("accepted")).body("version", equalTo(2));

            org.awaitility.Awaitility.await().until(() -> {
                topic.awaitRecord(id);
                return topic.recordsFor(id).size() == 2;
            });
            ConsumerRecord<String, String> second = topic.recordsFor(id).get(1);
            JsonNode data = objectMapper.readTree(second.value());
            assertEquals(2, data.get("version").asInt());
            assertEquals(correctedText, data.get("text").asText());
            assertEquals("Final", data.get("title").asText());
            assertNotEquals(IngestedTopic.header(topic.recordsFor(id).get(0), "ce_id"),
                    IngestedTopic.header(second, "ce_id"));

            given().get("/api/articles/" + id).then().statusCode(200)
                    .body("version", equalTo(2)).body("text", equalTo(correctedText));
            post(url, "Final", correctedText).statusCode(200).body("status", equalTo("duplicate"));
        }
    }

    @Test
    void anEarlierVersionsTextIsADuplicateNotAThirdVersion() throws Exception {
        String url = "https://versions.example.az/flip/" + UUID.randomUUID();
        String original = "Original wording " + UUID.randomUUID();
        String id = post(url, "", original).statusCode(202).extract().path("id");
        post(url, "", "Changed wording " + UUID.randomUUID()).statusCode(202).body("version", equalTo(2));
        post(url, "", original).statusCode(200).body("status", equalTo("duplicate")).body("id", equalTo(id));
        given().get("/api/articles/" + id).then().body("version", equalTo(2));
    }

    @Test
    void aLightlyEditedRepostIsStoredAsANearDuplicateOfTheOriginal() throws Exception {
        // The exact texts whose distance SimHashTest pins down: a random marker in them would move it.
        String marker = UUID.randomUUID().toString();
        String text = STORY;
        try (IngestedTopic topic = new IngestedTopic()) {
            String originalId = post("https://near.example.com/a/" + marker, "", text).statusCode(202)
                    .extract().path("id");
            given().get("/api/articles/" + originalId).then().body("duplicateOf", nullValue());

            String edited = text.replace("joint training", "common training");
            String repostId = post("https://near.example.com/b/" + marker, "", edited).statusCode(202)
                    .body("id", not(equalTo(originalId))).extract().path("id");

            given().get("/api/articles/" + repostId).then().body("duplicateOf", equalTo(originalId));
            JsonNode data = objectMapper.readTree(topic.awaitRecord(repostId).value());
            assertEquals(originalId, data.get("duplicateOf").asText());

            String unrelatedId = post(null, "Football", "The national team won its match on Saturday " + marker)
                    .statusCode(202).extract().path("id");
            given().get("/api/articles/" + unrelatedId).then().body("duplicateOf", nullValue());
            assertTrue(topic.recordsFor(originalId).isEmpty() || topic.recordsFor(originalId).size() == 1);
        }
    }
}
