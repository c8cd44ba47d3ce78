package io.vigil.alert;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vigil.testing.KafkaResource;
import io.vigil.testing.PostgresResource;

@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class ApiKeyTest {

    private static final String SUBSCRIPTION = """
            {"name": "tenant feed", "topics": ["mine-action"], "countries": ["BA"],
             "webhook": {"url": "https://hooks.example.org/tenant"}}""";

    private static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON);
    }

    private static String issue(String adminKey, String role) {
        return as(adminKey).body("{\"name\": \"" + role + " key\", \"role\": \"" + role + "\"}")
                .post("/api/keys").then().statusCode(201)
                .body("key", startsWith("vk_"))
                .extract().path("key");
    }

    @Test
    void subscribersSeeOnlyTheirOwnSubscriptions() {
        String alice = issue("test-admin-key", "subscriber");
        String bob = issue("test-admin-key", "subscriber");
        String aliceSubscription = as(alice).body(SUBSCRIPTION).post("/api/subscriptions")
                .then().statusCode(201).extract().path("id");
        String adminSubscription = as("test-admin-key").body(SUBSCRIPTION).post("/api/subscriptions")
                .then().statusCode(201).extract().path("id");

        as(alice).get("/api/subscriptions").then().statusCode(200)
                .body("id", hasItem(aliceSubscription))
                .body("id", not(hasItem(adminSubscription)));
        as(bob).get("/api/subscriptions").then().statusCode(200).body("id", not(hasItem(aliceSubscription)));
        as(bob).get("/api/subscriptions/" + aliceSubscription).then().statusCode(404)
                .contentType("application/problem+json");
        as(bob).get("/api/subscriptions/" + aliceSubscription + "/deliveries").then().statusCode(404);
        as(bob).body(SUBSCRIPTION).put("/api/subscriptions/" + aliceSubscription).then().statusCode(404);
        as(bob).delete("/api/subscriptions/" + aliceSubscription).then().statusCode(404);
        as(alice).get("/api/subscriptions/" + aliceSubscription + "/deliveries").then().statusCode(200);
        as("test-admin-key").get("/api/subscriptions").then().body("id", hasItem(aliceSubscription));
    }

    @Test
    void onlyAdminsManageKeysAndSeeTheDashboard() {
        String subscriber = issue("test-admin-key", "subscriber");
        String admin = issue("test-admin-key", "admin");

        as(subscriber).body("{\"name\": \"escalation\", \"role\": \"admin\"}").post("/api/keys")
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://vigil.io/problems/forbidden"));
        as(subscriber).get("/api/dashboard").then().statusCode(403);
        as(admin).get("/api/dashboard").then().statusCode(200);
        issue(admin, "subscriber");
        as("test-admin-key").body("{\"name\": \"x\", \"role\": \"root\"}").post("/api/keys")
                .then().statusCode(400).body("validRoles", hasItem("subscriber"));
    }

    @Test
    void keysAreStoredHashedAndRevocable() {
        var created = as("test-admin-key").body("{\"name\": \"ci\", \"role\": \"subscriber\"}")
                .post("/api/keys").then().statusCode(201).extract();
        String id = created.path("id");
        String key = created.path("key");
        as(key).get("/api/subscriptions").then().statusCode(200);

        ApiKey stored = QuarkusTransaction.requiringNew().call(() -> ApiKey.findById(UUID.fromString(id)));
        assertEquals(ApiKey.hash(key), stored.keyHash);
        as("test-admin-key").get("/api/keys").then().body("find { it.id == '" + id + "' }.key", nullValue());

        as("test-admin-key").delete("/api/keys/" + id).then().statusCode(204);
        as(key).get("/api/subscriptions").then().statusCode(401);
        as("test-admin-key").get("/api/subscriptions").then().statusCode(200);
    }

    @Test
    void issuedKeysAreRateLimited() {
        String busy = issue("test-admin-key", "subscriber");
        int accepted = 0;
        // Tokens refill at one a second while the loop runs, so the refusal may come a little after 60. The refusal
        // itself is checked: one more request could find a token refilled in the meantime.
        Response answer = as(busy).get("/api/subscriptions");
        while (accepted < 200 && answer.statusCode() == 200) {
            accepted++;
            answer = as(busy).get("/api/subscriptions");
        }

        assertTrue(accepted >= 60 && accepted < 200, "accepted " + accepted + " requests before the limit");
        answer.then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("type", equalTo("https://vigil.io/problems/rate-limited"));
        as(issue("test-admin-key", "subscriber")).get("/api/subscriptions").then().statusCode(200);
        as("test-admin-key").get("/api/subscriptions").then().statusCode(200);
    }
}
