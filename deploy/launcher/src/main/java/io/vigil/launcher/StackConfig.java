package io.vigil.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where and how the local stack runs.
 *
 * @param home the repository root; service jars are found under {@code <module>/target/quarkus-app}
 * @param dataDir everything the stack keeps between runs: PostgreSQL data, Kafka log, service logs
 * @param externalDatabase a PostgreSQL to use instead of the embedded one
 */
public record StackConfig(
        Path home,
        Path dataDir,
        int kafkaPort,
        int kafkaControllerPort,
        int postgresPort,
        Map<Service, Integer> servicePorts,
        Optional<ExternalDatabase> externalDatabase,
        String adminApiKey,
        String webhookAllow,
        String fetchAllow,
        Map<String, String> extraEnvironment) {

    public record ExternalDatabase(String jdbcUrl, String user, String password) {
    }

    public int port(Service service) {
        return servicePorts.get(service);
    }

    /** Reads ports and the optional external database from the environment, with the documented defaults. */
    public static StackConfig fromEnvironment(Path home, Path dataDir, String adminApiKey) {
        Map<String, String> env = System.getenv();
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        ports.put(Service.INGEST, intEnv(env, Service.INGEST.portVariable(), 8081));
        ports.put(Service.CLASSIFY, intEnv(env, Service.CLASSIFY.portVariable(), 8082));
        ports.put(Service.ALERT, intEnv(env, Service.ALERT.portVariable(), 8083));
        Optional<ExternalDatabase> database = Optional.ofNullable(env.get("VIGIL_DB_URL"))
                .filter(url -> !url.isBlank())
                .map(url -> new ExternalDatabase(url, env.getOrDefault("VIGIL_DB_USER", "vigil"),
                        env.getOrDefault("VIGIL_DB_PASSWORD", "vigil")));
        return new StackConfig(home, dataDir,
                intEnv(env, "VIGIL_KAFKA_PORT", 9092), intEnv(env, "VIGIL_KAFKA_CONTROLLER_PORT", 9093),
                intEnv(env, "VIGIL_PG_PORT", 15432), ports, database, adminApiKey,
                env.getOrDefault("VIGIL_WEBHOOK_ALLOW", "127.0.0.1/32"),
                env.getOrDefault("VIGIL_FETCH_ALLOW", "127.0.0.1/32"),
                Map.of());
    }

    /**
     * A stack on free ports with a data directory of its own, as tests and benchmarks want it: nothing collides
     * with a local run or another test on the same machine. Webhooks and fetches may target loopback.
     */
    public static StackConfig onFreePorts(Path home, Path dataDir, String adminApiKey, Map<String, String> extraEnvironment) {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            ports.put(service, freePort());
        }
        return new StackConfig(home, dataDir, freePort(), freePort(), freePort(), ports, Optional.empty(), adminApiKey,
                "127.0.0.1/32", "127.0.0.1/32", extraEnvironment);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int intEnv(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }
}
