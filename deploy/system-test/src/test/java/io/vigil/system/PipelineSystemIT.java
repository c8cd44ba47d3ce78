package io.vigil.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vigil.launcher.Service;
import io.vigil.launcher.StackConfig;
import io.vigil.launcher.VigilStack;

/**
 * The whole pipeline as an operator runs it: Kafka and PostgreSQL as real servers, the three
 * services from their packaged jars, articles in over HTTP, signed webhooks out to a local receiver.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineSystemIT {

    private static final String ADMIN_KEY = "system-test-admin-key";
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String AZ_PATH = "/hooks/az";
    private static final String FLAKY_PATH = "/hooks/flaky";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger serial = new AtomicInteger();
    private final Set<String> azArticleIds = new HashSet<>();
    private Path dataDir;
    private VigilStack stack;
    private WebhookReceiver receiver;

    @BeforeAll
    void startVigil() throws IOException {
        dataDir = Files.createTempDirectory("vigil-system-test");
        StackConfig config = StackConfig.onFreePorts(
                Path.of(System.getProperty("vigil.home", "../..")).toAbsolutePath().normalize(), dataDir, ADMIN_KEY,
                Map.of("VIGIL_DELIVERY_INITIAL_BACKOFF", "200ms", "VIGIL_DELIVERY_MAX_BACKOFF", "2s",
                        "VIGIL_DELIVERY_LEASE", "10s"));
        stack = new VigilStack(config).start();
        receiver = new WebhookReceiver();
        receiver.trust(AZ_PATH, createSubscription("Azerbaijan desk", AZ_PATH));
        receiver.trust(FLAKY_PATH, createSubscription("Azerbaijan desk, flaky integrator", FLAKY_PATH));
        receiver.failFirstAttempts(FLAKY_PATH, 2);
    }

    @AfterAll
    void stopVigil() {
        if (receiver != null) {
            receiver.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void matchingArticlesInAzerbaijaniPersianAndArabicAreDeliveredOnceWithValidSignatures() {
        List<String> matching = List.of(postArticle(azerbaijani()), postArticle(persian()), postArticle(arabic()));
        String elsewhere = postArticle(persianAboutIranAndIraq());
        azArticleIds.addAll(matching);

        await().atMost(DELIVERY_TIMEOUT).until(() -> acceptedArticles(AZ_PATH).containsAll(matching));
        // Exactly once: nothing more arrives for a while after the three.
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                .until(() -> receiver.deliveries(AZ_PATH).size() == 3);

        List<WebhookReceiver.Delivery> deliveries = receiver.deliveries(AZ_PATH);
        assertThat(deliveries).allMatch(WebhookReceiver.Delivery::signatureValid, "signature verified by the receiver");
        assertThat(deliveries).extracting(WebhookReceiver.Delivery::articleId).containsExactlyInAnyOrderElementsOf(matching);
        assertThat(deliveries).extracting(d -> d.body().path("type").asText()).containsOnly("alert.created");
        assertThat(deliveries).allSatisfy(d -> assertThat(d.body().path("countries").toString()).contains("\"AZ\""));
        assertThat(receiver.deliveries(AZ_PATH)).noneMatch(d -> d.articleId().equals(elsewhere));
        assertThat(receiver.deliveries(FLAKY_PATH)).noneMatch(d -> d.articleId().equals(elsewhere));
    }

    @Test
    @Order(2)
    void aReceiverThatFailsTwiceGetsEachAlertOnTheThirdAttemptWithTheSameWebhookId() {
        await().atMost(DELIVERY_TIMEOUT).until(() -> acceptedArticles(FLAKY_PATH).containsAll(azArticleIds));

        Map<String, List<WebhookReceiver.Delivery>> byArticle = receiver.deliveries(FLAKY_PATH).stream()
                .collect(Collectors.groupingBy(WebhookReceiver.Delivery::articleId));
        for (String articleId : azArticleIds) {
            List<WebhookReceiver.Delivery> attempts = byArticle.get(articleId);
            assertThat(attempts).extracting(WebhookReceiver.Delivery::answeredStatus).containsExactly(500, 500, 204);
            assertThat(attempts).extracting(WebhookReceiver.Delivery::webhookId).containsOnly(attempts.getFirst().webhookId());
            assertThat(attempts).allMatch(WebhookReceiver.Delivery::signatureValid);
        }
    }

    @Test
    @Order(3)
    void killingAlertServiceMidStreamAndRestartingItLosesNothing() {
        List<String> posted = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            posted.add(postArticle(azerbaijani()));
        }
        stack.killService(Service.ALERT);
        for (int i = 0; i < 4; i++) {
            posted.add(postArticle(i % 2 == 0 ? arabic() : persian()));
        }
        stack.startService(Service.ALERT);
        stack.awaitReady(Service.ALERT);
        azArticleIds.addAll(posted);

        await().atMost(DELIVERY_TIMEOUT).until(() -> acceptedArticles(AZ_PATH).containsAll(posted));
        assertOneWebhookIdPerArticle(AZ_PATH);
        assertThat(acceptedArticles(AZ_PATH)).containsExactlyInAnyOrderElementsOf(azArticleIds);
    }

    @Test
    @Order(4)
    void anArticleAcceptedWhileKafkaIsDownIsDeliveredOnceKafkaIsBack() {
        stack.stopKafka();
        String accepted = postArticle(azerbaijani());
        stack.startKafka();
        azArticleIds.add(accepted);

        await().atMost(DELIVERY_TIMEOUT).until(() -> acceptedArticles(AZ_PATH).contains(accepted));
        assertOneWebhookIdPerArticle(AZ_PATH);
    }

    // ------------------------------------------------------------------ helpers

    /** At-least-once delivery may repeat a message after a crash, but always under the same webhook-id. */
    private void assertOneWebhookIdPerArticle(String path) {
        Map<String, Set<String>> idsPerArticle = receiver.deliveries(path).stream().collect(Collectors.groupingBy(
                WebhookReceiver.Delivery::articleId, Collectors.mapping(WebhookReceiver.Delivery::webhookId, Collectors.toSet())));
        assertThat(idsPerArticle.values()).allMatch(ids -> ids.size() == 1, "one webhook-id per (subscription, article)");
        assertThat(receiver.deliveries(path)).allMatch(WebhookReceiver.Delivery::signatureValid);
    }

    private Set<String> acceptedArticles(String path) {
        return receiver.accepted(path).stream().map(WebhookReceiver.Delivery::articleId).collect(Collectors.toSet());
    }

    private String createSubscription(String name, String path) {
        Map<String, Object> subscription = new LinkedHashMap<>();
        subscription.put("name", name);
        subscription.put("countries", List.of("AZ"));
        subscription.put("webhook", Map.of("url", receiver.endpoint(path).toString()));
        JsonNode created = post(stack.baseUri(Service.ALERT).resolve("/api/subscriptions"), subscription, 201);
        String secret = created.path("webhook").path("secret").asText();
        assertThat(secret).startsWith("whsec_");
        return secret;
    }

    private String postArticle(Map<String, Object> article) {
        JsonNode answer = post(stack.baseUri(Service.INGEST).resolve("/api/articles"), article, 202);
        assertThat(answer.path("status").asText()).isEqualTo("accepted");
        return answer.path("id").asText();
    }

    private JsonNode post(URI uri, Object body, int expectedStatus) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer " + ADMIN_KEY)
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("POST %s answered %s", uri, response.body()).isEqualTo(expectedStatus);
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // Articles written for this test; each call makes a distinct text so that none is a duplicate.

    private Map<String, Object> azerbaijani() {
        int n = serial.incrementAndGet();
        return Map.of("title", "Azərbaycan NATO ilə kibertəhlükəsizlik sahəsində əməkdaşlığı genişləndirir",
                "text", "Bakı, " + n + " noyabr. Azərbaycan Respublikasının Müdafiə Nazirliyi NATO-nun nümayəndələri ilə "
                        + "kiberhücumlara qarşı müdafiə üzrə birgə təlimlərin keçirilməsini müzakirə edib. Görüşdə "
                        + "Azərbaycanın enerji infrastrukturunun qorunması məsələlərinə də toxunulub. Xəbər nömrəsi " + n + ".",
                "lang", "az", "source", "system-test");
    }

    private Map<String, Object> persian() {
        int n = serial.incrementAndGet();
        return Map.of("title", "جمهوری آذربایجان و ناتو درباره امنیت انرژی گفتگو کردند",
                "text", "باکو — مقام‌های جمهوری آذربایجان و نمایندگان ناتو در نشستی درباره حفاظت از خطوط لوله انرژی و "
                        + "امنیت سایبری گفتگو کردند. این نشست در چارچوب برنامه مشارکت برای صلح برگزار شد. گزارش شماره " + n + ".",
                "source", "system-test");
    }

    private Map<String, Object> arabic() {
        int n = serial.incrementAndGet();
        return Map.of("title", "أذربيجان تعزز التعاون الأمني مع حلف الناتو",
                "text", "باكو — أعلنت وزارة الدفاع في جمهورية أذربيجان أنها ستشارك في مناورات عسكرية مشتركة مع قوات حلف "
                        + "شمال الأطلسي، وأكدت أن التعاون في مجال الأمن السيبراني وحماية البنية التحتية للطاقة يتصدر جدول "
                        + "الأعمال. التقرير رقم " + n + ".",
                "source", "system-test");
    }

    private Map<String, Object> persianAboutIranAndIraq() {
        int n = serial.incrementAndGet();
        return Map.of("title", "ایران و عراق درباره امنیت مرزی گفتگو کردند",
                "text", "تهران — وزیران کشور ایران و عراق درباره مبارزه با قاچاق کالا و امنیت مرز مشترک دو کشور گفتگو "
                        + "کردند و بر همکاری نیروهای مرزبانی تاکید کردند. گزارش شماره " + n + ".",
                "source", "system-test");
    }

}
