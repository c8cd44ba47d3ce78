package io.vigil.classify;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.vigil.testing.KafkaResource;
import io.vigil.testing.PostgresResource;

@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class ClassifyApiTest {

    private static final String ADMIN = "Bearer test-admin-key";
    private static final String RELOAD = "/api/classifier:reload";
    private static final Path FRAMEWORKS = Path.of("target/reload-rules/frameworks.tsv");

    @Test
    void classifiesAnArticleWithEvidenceIntoTitleAndText() {
        String title = "Kazakhstan and Uzbekistan sign a border agreement";
        String text = "Astana, 4 May. The presidents of Kazakhstan and Uzbekistan signed the agreement in Astana. "
                + "The Uzbek delegation also met officials from Mongolia.";
        Map<String, Object> body = given().contentType("application/json")
                .body(Map.of("title", title, "text", text, "lang", "en"))
                .post("/api/classify")
                .then().statusCode(200)
                .body("lang", equalTo("en"))
                .body("countries.code", hasItems("KZ", "UZ", "MN"))
                .body("focus[0]", equalTo("KZ"))
                .body("countries.find { it.code == 'KZ' }.frameworks", hasItem("PFP"))
                .extract().as(Map.class);
        String analysed = title + "\n" + text;
        for (Map<String, Object> country : (List<Map<String, Object>>) body.get("countries")) {
            for (Map<String, Object> span : (List<Map<String, Object>>) country.get("evidence")) {
                assertThat(analysed.substring((Integer) span.get("start"), (Integer) span.get("end")))
                        .isEqualTo(span.get("text"));
            }
        }
    }

    @Test
    void classifyNeedsNoKeyButATextIsRequired() {
        expectProblem(given().contentType("application/json").body("{\"title\": \"only a title\"}")
                .post("/api/classify").then(), 400, "invalid-request")
                .body("errors.text", notNullValue());
    }

    @Test
    void malformedJsonAndWrongTypesAreProblems() {
        expectProblem(given().contentType("application/json").body("{\"text\": ").post("/api/classify").then(),
                400, "malformed-json");
        expectProblem(given().contentType("application/json").body("{\"text\": {\"nested\": true}}")
                .post("/api/classify").then(), 400, "malformed-json");
        expectProblem(given().contentType("application/json").body("[1, 2]").post("/api/classify").then(),
                400, "malformed-json");
    }

    @Test
    void oversizedBodyIsAProblem() {
        String text = "a".repeat(1_100_000);
        expectProblem(given().contentType("application/json").body("{\"text\": \"" + text + "\"}")
                .post("/api/classify").then(), 413, "payload-too-large");
    }

    @Test
    void taxonomyListsTopicsAndFrameworks() {
        given().get("/api/taxonomy").then().statusCode(200)
                .body("topics", hasSize(14))
                .body("topics.id", hasItems("cyber", "terrorism", "hybrid-disinformation"))
                .body("topics.find { it.id == 'cyber' }.description", containsString("CERTs"))
                .body("frameworks.id", hasItems("PFP", "MD", "ICI", "PATG", "NATO"))
                .body("frameworks.find { it.id == 'PFP' }.countries", hasItems("AZ", "GE", "UA"));
    }

    @Test
    void reloadNeedsTheAdminKey() {
        expectProblem(reload().post(RELOAD).then(), 401, "unauthorized");
        expectProblem(reload().header("Authorization", "Bearer wrong").post(RELOAD).then(),
                401, "unauthorized");
    }

    @Test
    void reloadAnswersCountsOrTheFirstErrorAndKeepsTheOldModel() throws IOException {
        reload().header("Authorization", ADMIN).post(RELOAD).then().statusCode(200)
                .body("countryForms", notNullValue())
                .body("frameworks", equalTo(5));

        String original = Files.readString(FRAMEWORKS, StandardCharsets.UTF_8);
        int brokenLine = (int) original.lines().count() + 1;
        try {
            Files.writeString(FRAMEWORKS, original + "EXTRA\tAZ ZZ\n", StandardCharsets.UTF_8);
            expectProblem(reload().header("Authorization", ADMIN).post(RELOAD).then(),
                    422, "invalid-classifier-data")
                    .body("file", equalTo("frameworks.tsv"))
                    .body("line", equalTo(brokenLine))
                    .body("detail", containsString("ZZ"));
        } finally {
            Files.writeString(FRAMEWORKS, original, StandardCharsets.UTF_8);
        }
        given().get("/api/taxonomy").then().statusCode(200).body("frameworks.id", hasSize(5));
        given().contentType("application/json").body(Map.of("text", "Talks in Baku between Azerbaijan and Armenia."))
                .post("/api/classify").then().statusCode(200).body("countries.code", hasItems("AZ", "AM"));

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("vigil_classifier_reloads_total{outcome=\"failure\"}"))
                .body(containsString("vigil_classifier_reloads_total{outcome=\"success\"}"))
                .body(containsString("vigil_http_problems_total"))
                .body(containsString("vigil_classify_seconds"))
                .body(containsString("vigil_articles_classified_total"));
    }

    @Test
    void openApiDescribesTheEndpoints() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/classify"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/classifier:reload"));
    }

    /** The colon goes on the wire as written, as curl and HTTP clients send it. */
    private static RequestSpecification reload() {
        return given().urlEncodingEnabled(false);
    }

    private static ValidatableResponse expectProblem(ValidatableResponse response, int status, String type) {
        return response.statusCode(status)
                .contentType(containsString("application/problem+json"))
                .body("type", equalTo("https://vigil.io/problems/" + type))
                .body("title", notNullValue())
                .body("status", equalTo(status))
                .body("detail", notNullValue())
                .body("instance", notNullValue());
    }
}
