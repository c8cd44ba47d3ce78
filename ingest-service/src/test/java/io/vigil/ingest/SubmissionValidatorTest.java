package io.vigil.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class SubmissionValidatorTest {

    private final ObjectMapper json = new ObjectMapper();
    private final SubmissionValidator validator = new SubmissionValidator(100, 80);

    private JsonNode parse(String body) throws Exception {
        return json.readTree(body);
    }

    private List<String> invalidFields(String body) throws Exception {
        JsonNode node = parse(body);
        return assertThrows(InvalidSubmissionException.class, () -> validator.validate(node))
                .errors().stream().map(FieldError::field).toList();
    }

    @Test
    void acceptsACompleteSubmission() throws Exception {
        ArticleSubmission submission = validator.validate(parse("""
                {"url":"https://example.az/a","title":"T","text":"Body","lang":"AZ",
                 "publishedAt":"2026-11-12T11:30:00+03:00","source":"azertag","extra":1}"""));
        assertEquals("az", submission.lang());
        assertEquals(Instant.parse("2026-11-12T08:30:00Z"), submission.publishedAt());
        assertEquals("azertag", submission.source());
    }

    @Test
    void acceptsTheMinimalSubmissionWithAnEmptyTitle() throws Exception {
        ArticleSubmission submission = validator.validate(parse("{\"title\":\"\",\"text\":\"Body\"}"));
        assertNull(submission.url());
        assertNull(submission.lang());
    }

    @Test
    void listsEveryInvalidField() throws Exception {
        assertEquals(List.of("title", "text", "url", "lang", "publishedAt", "source"), invalidFields("""
                {"title":5,"text":"   ","url":"ftp://x/y","lang":"xx","publishedAt":"12 Nov 2026","source":["a"]}"""));
    }

    @Test
    void titleAndTextMustBePresent() throws Exception {
        assertEquals(List.of("title", "text"), invalidFields("{}"));
        assertEquals(List.of("text"), invalidFields("{\"title\":\"t\",\"text\":null}"));
    }

    @Test
    void wrongTypesAreNotCoerced() throws Exception {
        assertEquals(List.of("text"), invalidFields("{\"title\":\"t\",\"text\":42}"));
        assertEquals(List.of("text"), invalidFields("{\"title\":\"t\",\"text\":{\"a\":1}}"));
    }

    @Test
    void publishedAtNeedsAnOffset() throws Exception {
        assertEquals(List.of("publishedAt"), invalidFields("{\"title\":\"\",\"text\":\"b\",\"publishedAt\":\"2026-11-12T08:30:00\"}"));
    }

    @Test
    void bodyMustBeAnObject() throws Exception {
        assertEquals(List.of(""), invalidFields("[1,2]"));
        assertThrows(InvalidSubmissionException.class, () -> validator.validate(null));
    }

    @Test
    void longUrlsAreInvalidAndLongTextsTooLarge() throws Exception {
        assertEquals(List.of("url"), invalidFields("{\"title\":\"\",\"text\":\"b\",\"url\":\"https://example.com/"
                + "a".repeat(80) + "\"}"));
        JsonNode longText = parse("{\"title\":\"\",\"text\":\"" + "a".repeat(101) + "\"}");
        assertThrows(SubmissionTooLargeException.class, () -> validator.validate(longText));
    }
}
