package io.vigil.ingest;

import static io.restassured.RestAssured.given;

import java.util.LinkedHashMap;
import java.util.Map;

import io.restassured.path.json.JsonPath;

/** The source registry API as the tests call it. */
final class SourcesApi {

    static final String KEY = "test-admin-key";

    private SourcesApi() {
    }

    /** Registers a paused source: it is polled only when a test asks, with {@link #pollNow}. */
    static String registerPaused(String name, String url) {
        return register(name, url, Map.of("paused", true));
    }

    static String register(String name, String url, Map<String, Object> more) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("name", name, "url", url));
        body.putAll(more);
        return given().auth().oauth2(KEY).contentType("application/json").body(body)
                .post("/api/sources").then().statusCode(201).extract().path("id");
    }

    static JsonPath pollNow(String id) {
        return given().auth().oauth2(KEY).post("/api/sources/" + id + "/poll").then().statusCode(200)
                .extract().jsonPath();
    }

    static JsonPath source(String id) {
        return given().get("/api/sources/" + id).then().statusCode(200).extract().jsonPath();
    }
}
