package io.vigil.ingest;

import static io.restassured.RestAssured.given;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vigil.testing.KafkaResource;
import io.vigil.testing.PostgresResource;

@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class ImportApiTest {

    @Test
    void importsEveryKindOfFileWithAResultPerFile() {
        String marker = UUID.randomUUID().toString();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("news/a.txt", ("Title A " + marker + "\nText of A.").getBytes(UTF_8));
        files.put("news/b.html", ("<html><head><title>Title B</title></head><body><p>Text of B " + marker
                + "</p></body></html>").getBytes(UTF_8));
        files.put("c.json", ("[{\"title\":\"C\",\"text\":\"Text of C " + marker + "\"},{\"title\":\"C2\"}]")
                .getBytes(UTF_8));
        files.put("d.jsonl", ("{\"title\":\"D\",\"text\":\"Text of D " + marker + "\"}\n"
                + "{\"title\":\"Title A " + marker + "\",\"text\":\"Text of A.\"}\n").getBytes(UTF_8));
        files.put("e.docx", new byte[] {1, 2});

        try (IngestedTopic topic = new IngestedTopic()) {
            ValidatableResponse answer = upload(Zips.of(files)).statusCode(200)
                    .body("accepted", equalTo(4)).body("duplicate", equalTo(1)).body("invalid", equalTo(2))
                    .body("files", hasSize(5))
                    .body("files[0].name", equalTo("news/a.txt"))
                    .body("files[0].items[0].status", equalTo("accepted"))
                    .body("files[1].items[0].status", equalTo("accepted"))
                    .body("files[2].items.status", equalTo(java.util.List.of("accepted", "invalid")))
                    .body("files[2].items[1].problem.errors[0].field", equalTo("text"))
                    .body("files[3].items.status", equalTo(java.util.List.of("accepted", "duplicate")))
                    .body("files[4].problem", startsWith("Unsupported file type"))
                    .body("files[4].items", hasSize(0));
            String id = answer.extract().path("files[1].items[0].id");
            answer.body("files[3].items[1].id", equalTo(answer.extract().path("files[0].items[0].id")));
            topic.awaitRecord(id);
            given().get("/api/articles/" + id).then().statusCode(200)
                    .body("title", equalTo("Title B")).body("source", equalTo("import"));
        }
    }

    @Test
    void refusesWhatIsNotAZip() {
        upload("plain text".getBytes(UTF_8)).statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://vigil.io/problems/unreadable-archive"));
        given().auth().oauth2("test-admin-key").contentType("text/plain").body("x").post("/api/imports")
                .then().statusCode(415).contentType("application/problem+json");
        given().contentType("application/zip").body(Zips.of(Map.of("a.txt", "t\nx".getBytes(UTF_8))))
                .post("/api/imports").then().statusCode(401);
    }

    private static ValidatableResponse upload(byte[] zip) {
        return given().auth().oauth2("test-admin-key").contentType("application/zip").body(zip)
                .post("/api/imports").then();
    }
}
