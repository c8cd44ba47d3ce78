package io.vigil.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.vigil.launcher.Service;
import io.vigil.launcher.StackConfig;
import io.vigil.launcher.VigilStack;

/**
 * alert-service alone, in two stages measured separately (the other services run but get no work), after a
 * warm-up round of events matching another subscription, deleted before measuring, so that the JIT compilation
 * and first-use costs of the consume path are not counted:
 * <ol>
 *   <li><b>consume</b>: N classified-article events (~3,000 characters each) written straight to
 *   {@code articles.classified}, as classify-service writes them, all matching one subscription; the rate is
 *   alerts created per second ({@code vigil_alerts_created_total}) from the first record written. Meanwhile the
 *   receiver answers 410 Gone, which disables the endpoint after the first few sends, so the alerts stay queued;</li>
 *   <li><b>deliver</b>: the receiver then answers 204, one {@code deliveries:redeliver} call re-enables the
 *   endpoint and requeues the few that failed, and the rate is distinct webhook-ids answered 204 per second
 *   until all N arrived: sustained deliveries from a full queue to a local receiver.</li>
 * </ol>
 *
 * <pre>
 * deploy/bench/run-alert-delivery [--alerts N] [--warm-up N] [--text-chars N]
 * </pre>
 */
public final class AlertDeliveryBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_KEY = "bench-admin-key";
    private static final Duration STAGE_TIMEOUT = Duration.ofMinutes(15);
    /**
     * How often the alert count is read from {@code /q/metrics}: rendering it is not free, and reading it every
     * 50 ms cost alert-service about a tenth of the CPU the bench measures.
     */
    private static final Duration METRICS_POLL = Duration.ofMillis(250);
    private static final Duration RECEIVER_POLL = Duration.ofMillis(50);
    private static final Duration IDLE_MEASUREMENT = Duration.ofSeconds(10);
    private static final Pattern ALERTS_CREATED = Pattern.compile("(?m)^vigil_alerts_created_total(?:\\{[^}]*})? ([0-9.eE+]+)$");

    private AlertDeliveryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int alerts = 5_000;
        int warmUp = 1_000;
        int textChars = 3_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--alerts" -> alerts = Integer.parseInt(args[++i]);
                case "--warm-up" -> warmUp = Integer.parseInt(args[++i]);
                case "--text-chars" -> textChars = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path dataDir = Files.createTempDirectory("vigil-alert-bench");
        StackConfig config = StackConfig.onFreePorts(Path.of(System.getProperty("vigil.home", ".")).toAbsolutePath(),
                dataDir, ADMIN_KEY, Map.of());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        System.out.printf("Starting Vigil in %s …%n", dataDir);
        try (VigilStack stack = new VigilStack(config).start(); Receiver receiver = new Receiver()) {
            URI alertService = stack.baseUri(Service.ALERT);
            long alertServicePid = stack.processIds().get(Service.ALERT.moduleName());
            if (warmUp > 0) {
                warmUp(http, stack, alertService, receiver, warmUp, textChars);
            }
            long createdBefore = alertsCreated(http, alertService);
            double idleCpuPerSecond = idleCpuPerSecond(http, alertService, alertServicePid);

            String subscriptionId = createSubscription(http, alertService, receiver.uri(), "AZ");
            Instant queuedFrom = Instant.now().minusSeconds(1);
            List<String> texts = BenchTexts.AZ.generate(alerts, textChars, 42);

            double cpuBeforeConsume = cpuSeconds(alertServicePid);
            long consumeStart = System.nanoTime();
            publish(stack, texts, "AZ");
            double publishSeconds = seconds(consumeStart);
            double consumeSeconds = awaitCount(() -> alertsCreated(http, alertService) - createdBefore, alerts,
                    consumeStart, METRICS_POLL);
            long created = alertsCreated(http, alertService) - createdBefore;
            double consumeCpu = cpuSeconds(alertServicePid) - cpuBeforeConsume;

            receiver.accept();
            double cpuBeforeDeliver = cpuSeconds(alertServicePid);
            long deliverStart = System.nanoTime();
            JsonNode requeued = post(http, alertService.resolve("/api/subscriptions/" + subscriptionId
                    + "/deliveries:redeliver?since=" + queuedFrom), 202);
            double deliverSeconds = awaitCount(receiver.accepted::get, alerts, deliverStart, RECEIVER_POLL);
            double deliverCpu = cpuSeconds(alertServicePid) - cpuBeforeDeliver;

            System.out.println();
            System.out.printf("Vigil alert-service benchmark: %,d matching alerts, articles of %,d characters,"
                    + " after a warm-up of %,d%n", alerts, textChars, warmUp);
            System.out.printf("  events written to articles.classified %6.1f s  %,10.0f events/s%n",
                    publishSeconds, alerts / publishSeconds);
            System.out.printf("  consume (alerts created)              %6.1f s  %,10.0f alerts/s  (%,d)"
                    + "  alert-service CPU %.2f ms per alert%n",
                    consumeSeconds, created / consumeSeconds, created, consumeCpu * 1000 / created);
            System.out.printf("  alert-service CPU when idle (Kafka polling, schedulers, metrics reads) %.1f ms/s;"
                    + " consume CPU without it %.2f ms per alert%n", idleCpuPerSecond * 1000,
                    (consumeCpu - idleCpuPerSecond * consumeSeconds) * 1000 / created);
            System.out.printf("  deliver (webhooks answered 204)       %6.1f s  %,10.0f webhooks/s  (%,d; %d requeued"
                    + " after 410; %,d sent twice)  alert-service CPU %.2f ms per webhook%n", deliverSeconds,
                    receiver.accepted.get() / deliverSeconds, receiver.accepted.get(), requeued.path("redelivered").asInt(),
                    receiver.repeats.get(), deliverCpu * 1000 / Math.max(1, receiver.accepted.get()));
            System.out.printf("  machine load average at the end: %s%n", loadAverage());
            System.out.println("  resident memory at the end:");
            for (Map.Entry<String, Long> process : stack.processIds().entrySet()) {
                System.out.printf("    %-17s %,8d MiB%n", process.getKey(), residentMebibytes(process.getValue()));
            }
        }
    }

    /**
     * Runs the consume path on events matching a subscription of their own until their alerts exist, then deletes
     * that subscription with its alerts and deliveries, so the measured stages start warm and with an empty queue.
     */
    private static void warmUp(HttpClient http, VigilStack stack, URI alertService, Receiver receiver, int events,
            int textChars) throws Exception {
        String subscriptionId = createSubscription(http, alertService, receiver.uri(), "GE");
        long createdBefore = alertsCreated(http, alertService);
        long start = System.nanoTime();
        publish(stack, BenchTexts.AZ.generate(events, textChars, 42), "GE");
        double seconds = awaitCount(() -> alertsCreated(http, alertService) - createdBefore, events, start, METRICS_POLL);
        send(http, HttpRequest.newBuilder(alertService.resolve("/api/subscriptions/" + subscriptionId)).DELETE(), 204);
        System.out.printf("  warm-up: %,d events consumed in %.1f s%n", events, seconds);
    }

    /** Writes the events as classify-service does (CloudEvents binary mode, key = article id), all at once. */
    private static void publish(VigilStack stack, List<String> texts, String country) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>(texts.size());
            for (int i = 0; i < texts.size(); i++) {
                String articleId = UUID.randomUUID().toString();
                ProducerRecord<String, String> record = new ProducerRecord<>("articles.classified", articleId,
                        JSON.writeValueAsString(classifiedArticle(articleId, i, texts.get(i), country)));
                record.headers()
                        .add("ce_specversion", bytes("1.0"))
                        .add("ce_id", bytes(UUID.randomUUID().toString()))
                        .add("ce_source", bytes("/vigil/classify-service"))
                        .add("ce_type", bytes("vigil.article.classified"))
                        .add("ce_subject", bytes(articleId))
                        .add("ce_time", bytes(Instant.now().toString()))
                        .add("content-type", bytes("application/json"));
                sent.add(producer.send(record));
            }
            for (Future<RecordMetadata> each : sent) {
                each.get();
            }
        }
    }

    private static Map<String, Object> classifiedArticle(String articleId, int serial, String text, String country) {
        Map<String, Object> article = new LinkedHashMap<>();
        article.put("id", articleId);
        article.put("version", 1);
        article.put("url", "https://bench.example/az/" + serial);
        article.put("canonicalUrl", "https://bench.example/az/" + serial);
        article.put("title", "Azərbaycan təhlükəsizlik icmalı " + serial);
        article.put("text", text);
        article.put("lang", "az");
        article.put("publishedAt", Instant.now().toString());
        article.put("source", "bench");
        article.put("topics", List.of(Map.of("id", "cyber", "score", 0.82)));
        article.put("countries", List.of(Map.of("code", country, "mentions", 3, "frameworks", List.of("PFP"))));
        article.put("focus", List.of(country));
        return article;
    }

    private static String createSubscription(HttpClient http, URI alertService, URI webhook, String country)
            throws IOException, InterruptedException {
        Map<String, Object> subscription = Map.of("name", "alert bench " + country, "countries", List.of(country),
                "webhook", Map.of("url", webhook.toString()));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(alertService.resolve("/api/subscriptions"))
                        .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(subscription))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("subscription answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body()).path("id").asText();
    }

    private static JsonNode post(HttpClient http, URI uri, int expectedStatus) throws IOException, InterruptedException {
        return JSON.readTree(send(http, HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()),
                expectedStatus));
    }

    private static String send(HttpClient http, HttpRequest.Builder request, int expectedStatus)
            throws IOException, InterruptedException {
        HttpRequest built = request.header("Authorization", "Bearer " + ADMIN_KEY).build();
        HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expectedStatus) {
            throw new IllegalStateException(built.method() + " " + built.uri() + " answered " + response.statusCode()
                    + ": " + response.body());
        }
        return response.body();
    }

    private static long alertsCreated(HttpClient http, URI alertService) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(alertService.resolve("/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher matcher = ALERTS_CREATED.matcher(response.body());
            return matcher.find() ? (long) Double.parseDouble(matcher.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double awaitCount(LongSupplier count, long expected, long start, Duration pollInterval) {
        long deadline = System.nanoTime() + STAGE_TIMEOUT.toNanos();
        while (count.getAsLong() < expected) {
            if (System.nanoTime() > deadline) {
                System.out.printf("  (stopped waiting at %,d of %,d)%n", count.getAsLong(), expected);
                break;
            }
            LockSupport.parkNanos(pollInterval.toNanos());
        }
        return seconds(start);
    }

    /**
     * The CPU alert-service spends with nothing to consume or deliver, read while the bench polls its metrics as
     * during the consume stage: that much of the consume stage's CPU is paid per second, not per alert.
     */
    private static double idleCpuPerSecond(HttpClient http, URI alertService, long pid) {
        double before = cpuSeconds(pid);
        long start = System.nanoTime();
        while (System.nanoTime() - start < IDLE_MEASUREMENT.toNanos()) {
            alertsCreated(http, alertService);
            LockSupport.parkNanos(METRICS_POLL.toNanos());
        }
        return (cpuSeconds(pid) - before) / seconds(start);
    }

    /**
     * User plus system CPU time of a process so far, from {@code /proc/<pid>/stat}: on a shared machine the
     * cost per alert says more than the rate, which depends on what else runs.
     */
    private static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After the command name: state is field 3 of stat(5), utime 14 and stime 15; clock ticks of 1/100 s.
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long residentMebibytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException e) {
            // the process is gone or /proc is not there
        }
        return -1;
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /**
     * The integrator's endpoint: answers 410 Gone until told to accept, then 204, counting distinct webhook-ids
     * answered 204 and any id answered 204 more than once.
     */
    private static final class Receiver implements AutoCloseable {
        private final HttpServer server;
        private final AtomicLong accepted = new AtomicLong();
        private final AtomicLong repeats = new AtomicLong();
        private final Set<String> ids = ConcurrentHashMap.newKeySet();
        private volatile boolean accepting;

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                if (!accepting) {
                    exchange.sendResponseHeaders(410, -1);
                    exchange.close();
                    return;
                }
                if (ids.add(exchange.getRequestHeaders().getFirst("webhook-id"))) {
                    accepted.incrementAndGet();
                } else {
                    repeats.incrementAndGet();
                }
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
        }

        void accept() {
            accepting = true;
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/alert-bench");
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
