package io.vigil.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Vigil on one machine: a Kafka KRaft broker in its own process, PostgreSQL (embedded binaries
 * unless an external one is configured) and the three packaged services, each a child process
 * whose output goes to {@code <dataDir>/logs/<name>.log}.
 *
 * <p>The data directory survives a stop, so a restart keeps articles and subscriptions. The
 * system test uses the same class to kill and restart single services, and to run a service as
 * more than one process ({@link #addInstance}).
 */
public final class VigilStack implements AutoCloseable {

    public static final List<String> TOPICS = List.of(
            "articles.ingested", "articles.classified", "articles.ingested.dlq", "articles.classified.dlq");

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final String DB_NAME = "vigil";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StackConfig config;
    private final Path logDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<ServiceInstance, Process> services = new LinkedHashMap<>();
    private final Map<Service, Integer> instancesCreated = new EnumMap<>(Service.class);
    private EmbeddedPostgres embeddedPostgres;
    private Process kafka;

    public VigilStack(StackConfig config) {
        this.config = config;
        this.logDir = config.dataDir().resolve("logs");
    }

    public StackConfig config() {
        return config;
    }

    /** Starts PostgreSQL, Kafka and every service, and returns when all are ready. */
    public VigilStack start() {
        try {
            Files.createDirectories(logDir);
            startPostgres();
            startKafka();
            for (Service service : Service.values()) {
                startService(service);
            }
            for (Service service : Service.values()) {
                awaitReady(service);
            }
            return this;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public URI baseUri(Service service) {
        return baseUri(instance(service));
    }

    public URI baseUri(ServiceInstance instance) {
        return URI.create("http://127.0.0.1:" + instance.port());
    }

    /** The first instance of a service, the one on its configured port. */
    public ServiceInstance instance(Service service) {
        return new ServiceInstance(service, 1, config.port(service));
    }

    public String kafkaBootstrap() {
        return "127.0.0.1:" + config.kafkaPort();
    }

    public String jdbcUrl() {
        return config.externalDatabase().map(StackConfig.ExternalDatabase::jdbcUrl)
                .orElse("jdbc:postgresql://127.0.0.1:" + config.postgresPort() + "/" + DB_NAME);
    }

    /** Operating-system ids of the running child processes by name (services and the broker), for measurements. */
    public Map<String, Long> processIds() {
        Map<String, Long> ids = new LinkedHashMap<>();
        services.forEach((instance, process) -> ids.put(instance.name(), process.pid()));
        if (kafka != null) {
            ids.put("kafka", kafka.pid());
        }
        return ids;
    }

    public Path logFile(String name) {
        return logDir.resolve(name + ".log");
    }

    // ---------------------------------------------------------------- PostgreSQL

    private void startPostgres() throws IOException {
        if (config.externalDatabase().isPresent()) {
            return;
        }
        Path dataDirectory = config.dataDir().resolve("postgres");
        Files.createDirectories(dataDirectory);
        embeddedPostgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(config.postgresPort())
                // The embedded server starts with fsync and synchronous_commit off, as suits throwaway test
                // databases; here it keeps Vigil's data, and an article acknowledged with 201 must survive a crash
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile("postgres").toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile("postgres").toFile()))
                .start();
        try (Connection connection = embeddedPostgres.getPostgresDatabase().getConnection();
             var statement = connection.createStatement()) {
            boolean exists;
            try (var rs = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DB_NAME + "'")) {
                exists = rs.next();
            }
            if (!exists) {
                statement.execute("CREATE ROLE vigil LOGIN PASSWORD 'vigil'");
                statement.execute("CREATE DATABASE " + DB_NAME + " OWNER vigil");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not prepare the embedded PostgreSQL database", e);
        }
    }

    private Map<String, String> databaseEnvironment() {
        return config.externalDatabase()
                .map(db -> Map.of("VIGIL_DB_URL", db.jdbcUrl(), "VIGIL_DB_USER", db.user(), "VIGIL_DB_PASSWORD", db.password()))
                .orElse(Map.of("VIGIL_DB_URL", jdbcUrl(), "VIGIL_DB_USER", "vigil", "VIGIL_DB_PASSWORD", "vigil"));
    }

    /** Opens a connection to Vigil's database, for tests and operators' checks. */
    public Connection openDatabaseConnection() throws SQLException {
        Map<String, String> env = databaseEnvironment();
        return DriverManager.getConnection(env.get("VIGIL_DB_URL"), env.get("VIGIL_DB_USER"), env.get("VIGIL_DB_PASSWORD"));
    }

    // ---------------------------------------------------------------- Kafka

    /** Starts the broker (formatting its log directory on first use) and creates Vigil's topics. */
    public void startKafka() {
        try {
            Path kafkaDir = config.dataDir().resolve("kafka");
            Files.createDirectories(kafkaDir);
            Path properties = kafkaDir.resolve("server.properties");
            Files.writeString(properties, brokerProperties(kafkaDir.resolve("log")));
            if (!Files.exists(kafkaDir.resolve("log").resolve("meta.properties"))) {
                String clusterId = runToCompletion("kafka-format", List.of("kafka.tools.StorageTool", "random-uuid")).strip();
                runToCompletion("kafka-format", List.of("kafka.tools.StorageTool", "format", "-t", clusterId,
                        "-c", properties.toString()));
            }
            List<String> command = javaCommand(List.of("-Xmx512m", "-Xms128m"), "kafka.Kafka", properties.toString());
            kafka = spawn("kafka", command, Map.of());
            awaitKafka();
            createTopics();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void stopKafka() {
        stop("kafka", kafka);
        kafka = null;
    }

    private String brokerProperties(Path logDirs) {
        int port = config.kafkaPort();
        int controller = config.kafkaControllerPort();
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controller,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + logDirs,
                "num.partitions=3",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "") ;
    }

    /** As patient as a service's readiness: on a loaded machine a restarted broker has taken over a minute. */
    private void awaitKafka() {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        Properties props = adminProperties();
        while (true) {
            ensureAlive("kafka", kafka);
            try (Admin admin = Admin.create(props)) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("Kafka did not start; see " + logFile("kafka"), e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private void createTopics() {
        try (Admin admin = Admin.create(adminProperties())) {
            for (String topic : TOPICS) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Could not create topic " + topic, e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not create Vigil's topics in time", e);
        }
    }

    private Properties adminProperties() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        return props;
    }

    // ---------------------------------------------------------------- services

    public void startService(Service service) {
        startInstance(instance(service));
    }

    /**
     * Starts one more process of a service on a free port, with the same database, broker and environment as
     * the first: for alert-service, another member of its consumer group and another worker on its queue.
     */
    public synchronized ServiceInstance addInstance(Service service) {
        int number = instancesCreated.merge(service, 2, (created, first) -> created + 1);
        ServiceInstance instance = new ServiceInstance(service, number, StackConfig.freePort());
        startInstance(instance);
        return instance;
    }

    /** Starts (or restarts, after a kill or stop) one instance of a service. */
    public void startInstance(ServiceInstance instance) {
        Service service = instance.service();
        Path jar = config.home().resolve(service.moduleName()).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (./mvnw package -DskipTests)");
        }
        Map<String, String> env = new HashMap<>(databaseEnvironment());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(instance.port()));
        env.put("VIGIL_KAFKA_BOOTSTRAP", kafkaBootstrap());
        env.put("VIGIL_ADMIN_API_KEY", config.adminApiKey());
        env.put("VIGIL_WEBHOOK_ALLOW", config.webhookAllow());
        env.put("VIGIL_FETCH_ALLOW", config.fetchAllow());
        env.putAll(config.extraEnvironment());
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.addAll(jvmOptions(service));
        command.addAll(List.of("-jar", jar.toString()));
        services.put(instance, spawn(instance.name(), command, env));
    }

    /**
     * ingest-service turns over a batch of 1,000 articles (6-9 MB of JSON, its tree and its strings) per request:
     * with G1, its write barriers and concurrent cycles cost more CPU than the parallel collector's young
     * collections. A young generation of 384 MB (instead of 170) holds a few batches, so a collection comes every
     * few batches and copies only the ones in flight.
     */
    private static List<String> jvmOptions(Service service) {
        return service == Service.INGEST ? List.of("-Xmx768m", "-Xmn384m", "-XX:+UseParallelGC")
                : List.of("-Xmx512m");
    }

    public void awaitReady(Service service) {
        awaitReady(instance(service));
    }

    /** Waits until {@code /q/health/ready} answers 200, failing early if the process dies. */
    public void awaitReady(ServiceInstance instance) {
        URI ready = baseUri(instance).resolve("/q/health/ready");
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (true) {
            ensureAlive(instance.name(), services.get(instance));
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(instance.name() + " was not ready within " + READY_TIMEOUT
                        + "; see " + logFile(instance.name()));
            }
            waitWhileAlive(services.get(instance), Duration.ofMillis(250));
        }
    }

    /** Kills the first instance of a service; see {@link #killInstance}. */
    public void killService(Service service) {
        killInstance(instance(service));
    }

    /** Ends one instance the hard way (SIGKILL), as a crash would: no shutdown hooks, no flush. */
    public void killInstance(ServiceInstance instance) {
        Process process = services.remove(instance);
        if (process != null) {
            process.destroyForcibly();
            waitFor(process, STOP_TIMEOUT);
        }
    }

    public void stopService(Service service) {
        stopInstance(instance(service));
    }

    public void stopInstance(ServiceInstance instance) {
        stop(instance.name(), services.remove(instance));
    }

    @Override
    public synchronized void close() {
        for (Service service : List.of(Service.INGEST, Service.ALERT, Service.CLASSIFY)) {
            for (ServiceInstance instance : List.copyOf(services.keySet())) {
                if (instance.service() == service) {
                    stopInstance(instance);
                }
            }
        }
        stopKafka();
        if (embeddedPostgres != null) {
            try {
                embeddedPostgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                embeddedPostgres = null;
            }
        }
    }

    // ---------------------------------------------------------------- processes

    private Process spawn(String name, List<String> command, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(name).toFile()));
        builder.environment().putAll(env);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name, e);
        }
    }

    private String runToCompletion(String name, List<String> mainAndArgs) throws IOException {
        Path output = Files.createTempFile(logDir, name, ".out");
        try {
            Process process = new ProcessBuilder(javaCommand(List.of("-Xmx256m"), mainAndArgs.getFirst(),
                    mainAndArgs.subList(1, mainAndArgs.size()).toArray(String[]::new)))
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(name + " failed: " + Files.readString(output));
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            Files.writeString(logFile(name), text, StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private List<String> javaCommand(List<String> jvmOptions, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmOptions);
        // The broker runs from this JVM's own class path: the launcher's lib/ holds kafka_2.13 and its dependencies.
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return command;
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private void ensureAlive(String name, Process process) {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException(name + " is not running; see " + logFile(name) + "\n" + tail(logFile(name)));
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()).stream()
                    .map(VigilStack::readable).toList());
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** Services log JSON lines in the prod profile; shows their level, message and exception causes. */
    private static String readable(String line) {
        if (!line.startsWith("{")) {
            return line;
        }
        try {
            JsonNode entry = JSON.readTree(line);
            StringBuilder text = new StringBuilder(entry.path("level").asText()).append(' ').append(entry.path("message").asText());
            for (JsonNode cause = entry.path("exception"); !cause.isMissingNode(); cause = cause.path("causedBy").path("exception")) {
                text.append("\n    caused by ").append(cause.path("exceptionType").asText()).append(": ")
                        .append(cause.path("message").asText());
            }
            return text.toString();
        } catch (IOException e) {
            return line;
        }
    }

    private static void stop(String name, Process process) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!waitFor(process, STOP_TIMEOUT)) {
            process.destroyForcibly();
            waitFor(process, STOP_TIMEOUT);
        }
    }

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits a little for the next readiness probe, returning at once if the process exits meanwhile. */
    private static void waitWhileAlive(Process process, Duration duration) {
        try {
            process.onExit().get(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // still running: time for the next probe
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
