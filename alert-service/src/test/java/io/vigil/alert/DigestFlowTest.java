package io.vigil.alert;

import static io.vigil.alert.Pipeline.admin;
import static io.vigil.alert.Pipeline.publish;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.alert.Pipeline.CreatedSubscription;
import io.vigil.alert.client.DigestMailer;
import io.vigil.testing.KafkaResource;
import io.vigil.testing.PostgresResource;
import jakarta.inject.Inject;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.persistence.EntityManager;

/**
 * Digests end to end: articles on Kafka, alerts collected in PostgreSQL, windows closed by calling
 * {@link DigestService#closeDue} with an instant after the window (the scheduler is off in tests), and the
 * digest received by a real webhook receiver or a real SMTP server (GreenMail).
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GreenMailResource.class, scope = TestResourceScope.GLOBAL)
class DigestFlowTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DigestService digests;

    @Inject
    EntityManager entityManager;

    @Test
    void hourlyWebhookDigestListsItsAlertsOnceWithAValidSignature() throws IOException {
        String path = "/digest-hourly";
        CreatedSubscription subscription = subscribe(path, """
                "topics": ["cyber"], "countries": ["AM"], "deliveryMode": "hourly",
                "webhook": {"url": "%s"}""".formatted(Pipeline.receiver().url(path)));
        List<String> articleIds = List.of(id(), id(), id());
        for (String articleId : articleIds) {
            publish(id(), articleId, titled(articleId, "cyber", "AM", "Yerevan CERT report " + articleId));
        }
        awaitCollected(subscription.id(), 3);
        assertTrue(Pipeline.receiver().receivedOn(path).isEmpty(), "nothing is sent before the window closes");

        Instant afterTheWindow = Instant.now().plus(Duration.ofHours(1));
        digests.closeDue(afterTheWindow);
        digests.closeDue(afterTheWindow);

        awaitDigestDelivered(subscription.id(), "digest:webhook:");
        List<WebhookReceiver.Received> received = Pipeline.receiver().receivedOn(path);
        assertEquals(1, received.size());
        WebhookReceiver.Received digest = received.getFirst();
        assertTrue(WebhookReceiver.verify(subscription.secret(), digest), "the digest is signed like an alert");
        JsonNode body = JSON.readTree(digest.body());
        assertEquals("digest.created", body.path("type").asText());
        assertEquals(subscription.id(), body.path("subscriptionId").asText());
        assertEquals("hourly", body.path("deliveryMode").asText());
        assertEquals(afterTheWindow.truncatedTo(ChronoUnit.HOURS).toString(), body.path("window").path("end").asText());
        assertEquals(3, body.path("alertCount").asInt());
        Set<String> listed = new java.util.HashSet<>();
        body.path("alerts").forEach(alert -> listed.add(alert.path("article").path("id").asText()));
        assertEquals(Set.copyOf(articleIds), listed);
        assertEquals("cyber", body.path("alerts").get(0).path("topics").get(0).path("id").asText());
        admin().get("/q/metrics").then()
                .body(containsString("vigil_digests_total{channel=\"webhook\",outcome=\"sent\"}"))
                .body(containsString("vigil_digests_closed_total{mode=\"hourly\"}"));
    }

    @Test
    void emailDigestArrivesOverSmtpWithItsAlerts() throws Exception {
        CreatedSubscription subscription = subscribe("/unused", """
                "topics": ["peace-operations"], "countries": ["IE"], "deliveryMode": "daily",
                "email": {"recipients": ["desk@example.org", "duty@example.org"]}""");
        admin().get("/api/subscriptions/" + subscription.id()).then()
                .body("deliveryMode", equalTo("daily"))
                .body("webhook.url", nullValue())
                .body("email.recipients", hasItem("duty@example.org"));
        String first = id();
        String second = id();
        publish(id(), first, titled(first, "peace-operations", "IE", "Irish troops & UNIFIL rotation"));
        publish(id(), second, titled(second, "peace-operations", "IE", "Defence Forces review"));
        awaitCollected(subscription.id(), 2);

        digests.closeDue(Instant.now().plus(Duration.ofDays(1)));

        // GreenMail keeps one copy of a message per recipient mailbox.
        MimeMessage message = await().atMost(PATIENCE).until(() -> digestEmails(subscription.id()),
                copies -> copies.size() == 2).getFirst();
        assertTrue(message.getSubject().startsWith("Vigil digest: 2 alerts for "), message.getSubject());
        assertTrue(message.getSubject().endsWith(" UTC"), message.getSubject());
        String content = content(message);
        assertTrue(content.contains("Irish troops & UNIFIL rotation"), content);
        assertTrue(content.contains("Irish troops &amp; UNIFIL rotation"), "the HTML part: " + content);
        assertTrue(content.contains("Defence Forces review"), content);
        assertTrue(content.contains("https://example.az/news/123"), content);
        assertTrue(content.contains("peace-operations 0.90"), content);
        awaitDigestDelivered(subscription.id(), "digest:email:");
        List<MimeMessage> copies = digestEmails(subscription.id());
        assertEquals(2, copies.size());
        assertEquals(1, copies.stream().map(DigestFlowTest::messageId).distinct().count(), "one message, sent once");
        assertEquals(Set.of("desk@example.org", "duty@example.org"), recipients(message));
        admin().get("/q/metrics").then()
                .body(containsString("vigil_emails_total{outcome=\"sent\"}"))
                .body(containsString("vigil_digests_total{channel=\"email\",outcome=\"sent\"}"));
    }

    @Test
    void twoInstancesClosingTheSameWindowAndAReplayedTopicSendOneDigest() throws Exception {
        String path = "/digest-once";
        CreatedSubscription subscription = subscribe(path, """
                "topics": ["maritime-security"], "countries": ["GE"], "deliveryMode": "hourly",
                "webhook": {"url": "%s"}""".formatted(Pipeline.receiver().url(path)));
        String articleId = id();
        String eventId = id();
        String article = titled(articleId, "maritime-security", "GE", "Poti port patrols");
        publish(eventId, articleId, article);
        awaitCollected(subscription.id(), 1);
        Instant afterTheWindow = Instant.now().plus(Duration.ofHours(1));

        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Integer>> instances = new ArrayList<>();
        for (int instance = 0; instance < 2; instance++) {
            instances.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return digests.closeDue(afterTheWindow);
            }));
        }
        start.countDown();
        instances.forEach(CompletableFuture::join);
        awaitDigestDelivered(subscription.id(), "digest:webhook:");

        String republished = id();
        publish(eventId, articleId, article);
        publish(republished, articleId, article);
        await().atMost(PATIENCE).until(() -> processed(republished));
        digests.closeDue(afterTheWindow);
        digests.closeDue(afterTheWindow.plus(Duration.ofHours(1)));

        assertEquals(1L, count("SELECT count(*) FROM digest WHERE subscription_id = :id", subscription.id()));
        assertEquals(1L, count("SELECT count(*) FROM alert WHERE subscription_id = :id AND digest_id IS NOT NULL "
                + "AND article_id NOT LIKE 'digest:%'", subscription.id()));
        assertEquals(0L, count("SELECT count(*) FROM delivery WHERE subscription_id = :id AND status = 'pending'",
                subscription.id()));
        List<WebhookReceiver.Received> received = Pipeline.receiver().receivedOn(path);
        assertEquals(1, received.size());
        assertTrue(received.getFirst().bodyText().contains(articleId));
    }

    @Test
    void aRefusedDigestIsRetriedWithTheSameWebhookId() {
        String path = "/digest-retried";
        Pipeline.receiver().respondWith(path, 503);
        CreatedSubscription subscription = subscribe(path, """
                "topics": ["crisis-management"], "countries": ["KG"], "deliveryMode": "hourly",
                "webhook": {"url": "%s"}""".formatted(Pipeline.receiver().url(path)));
        String articleId = id();
        publish(id(), articleId, titled(articleId, "crisis-management", "KG", "Bishkek flood drill"));
        awaitCollected(subscription.id(), 1);

        digests.closeDue(Instant.now().plus(Duration.ofHours(1)));

        awaitDigestDelivered(subscription.id(), "digest:webhook:");
        List<WebhookReceiver.Received> attempts = Pipeline.receiver().receivedOn(path);
        assertEquals(2, attempts.size());
        assertEquals(1, attempts.stream().map(WebhookReceiver.Received::webhookId).distinct().count());
        assertTrue(attempts.stream().allMatch(attempt -> WebhookReceiver.verify(subscription.secret(), attempt)));
        admin().get("/api/subscriptions/" + subscription.id() + "/deliveries").then()
                .body("[0].attemptLog.statusCode", org.hamcrest.Matchers.contains(503, 200));
    }

    @Test
    void anEmptyWindowSendsNothing() {
        String path = "/digest-empty";
        CreatedSubscription subscription = subscribe(path, """
                "topics": ["mine-action"], "countries": ["BA"], "deliveryMode": "hourly",
                "webhook": {"url": "%s"}""".formatted(Pipeline.receiver().url(path)));
        String eventId = id();
        String articleId = id();
        publish(eventId, articleId, titled(articleId, "cyber", "BA", "Not about demining"));
        await().atMost(PATIENCE).until(() -> processed(eventId));

        digests.closeDue(Instant.now().plus(Duration.ofHours(1)));
        digests.closeDue(Instant.now().plus(Duration.ofDays(2)));

        assertEquals(0L, count("SELECT count(*) FROM digest WHERE subscription_id = :id", subscription.id()));
        assertEquals(0L, count("SELECT count(*) FROM delivery WHERE subscription_id = :id", subscription.id()));
    }

    @Test
    void aMutedDigestSubscriptionCollectsNothing() {
        String path = "/digest-muted";
        CreatedSubscription subscription = subscribe(path, """
                "topics": ["cbrn"], "countries": ["UZ"], "deliveryMode": "hourly",
                "mutedUntil": "%s", "webhook": {"url": "%s"}""".formatted(Instant.now().plus(Duration.ofDays(1)),
                Pipeline.receiver().url(path)));
        String eventId = id();
        String articleId = id();
        publish(eventId, articleId, titled(articleId, "cbrn", "UZ", "Stockpile inspection"));
        await().atMost(PATIENCE).until(() -> processed(eventId));

        digests.closeDue(Instant.now().plus(Duration.ofHours(1)));

        assertEquals(0L, count("SELECT count(*) FROM alert WHERE subscription_id = :id", subscription.id()));
        assertEquals(0L, count("SELECT count(*) FROM digest WHERE subscription_id = :id", subscription.id()));
    }

    @Test
    void switchingBackToImmediateSendsWhatWasCollectedOneByOne() {
        String path = "/digest-to-immediate";
        String url = Pipeline.receiver().url(path);
        CreatedSubscription subscription = subscribe(path, """
                "topics": ["defence-reform"], "countries": ["MD"], "deliveryMode": "daily",
                "webhook": {"url": "%s"}""".formatted(url));
        String first = id();
        String second = id();
        publish(id(), first, titled(first, "defence-reform", "MD", "Chisinau reform plan"));
        publish(id(), second, titled(second, "defence-reform", "MD", "Interoperability review"));
        awaitCollected(subscription.id(), 2);

        admin().body("""
                {"name": "back to immediate", "topics": ["defence-reform"], "countries": ["MD"],
                 "deliveryMode": "immediate", "webhook": {"url": "%s"}}""".formatted(url))
                .put("/api/subscriptions/" + subscription.id()).then().statusCode(200)
                .body("deliveryMode", equalTo("immediate"));
        digests.closeDue(Instant.now());

        await().atMost(PATIENCE).until(() -> Pipeline.receiver().receivedOn(path).size() == 2);
        assertTrue(Pipeline.receiver().receivedOn(path).stream()
                .allMatch(request -> request.bodyText().contains("\"type\":\"alert.created\"")));
        assertEquals(0L, count("SELECT count(*) FROM digest WHERE subscription_id = :id", subscription.id()));
    }

    @Test
    void digestSettingsAreValidated() {
        String criteria = "\"name\": \"x\", \"topics\": [\"cyber\"], ";
        admin().body("{" + criteria + "\"deliveryMode\": \"weekly\", \"webhook\": {\"url\": \"https://hooks.example.org/x\"}}")
                .post("/api/subscriptions").then().statusCode(400).contentType("application/problem+json")
                .body("validDeliveryModes", hasItem("daily"));
        admin().body("{" + criteria + "\"deliveryMode\": \"daily\", "
                        + "\"email\": {\"recipients\": [\"desk@example.org\", \"desk@example.org\\r\\nBcc: x@example.org\"]}}")
                .post("/api/subscriptions").then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("email.recipients"))
                .body("invalidEmailRecipients.size()", equalTo(1));
        admin().body("{" + criteria + "\"email\": {\"recipients\": [\"desk@example.org\"]}, "
                        + "\"webhook\": {\"url\": \"https://hooks.example.org/x\"}}")
                .post("/api/subscriptions").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("digest channel"));
        admin().body("{" + criteria + "\"deliveryMode\": \"hourly\"}")
                .post("/api/subscriptions").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("webhook.url, email.recipients or both"));
        admin().body("{" + criteria + "\"email\": {\"recipients\": []}}")
                .post("/api/subscriptions").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("webhook.url is required"));
    }

    @Test
    void openApiDescribesTheDeliveryModes() {
        admin().get("/q/openapi").then().statusCode(200)
                .body(containsString("deliveryMode"))
                .body(containsString("hourly"))
                .body(containsString("recipients"));
    }

    private static CreatedSubscription subscribe(String name, String settings) {
        var response = admin().body("{\"name\": \"" + name + "\", " + settings + "}")
                .post("/api/subscriptions")
                .then().statusCode(201).extract();
        return new CreatedSubscription(response.path("id"), response.path("webhook.secret"));
    }

    /** The documented example as another article, with its own title. */
    private static String titled(String articleId, String topic, String country, String title) {
        return Pipeline.article(articleId, topic, 0.9, country).replace("\"title\": \"…\"", "\"title\": \"" + title + "\"");
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private void awaitCollected(String subscriptionId, long alerts) {
        await().atMost(PATIENCE).until(() -> count(
                "SELECT count(*) FROM alert WHERE subscription_id = :id AND awaiting_digest", subscriptionId) == alerts);
    }

    private static void awaitDigestDelivered(String subscriptionId, String keyPrefix) {
        await().atMost(PATIENCE).untilAsserted(() -> admin().get("/api/subscriptions/" + subscriptionId + "/deliveries")
                .then().body("find { it.articleId.startsWith('" + keyPrefix + "') }.status", equalTo("delivered")));
    }

    private boolean processed(String eventId) {
        return count("SELECT count(*) FROM processed_event WHERE ce_id = :id", eventId) == 1;
    }

    private long count(String sql, String id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = entityManager.createNativeQuery(sql);
            query.setParameter("id", sql.contains("ce_id") ? id : UUID.fromString(id));
            return ((Number) query.getSingleResult()).longValue();
        });
    }

    private static List<MimeMessage> digestEmails(String subscriptionId) throws MessagingException {
        List<MimeMessage> matching = new ArrayList<>();
        for (MimeMessage message : GreenMailResource.server().getReceivedMessages()) {
            String[] digestId = message.getHeader(DigestMailer.DIGEST_ID_HEADER);
            if (digestId != null && ofSubscription(digestId[0], subscriptionId)) {
                matching.add(message);
            }
        }
        return matching;
    }

    private static Set<String> recipients(MimeMessage message) throws MessagingException {
        return java.util.Arrays.stream(message.getAllRecipients()).map(Object::toString).collect(Collectors.toSet());
    }

    private static String messageId(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean ofSubscription(String webhookId, String subscriptionId) {
        UUID alertId = UUID.fromString(webhookId.substring("msg_".length()));
        return QuarkusTransaction.requiringNew().call(() -> {
            Alert alert = Alert.findById(alertId);
            return alert != null && alert.subscriptionId.toString().equals(subscriptionId);
        });
    }

    /** Every text part, decoded (the plain-text and the HTML alternative). */
    private static String content(Part part) throws MessagingException, IOException {
        Object body = part.getContent();
        if (body instanceof Multipart multipart) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                parts.add(content(child));
            }
            return parts.stream().collect(Collectors.joining("\n"));
        }
        return body.toString();
    }
}
