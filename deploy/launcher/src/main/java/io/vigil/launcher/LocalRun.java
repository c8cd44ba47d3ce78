package io.vigil.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code deploy/local/run}: starts Vigil, prints where each part listens and "Vigil is up", optionally
 * imports a directory of {@code .txt} articles, and stops everything on Ctrl-C or SIGTERM.
 *
 * <pre>
 * run [--data DIR] [--import DIR]
 * </pre>
 */
public final class LocalRun {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalRun() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("vigil.home", ".")).toAbsolutePath().normalize();
        Path dataDir = home.resolve("deploy/local/.data");
        Path importDir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> dataDir = Path.of(args[++i]).toAbsolutePath();
                case "--import" -> importDir = Path.of(args[++i]).toAbsolutePath();
                case "-h", "--help" -> {
                    System.out.println("usage: deploy/local/run [--data DIR] [--import DIR]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (try --help)");
            }
        }
        Files.createDirectories(dataDir);
        String adminKey = adminApiKey(dataDir);
        VigilStack stack = new VigilStack(StackConfig.fromEnvironment(home, dataDir, adminKey));

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping Vigil…");
            stack.close();
            System.out.println("Vigil stopped; data kept in " + stack.config().dataDir());
            stopped.countDown();
        }, "vigil-shutdown"));

        System.out.println("Starting Vigil (data in " + dataDir + ")…");
        stack.start();
        printEndpoints(stack, adminKey);
        System.out.println("Vigil is up");
        if (importDir != null) {
            importArticles(stack, adminKey, importDir);
        }
        stopped.await();
    }

    private static void printEndpoints(VigilStack stack, String adminKey) {
        StackConfig config = stack.config();
        System.out.println("  PostgreSQL        " + stack.jdbcUrl());
        System.out.println("  Kafka             " + stack.kafkaBootstrap() + "  topics " + VigilStack.TOPICS);
        for (Service service : Service.values()) {
            System.out.printf("  %-17s %s  (openapi %s/q/openapi, log %s)%n", service.moduleName(),
                    stack.baseUri(service), stack.baseUri(service), stack.logFile(service.moduleName()));
        }
        String origin = System.getenv("VIGIL_ADMIN_API_KEY") == null
                ? "generated, kept in " + config.dataDir().resolve("admin-api-key") : "from VIGIL_ADMIN_API_KEY";
        System.out.println("  Admin API key     " + adminKey + "  (" + origin + ")");
    }

    /** The admin key of this data directory: the environment's, or one generated on first run and kept. */
    private static String adminApiKey(Path dataDir) throws IOException {
        String fromEnvironment = System.getenv("VIGIL_ADMIN_API_KEY");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.strip();
        }
        Path keyFile = dataDir.resolve("admin-api-key");
        if (Files.exists(keyFile)) {
            return Files.readString(keyFile).strip();
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String key = "vk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.writeString(keyFile, key + "\n");
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        return key;
    }

    /** Posts every {@code .txt} file of the directory as an article; its first non-empty line is the title. */
    static void importArticles(VigilStack stack, String adminKey, Path directory) throws IOException, InterruptedException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
        }
        HttpClient http = HttpClient.newHttpClient();
        URI endpoint = stack.baseUri(Service.INGEST).resolve("/api/articles");
        for (Path file : files) {
            String content = Files.readString(file, StandardCharsets.UTF_8).replace("\uFEFF", "");
            List<String> lines = content.lines().toList();
            int titleLine = 0;
            while (titleLine < lines.size() && lines.get(titleLine).isBlank()) {
                titleLine++;
            }
            String title = titleLine < lines.size() ? lines.get(titleLine).strip() : "";
            String text = String.join("\n", lines.subList(Math.min(titleLine + 1, lines.size()), lines.size())).strip();
            String body = JSON.writeValueAsString(Map.of("title", title, "text", text,
                    "source", "import:" + file.getFileName()));
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint)
                    .header("Authorization", "Bearer " + adminKey)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            System.out.printf("  imported %s -> %d %s%n", file.getFileName(), response.statusCode(), response.body());
        }
        System.out.println("Imported " + files.size() + " file(s) from " + directory);
    }

}
