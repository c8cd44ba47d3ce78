package io.vigil.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.testing.KafkaResource;
import io.vigil.testing.PostgresResource;
import jakarta.inject.Inject;

/**
 * A batch looks duplicates and near-duplicates up once for all its items; these pin down that the
 * outcome is still what one submission after another would give.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class BatchDeduplicationTest {

    private static final String SEIZURE = """
            Georgia's interior ministry said on Tuesday that border guards had detained a group of smugglers near
            the Sarpi crossing on the Black Sea coast, seizing weapons, ammunition and a large quantity of
            counterfeit documents. Officials said the operation was prepared jointly with the state security
            service over several months and that the detained men were suspected of links to an organised crime
            network active in the region. The ministry added that cooperation with neighbouring countries on
            border management had improved since the launch of a new information exchange system last year, and
            that further training of customs and border officers was planned with support from European partners.
            A spokesman for the prosecutor's office said charges would be brought under the articles on illegal
            arms trafficking and forgery, and that the investigation into the network's financing was continuing.
            Local residents told reporters that security had been tightened along the coastal road, with
            additional checkpoints and patrols, and that traffic through the crossing had slowed during the
            operation. Analysts noted that the seizure was the largest of its kind in recent years and that it
            showed the growing capacity of the border service, which has received new surveillance equipment.
            """;

    private static final String CONFERENCE = """
            Kazakhstan hosted a regional conference on countering violent extremism in Almaty, bringing together
            officials from Central Asian governments, international organisations and civil society groups to
            discuss the rehabilitation of returnees from conflict zones, the prevention of online radicalisation
            and the role of local communities in early warning. Speakers stressed that repatriated women and
            children needed long term psychological support, education and help finding work, and that programmes
            run in the past five years had shown encouraging results. Delegates also reviewed a draft regional
            action plan on information sharing between law enforcement agencies and agreed to set up a working
            group that will meet every six months. The conference ended with a joint statement calling for closer
            cooperation with technology companies to remove terrorist content quickly while protecting freedom of
            expression, and for more research on the drivers of extremism among young people in rural areas.
            Organisers said that the next meeting would take place in Tashkent and would focus on prisons.
            """;

    private static final String FLOOD = """
            Министерство по чрезвычайным ситуациям Армении сообщило, что в результате сильных ливней в северных
            районах страны были повреждены несколько мостов и участок автомобильной дороги, ведущей к границе с
            Грузией. Спасатели эвакуировали жителей двух сёл, пострадавших никто не обнаружил, однако движение
            грузовиков через перевал было временно остановлено. Власти заявили, что ремонтные работы начнутся
            сразу после того, как спадёт вода, и что на восстановление инфраструктуры будут выделены средства из
            резервного фонда правительства. Эксперты напомнили, что за последние годы подобные наводнения стали
            происходить чаще, и призвали ускорить строительство защитных дамб и модернизацию системы раннего
            оповещения. Представители международных организаций выразили готовность оказать техническую помощь и
            направить в регион специалистов по оценке ущерба. Местные жители пожаловались на отсутствие связи в
            первые часы после наводнения и попросили установить дополнительные станции мобильной связи в горах.
            """;

    @Inject
    ObjectMapper objectMapper;

    @Inject
    DataSource dataSource;

    private JsonNode postBatch(List<Map<String, String>> items) throws Exception {
        String answer = given().urlEncodingEnabled(false).auth().oauth2("test-admin-key")
                .contentType("application/json").body(objectMapper.writeValueAsString(Map.of("items", items)))
                .post("/api/articles:batch").then().statusCode(200).extract().asString();
        return objectMapper.readTree(answer).get("items");
    }

    private String post(String url, String title, String text) throws Exception {
        return given().auth().oauth2("test-admin-key").contentType("application/json")
                .body(objectMapper.writeValueAsString(Map.of("url", url, "title", title, "text", text)))
                .post("/api/articles").then().statusCode(202).extract().path("id");
    }

    private static int distance(String a, String b) {
        return SimHash.distance(SimHash.of(TextFingerprint.normalize(" " + a)), SimHash.of(TextFingerprint.normalize(" " + b)));
    }

    @Test
    void nearDuplicatesAreFoundAmongStoredArticlesAndEarlierItemsOfTheBatch() throws Exception {
        String editedSeizure = SEIZURE.replace("new surveillance", "modern surveillance");
        String editedConference = CONFERENCE.replace("prisons", "prison reform");
        assertTrue(distance(SEIZURE, editedSeizure) <= 3 && distance(CONFERENCE, editedConference) <= 3
                && distance(SEIZURE, CONFERENCE) > 3, "the texts no longer make the cases this test needs");
        String marker = UUID.randomUUID().toString();
        String storedId = post("https://dedup.example.com/seizure/" + marker, "", SEIZURE);

        JsonNode items = postBatch(List.of(
                Map.of("url", "https://dedup.example.com/seizure-copy/" + marker, "title", "", "text", editedSeizure),
                Map.of("url", "https://dedup.example.com/conference/" + marker, "title", "", "text", CONFERENCE),
                Map.of("url", "https://dedup.example.com/conference-copy/" + marker, "title", "", "text",
                        editedConference),
                Map.of("url", "https://dedup.example.com/seizure-again/" + marker, "title", "", "text", SEIZURE),
                Map.of("url", "https://dedup.example.com/conference-again/" + marker, "title", "", "text",
                        CONFERENCE)));

        List<String> statuses = new ArrayList<>();
        items.forEach(item -> statuses.add(item.get("status").asText()));
        assertEquals(List.of("accepted", "accepted", "accepted", "duplicate", "duplicate"), statuses);
        String conferenceId = items.get(1).get("id").asText();
        given().get("/api/articles/" + items.get(0).get("id").asText()).then().body("duplicateOf", equalTo(storedId));
        given().get("/api/articles/" + conferenceId).then().body("duplicateOf", nullValue());
        given().get("/api/articles/" + items.get(2).get("id").asText()).then().body("duplicateOf", equalTo(conferenceId));
        assertEquals(storedId, items.get(3).get("id").asText());
        assertEquals(conferenceId, items.get(4).get("id").asText());
    }

    @Test
    void anArticleGivenANewVersionEarlierInTheBatchIsComparedAsItIsNow() throws Exception {
        String editedFlood = FLOOD.replace("техническую", "финансовую");
        assertTrue(distance("Flood " + FLOOD, "Flood " + editedFlood) <= 3, "the texts no longer make the case");
        String marker = UUID.randomUUID().toString();
        String url = "https://dedup.example.com/flood/" + marker;
        String articleId = post(url, "Flood", "A placeholder page " + marker);

        JsonNode items = postBatch(List.of(
                Map.of("url", url, "title", "Flood", "text", FLOOD),
                Map.of("url", "https://dedup.example.com/flood-copy/" + marker, "title", "Flood", "text", editedFlood)));

        assertEquals(articleId, items.get(0).get("id").asText());
        assertEquals(2, items.get(0).get("version").asInt());
        assertEquals("accepted", items.get(1).get("status").asText());
        given().get("/api/articles/" + items.get(1).get("id").asText()).then().body("duplicateOf", equalTo(articleId));
    }

    @Test
    void twoBatchesOfTheSameArticlesAtOnceStoreEachArticleOnce() throws Exception {
        String marker = UUID.randomUUID().toString();
        List<Map<String, String>> items = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            items.add(Map.of("url", "https://race.example.com/" + marker + "/" + i, "title", "Race " + i,
                    "text", "Article " + i + " of the race " + marker + " " + UUID.randomUUID()));
        }
        CountDownLatch start = new CountDownLatch(1);
        CompletableFuture<JsonNode> first = CompletableFuture.supplyAsync(() -> postAfter(start, items));
        CompletableFuture<JsonNode> second = CompletableFuture.supplyAsync(() -> postAfter(start, items));
        start.countDown();
        JsonNode firstItems = first.join();
        JsonNode secondItems = second.join();

        for (int i = 0; i < items.size(); i++) {
            assertEquals(firstItems.get(i).get("id").asText(), secondItems.get(i).get("id").asText(), "item " + i);
            assertEquals(Set.of("accepted", "duplicate"),
                    Set.of(firstItems.get(i).get("status").asText(), secondItems.get(i).get("status").asText()),
                    "item " + i);
        }
        assertEquals(200, count("SELECT count(*) FROM ingest.article WHERE canonical_url LIKE 'https://race.example.com/"
                + marker + "/%'"));
        assertEquals(200, count("SELECT count(*) FROM ingest.outbox_event o JOIN ingest.article a ON a.id = o.article_id"
                + " WHERE a.canonical_url LIKE 'https://race.example.com/" + marker + "/%'"));
    }

    private JsonNode postAfter(CountDownLatch start, List<Map<String, String>> items) {
        try {
            start.await();
            return postBatch(items);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String sql) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(sql);
             ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
