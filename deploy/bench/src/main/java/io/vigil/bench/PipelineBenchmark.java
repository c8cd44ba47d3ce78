package io.vigil.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.vigil.launcher.Service;
import io.vigil.launcher.StackConfig;
import io.vigil.launcher.VigilStack;

/**
 * Pushes N generated articles (default 20,000 of ~3,000 characters, batches of 1,000) through the
 * batch API of a freshly started Vigil and reports, from the first request:
 * <ul>
 *   <li>push-API throughput: articles stored in PostgreSQL per second, as the batch answers say;</li>
 *   <li>publish throughput: articles on {@code articles.ingested} per second (outbox relay);</li>
 *   <li>classification throughput: articles on {@code articles.classified} per second;</li>
 *   <li>webhook throughput: alerts received by a local HTTP receiver per second;</li>
 *   <li>each process's resident memory at the end.</li>
 * </ul>
 * Every article names Azerbaijan, and one subscription on AZ sends each to the receiver.
 */
public final class PipelineBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String ADMIN_KEY = "bench-admin-key";
    private static final Duration STAGE_TIMEOUT = Duration.ofMinutes(15);

    private PipelineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("--stage")) {
            String[] rest = java.util.Arrays.copyOfRange(args, 2, args.length);
            switch (args[1]) {
                case "ingest" -> IngestBenchmark.main(rest);
                case "pipeline" -> main(rest);
                default -> throw new IllegalArgumentException("unknown stage " + args[1] + "; ingest or pipeline");
            }
            return;
        }
        int articles = 20_000;
        int batchSize = 1_000;
        int concurrency = 2;
        int textChars = 3_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--articles" -> articles = Integer.parseInt(args[++i]);
                case "--batch" -> batchSize = Integer.parseInt(args[++i]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                case "--text-chars" -> textChars = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path dataDir = Files.createTempDirectory("vigil-bench");
        StackConfig config = StackConfig.onFreePorts(Path.of(System.getProperty("vigil.home", ".")).toAbsolutePath(),
                dataDir, ADMIN_KEY, Map.of());

        System.out.printf("Starting Vigil in %s …%n", dataDir);
        try (VigilStack stack = new VigilStack(config).start(); Receiver receiver = new Receiver()) {
            createSubscription(stack, receiver.uri());
            AtomicLong ingested = countRecords(stack, "articles.ingested");
            AtomicLong classified = countRecords(stack, "articles.classified");

            List<String> texts = BenchTexts.AZ.generate(articles, textChars, 42);
            long start = System.nanoTime();
            long stored = push(stack, texts, batchSize, concurrency);
            double pushSeconds = seconds(start);
            double publishSeconds = awaitCount(ingested::get, articles, start);
            double classifySeconds = awaitCount(classified::get, articles, start);
            double deliverSeconds = awaitCount(receiver.received::get, articles, start);

            System.out.println();
            System.out.printf("Vigil pipeline benchmark: %,d articles of %,d characters, batches of %,d, %d concurrent requests%n",
                    articles, textChars, batchSize, concurrency);
            System.out.printf("  push API (stored in PostgreSQL)  %8.1f s  %,10.0f articles/s  (%,d stored)%n",
                    pushSeconds, stored / pushSeconds, stored);
            report("published on articles.ingested", publishSeconds, ingested.get());
            report("published on articles.classified", classifySeconds, classified.get());
            report("webhooks received", deliverSeconds, receiver.received.get());
            System.out.println("  resident memory at the end:");
            for (Map.Entry<String, Long> process : stack.processIds().entrySet()) {
                System.out.printf("    %-17s %,8d MiB%n", process.getKey(), residentMebibytes(process.getValue()));
            }
        }
    }

    private static void report(String stage, double seconds, long count) {
        System.out.printf("  %-32s %8.1f s  %,10.0f articles/s  (%,d)%n", stage, seconds, count / seconds, count);
    }

    private static long push(VigilStack stack, List<String> texts, int batchSize, int concurrency) throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        for (int from = 0; from < texts.size(); from += batchSize) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (int i = from; i < Math.min(from + batchSize, texts.size()); i++) {
                items.add(Map.of("title", "Azərbaycan təhlükəsizlik icmalı " + i, "text", texts.get(i),
                        "url", "https://bench.example/az/" + i, "source", "bench"));
            }
            bodies.add(JSON.writeValueAsBytes(Map.of("items", items)));
        }
        return postBatches(stack, bodies, concurrency);
    }

    /** Posts each body to the batch API, {@code concurrency} at a time; returns how many articles were accepted. */
    static long postBatches(VigilStack stack, List<byte[]> bodies, int concurrency) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        URI endpoint = stack.baseUri(Service.INGEST).resolve("/api/articles:batch");
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (byte[] body : bodies) {
                answers.add(pool.submit(() -> {
                    HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(endpoint)
                            .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json")
                            .timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("batch answered " + response.statusCode() + ": "
                                + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
                    }
                    return JSON.readTree(response.body()).path("accepted").asInt();
                }));
            }
            long stored = 0;
            for (Future<Integer> answer : answers) {
                stored += answer.get();
            }
            return stored;
        } finally {
            pool.shutdown();
        }
    }

    /** Counts records on a topic from its beginning, in the background, with a consumer group of its own. */
    static AtomicLong countRecords(VigilStack stack, String topic) {
        AtomicLong count = new AtomicLong();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + topic + "-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Thread counter = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
                consumer.subscribe(List.of(topic));
                while (!Thread.currentThread().isInterrupted()) {
                    count.addAndGet(consumer.poll(Duration.ofMillis(200)).count());
                }
            }
        }, "count-" + topic);
        counter.setDaemon(true);
        counter.start();
        return count;
    }

    static double awaitCount(LongSupplier count, long expected, long start) {
        long deadline = System.nanoTime() + STAGE_TIMEOUT.toNanos();
        while (count.getAsLong() < expected) {
            if (System.nanoTime() > deadline) {
                System.out.printf("  (stopped waiting at %,d of %,d)%n", count.getAsLong(), expected);
                break;
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        return seconds(start);
    }

    private static void createSubscription(VigilStack stack, URI webhook) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("name", "bench", "countries", List.of("AZ"),
                "webhook", Map.of("url", webhook.toString())));
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(stack.baseUri(Service.ALERT).resolve("/api/subscriptions"))
                        .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("subscription answered " + response.statusCode() + ": " + response.body());
        }
    }

    static long residentMebibytes(long pid) {
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

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }


    /** The integrator's endpoint: answers 204 to every webhook and counts distinct alerts. */
    private static final class Receiver implements AutoCloseable {
        private final HttpServer server;
        private final AtomicLong received = new AtomicLong();
        private final Set<String> ids = ConcurrentHashMap.newKeySet();

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                if (ids.add(exchange.getRequestHeaders().getFirst("webhook-id"))) {
                    received.incrementAndGet();
                }
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/bench");
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
