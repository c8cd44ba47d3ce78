package io.vigil.alert;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vigil.testing.KafkaResource;
import io.vigil.testing.PostgresResource;

@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class SubscriptionApiTest {

    private static final String VALID = """
            {"name": "Gulf demining", "topics": ["mine-action"], "countries": ["KW"], "frameworks": [], "languages": ["ar"],
             "minScore": 0.6, "webhook": {"url": "https://hooks.example.org/vigil"}}""";

    private static RequestSpecification admin() {
        return given().header("Authorization", "Bearer test-admin-key").contentType(ContentType.JSON);
    }

    @Test
    void createShowsTheSecretOnceAndLaterReadsOmitIt() {
        String id = admin().body(VALID).post("/api/subscriptions")
                .then().statusCode(201)
                .header("Location", containsString("/api/subscriptions/"))
                .body("name", equalTo("Gulf demining"))
                .body("minScore", equalTo(0.6f))
                .body("webhook.url", equalTo("https://hooks.example.org/vigil"))
                .body("webhook.secret", startsWith("whsec_"))
                .extract().path("id");

        admin().get("/api/subscriptions/" + id).then().statusCode(200)
                .body("countries", hasItem("KW"))
                .body("webhook.url", notNullValue())
                .body("webhook.secret", nullValue());
        admin().get("/api/subscriptions").then().statusCode(200)
                .body("id", hasItem(id))
                .body("webhook.secret", org.hamcrest.Matchers.everyItem(nullValue()));
    }

    @Test
    void updateReplacesCriteriaAndDeleteRemoves() {
        String id = admin().body(VALID).post("/api/subscriptions").then().statusCode(201).extract().path("id");

        admin().body("""
                {"name": "Gulf", "countries": ["KW"], "webhook": {"url": "http://hooks.example.org/gulf"}}""")
                .put("/api/subscriptions/" + id)
                .then().statusCode(200)
                .body("name", equalTo("Gulf"))
                .body("topics.size()", equalTo(0))
                .body("minScore", equalTo(0.5f))
                .body("webhook.secret", nullValue());

        admin().delete("/api/subscriptions/" + id).then().statusCode(204);
        admin().get("/api/subscriptions/" + id).then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("instance", equalTo("/api/subscriptions/" + id));
    }

    @Test
    void unknownTopicCountryAndFrameworkAreNamedWithTheValidOnes() {
        admin().body("""
                {"name": "x", "topics": ["cyber", "weather"], "countries": ["ZZ"], "frameworks": ["SCO"],
                 "webhook": {"url": "https://hooks.example.org/x"}}""")
                .post("/api/subscriptions")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://vigil.io/problems/invalid-subscription"))
                .body("title", equalTo("Invalid subscription"))
                .body("status", equalTo(400))
                .body("instance", equalTo("/api/subscriptions"))
                .body("detail", containsString("weather"))
                .body("detail", containsString("hybrid-disinformation"))
                .body("detail", containsString("SCO"))
                .body("unknownTopics", hasItem("weather"))
                .body("validTopics", hasItems("cyber", "maritime-security"))
                .body("unknownCountries", hasItem("ZZ"))
                .body("validCountries", hasItems("AZ", "XK"))
                .body("unknownFrameworks", hasItem("SCO"))
                .body("validFrameworks", hasItems("PFP", "MD", "ICI", "PATG", "NATO"));
    }

    @Test
    void invalidSubscriptionsAreRefused() {
        admin().body("""
                {"name": "nothing", "languages": ["az"], "webhook": {"url": "https://hooks.example.org/x"}}""")
                .post("/api/subscriptions").then().statusCode(400)
                .body("detail", containsString("at least one topic, country, framework or query"));
        admin().body("""
                {"name": "x", "topics": ["cyber"], "minScore": 1.5, "webhook": {"url": "https://hooks.example.org/x"}}""")
                .post("/api/subscriptions").then().statusCode(400).body("detail", containsString("minScore"));
        admin().body("""
                {"name": "x", "topics": ["cyber"], "webhook": {"url": "/relative/path"}}""")
                .post("/api/subscriptions").then().statusCode(400).body("detail", containsString("webhook.url"));
        admin().body("""
                {"name": "x", "topics": ["cyber"]}""")
                .post("/api/subscriptions").then().statusCode(400).body("detail", containsString("webhook.url"));
    }

    @Test
    void webhooksToInternalAddressesAreRefused() {
        for (String url : new String[] {"http://127.0.0.2:9000/hook", "http://10.0.0.1/hook",
                "http://169.254.169.254/latest/meta-data", "http://[::1]/hook"}) {
            admin().body("{\"name\": \"ssrf\", \"topics\": [\"cyber\"], \"webhook\": {\"url\": \"" + url + "\"}}")
                    .post("/api/subscriptions")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("detail", containsString("internal address"));
        }
        admin().body("{\"name\": \"local receiver\", \"topics\": [\"cyber\"], "
                        + "\"webhook\": {\"url\": \"http://127.0.0.1:9000/hook\"}}")
                .post("/api/subscriptions").then().statusCode(201);
    }

    @Test
    void malformedBodiesAreProblemsNotServerErrors() {
        admin().body("{\"name\": \"x\", \"topics\": [\"cyber\"").post("/api/subscriptions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://vigil.io/problems/malformed-json"));
        admin().body("""
                {"name": "x", "topics": ["cyber"], "minScore": "high", "webhook": {"url": "https://h.example.org/x"}}""")
                .post("/api/subscriptions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://vigil.io/problems/invalid-json-value"))
                .body("field", equalTo("minScore"));
        admin().body("""
                {"name": "x", "topics": "cyber", "webhook": {"url": "https://h.example.org/x"}}""")
                .post("/api/subscriptions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("topics"));
        admin().get("/api/subscriptions/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void oversizedBodyIsRefusedWithAProblem() {
        String huge = "{\"name\": \"" + "x".repeat(70 * 1024) + "\", \"topics\": [\"cyber\"]}";

        admin().body(huge).post("/api/subscriptions")
                .then().statusCode(413).contentType("application/problem+json")
                .body("status", equalTo(413));
        admin().get("/api/subscriptions").then().statusCode(200)
                .body("name", org.hamcrest.Matchers.not(hasItem(startsWith("xxxx"))));
    }

    @Test
    void everyApiEndpointNeedsTheKey() {
        given().contentType(ContentType.JSON).body(VALID).post("/api/subscriptions")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("type", equalTo("https://vigil.io/problems/unauthorized"));
        given().header("Authorization", "Bearer wrong-key").get("/api/subscriptions")
                .then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Basic dGVzdC1hZG1pbi1rZXk=").get("/api/dashboard")
                .then().statusCode(401);
        given().delete("/api/subscriptions/00000000-0000-0000-0000-000000000000").then().statusCode(401);
    }

    @Test
    void dashboardSummarisesTheQueue() {
        admin().body(VALID).post("/api/subscriptions").then().statusCode(201);

        admin().get("/api/dashboard").then().statusCode(200)
                .body("pendingDeliveries", notNullValue())
                .body("failedLast24h", notNullValue())
                .body("subscriptions.name", hasItem("Gulf demining"))
                .body("pipeline.available", is(true))
                .body("pipeline.consumerLag.group", hasItems("alert-service", "classify-service"))
                .body("pipeline.deadLetters.topic", hasItems("articles.ingested.dlq", "articles.classified.dlq"));
    }

    @Test
    void operatorsGetTheDashboardPage() {
        given().get("/dashboard/").then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("Vigil operations"), containsString("/api/dashboard"));
    }

    @Test
    void problemsAreCountedAndTheApiIsDocumented() {
        given().get("/api/subscriptions").then().statusCode(401);

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("vigil_http_problems_total{status=\"401\",type=\"unauthorized\""))
                .body(containsString("vigil_delivery_queue_pending"));
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/api/subscriptions/{id}/deliveries"));
    }
}
