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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;

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
import io.vigil.launcher.ServiceInstance;
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
    private static final String DELIVERED = "vigil_webhook_deliveries_total{outcome=\"success\"}";
    private static final String ALERTS_CREATED = "vigil_alerts_created_total";

    private static final String AZ_PATH = "/hooks/az";
    private static final String FLAKY_PATH = "/hooks/flaky";
    /** How long a claimed delivery stays leased: a send cut short by a crash is repeated after it. */
    private static final Duration LEASE = Duration.ofSeconds(10);

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
                        "VIGIL_DELIVERY_LEASE", LEASE.toSeconds() + "s",
                        "VIGIL_DELIVERY_BREAKER_OPEN_DURATION", "3s"));
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

    @Test
    @Order(5)
    void twoAlertServiceInstancesOnOneQueueSendEachAlertOnce() throws Exception {
        String marker = "pairdrill" + serial.incrementAndGet();
        String pathA = "/hooks/pair-a";
        String pathB = "/hooks/pair-b";
        receiver.trust(pathA, secretOf(subscribe(Map.of("name", "pair A", "query", marker), receiver.endpoint(pathA))));
        receiver.trust(pathB, secretOf(subscribe(Map.of("name", "pair B", "query", marker), receiver.endpoint(pathB))));
        ServiceInstance first = stack.instance(Service.ALERT);
        ServiceInstance second = stack.addInstance(Service.ALERT);
        try {
            stack.awaitReady(second);
            await().atMost(DELIVERY_TIMEOUT).until(() -> membersWithPartitions("alert-service") == 2);
            Map<ServiceInstance, Double> deliveredBefore = Map.of(first, metric(first, DELIVERED), second, metric(second, DELIVERED));
            Map<ServiceInstance, Double> createdBefore = Map.of(first, metric(first, ALERTS_CREATED), second, metric(second, ALERTS_CREATED));

            List<String> posted = postArticles(IntStream.range(0, 120).mapToObj(i -> drillReport(marker)).toList());

            for (String path : List.of(pathA, pathB)) {
                await().atMost(DELIVERY_TIMEOUT).until(() -> acceptedArticles(path).containsAll(posted));
            }
            // Exactly once: nothing more arrives for a while, and no webhook-id came twice.
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15)).until(() ->
                    receiver.deliveries(pathA).size() == posted.size() && receiver.deliveries(pathB).size() == posted.size());
            for (String path : List.of(pathA, pathB)) {
                List<WebhookReceiver.Delivery> deliveries = receiver.deliveries(path);
                assertThat(deliveries).extracting(WebhookReceiver.Delivery::webhookId).doesNotHaveDuplicates();
                assertThat(deliveries).extracting(WebhookReceiver.Delivery::articleId).containsExactlyInAnyOrderElementsOf(posted);
                assertThat(deliveries).allMatch(d -> d.signatureValid() && d.answeredStatus() == 204);
            }
            for (ServiceInstance instance : List.of(first, second)) {
                assertThat(metric(instance, ALERTS_CREATED)).as("alerts created by %s", instance.name())
                        .isGreaterThan(createdBefore.get(instance));
                assertThat(metric(instance, DELIVERED)).as("webhooks delivered by %s", instance.name())
                        .isGreaterThan(deliveredBefore.get(instance));
            }
        } finally {
            stack.stopInstance(second);
        }
    }

    @Test
    @Order(6)
    void killMinus9BetweenSendAndRecordRepeatsTheSameWebhookIdAfterTheLease() {
        String marker = "holddrill" + serial.incrementAndGet();
        String path = "/hooks/held";
        JsonNode subscription = subscribe(Map.of("name", "held answers", "query", marker), receiver.endpoint(path));
        receiver.trust(path, secretOf(subscription));
        receiver.holdFirstAttempts(path);

        String articleId = postArticles(List.of(drillReport(marker))).getFirst();
        WebhookReceiver.Delivery cutShort = await().atMost(DELIVERY_TIMEOUT)
                .until(() -> receiver.deliveries(path), list -> !list.isEmpty()).getFirst();
        stack.killService(Service.ALERT);
        receiver.releaseHeld();
        stack.startService(Service.ALERT);
        stack.awaitReady(Service.ALERT);

        await().atMost(DELIVERY_TIMEOUT.plus(LEASE)).until(() -> !receiver.accepted(path).isEmpty());
        List<WebhookReceiver.Delivery> attempts = receiver.deliveries(path);
        assertThat(attempts).extracting(WebhookReceiver.Delivery::answeredStatus)
                .containsExactly(WebhookReceiver.NO_ANSWER, 204);
        assertThat(attempts).extracting(WebhookReceiver.Delivery::webhookId).containsOnly(cutShort.webhookId());
        assertThat(attempts).extracting(WebhookReceiver.Delivery::articleId).containsOnly(articleId);
        assertThat(attempts).allMatch(WebhookReceiver.Delivery::signatureValid);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deliveryLog(subscription))
                .singleElement().satisfies(entry -> {
                    assertThat(entry.path("status").asText()).isEqualTo("delivered");
                    assertThat(entry.path("webhookId").asText()).isEqualTo(cutShort.webhookId());
                }));
    }

    @Test
    @Order(7)
    void aReceiverDownForAWhileGetsEverythingOnceItIsBack() throws IOException {
        String marker = "outagedrill" + serial.incrementAndGet();
        String path = "/hooks/outage";
        try (WebhookReceiver outage = new WebhookReceiver()) {
            JsonNode subscription = subscribe(Map.of("name", "receiver with an outage", "query", marker), outage.endpoint(path));
            outage.trust(path, secretOf(subscription));
            outage.goDown();
            List<String> posted = postArticles(IntStream.range(0, 5).mapToObj(i -> drillReport(marker)).toList());
            // Down while every alert is due: each delivery has failed at least once and waits for a retry.
            await().atMost(DELIVERY_TIMEOUT).until(() -> {
                List<JsonNode> log = deliveryLog(subscription);
                return log.size() == posted.size()
                        && log.stream().allMatch(entry -> entry.path("status").asText().equals("pending")
                                && entry.path("attempts").asInt() >= 1);
            });

            outage.comeBack();

            await().atMost(DELIVERY_TIMEOUT).until(() -> outage.accepted(path).stream()
                    .map(WebhookReceiver.Delivery::articleId).collect(Collectors.toSet()).containsAll(posted));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> outage.deliveries(path).size() == posted.size());
            assertThat(outage.deliveries(path)).extracting(WebhookReceiver.Delivery::articleId)
                    .containsExactlyInAnyOrderElementsOf(posted);
            assertThat(outage.deliveries(path)).allMatch(d -> d.signatureValid() && d.answeredStatus() == 204);
        }
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
        return secretOf(subscribe(Map.of("name", name, "countries", List.of("AZ")), receiver.endpoint(path)));
    }

    private JsonNode subscribe(Map<String, Object> criteria, URI webhook) {
        Map<String, Object> subscription = new LinkedHashMap<>(criteria);
        subscription.put("webhook", Map.of("url", webhook.toString()));
        return post(stack.baseUri(Service.ALERT).resolve("/api/subscriptions"), subscription, 201);
    }

    private static String secretOf(JsonNode subscription) {
        String secret = subscription.path("webhook").path("secret").asText();
        assertThat(secret).startsWith("whsec_");
        return secret;
    }

    private List<JsonNode> deliveryLog(JsonNode subscription) {
        JsonNode log = get(stack.baseUri(Service.ALERT).resolve(
                "/api/subscriptions/" + subscription.path("id").asText() + "/deliveries"));
        List<JsonNode> entries = new ArrayList<>();
        log.forEach(entries::add);
        return entries;
    }

    /** Posts the articles in one batch request; all must be accepted. Returns their ids in order. */
    private List<String> postArticles(List<Map<String, Object>> articles) {
        JsonNode answer = post(stack.baseUri(Service.INGEST).resolve("/api/articles:batch"), Map.of("items", articles), 200);
        List<String> ids = new ArrayList<>();
        for (JsonNode item : answer.path("items")) {
            assertThat(item.path("status").asText()).as("batch item %s", item).isEqualTo("accepted");
            ids.add(item.path("id").asText());
        }
        assertThat(ids).hasSize(articles.size());
        return ids;
    }

    /** A value of one series of a service instance's Prometheus metrics; 0 while the series does not exist. */
    private double metric(ServiceInstance instance, String series) {
        String text = getText(stack.baseUri(instance).resolve("/q/metrics"));
        return text.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).strip()))
                .orElse(0.0);
    }

    /** How many members of a consumer group have partitions assigned: a new instance has joined when it counts. */
    private long membersWithPartitions(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()))) {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all()
                    .get(10, TimeUnit.SECONDS).get(group);
            return description.members().stream()
                    .filter(member -> !member.assignment().topicPartitions().isEmpty()).count();
        }
    }

    private JsonNode get(URI uri) {
        try {
            return JSON.readTree(getText(uri));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String getText(URI uri) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer " + ADMIN_KEY).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET %s answered %s", uri, response.body()).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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

    /** An English drill report that names no country, found by subscriptions through its marker word. */
    private Map<String, Object> drillReport(String marker) {
        int n = serial.incrementAndGet();
        return Map.of("title", "Incident-response drill " + marker + " number " + n,
                "text", "The operations centre ran the " + marker + " exercise for the " + n + "th time this season. "
                        + "Teams rehearsed isolating a compromised mail gateway, restoring backups and informing "
                        + "partners within the agreed hour. Observers noted faster escalation than in drill " + (n - 1) + ".",
                "lang", "en", "source", "system-test");
    }

    private Map<String, Object> persianAboutIranAndIraq() {
        int n = serial.incrementAndGet();
        return Map.of("title", "ایران و عراق درباره امنیت مرزی گفتگو کردند",
                "text", "تهران — وزیران کشور ایران و عراق درباره مبارزه با قاچاق کالا و امنیت مرز مشترک دو کشور گفتگو "
                        + "کردند و بر همکاری نیروهای مرزبانی تاکید کردند. گزارش شماره " + n + ".",
                "source", "system-test");
    }

}
