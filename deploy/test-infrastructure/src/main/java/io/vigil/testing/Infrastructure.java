package io.vigil.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Locale;

import org.testcontainers.DockerClientFactory;

/**
 * Chooses how the tests get their real Kafka broker and PostgreSQL.
 *
 * <p>{@code -Dvigil.test.infrastructure=embedded|containers|auto} (or the environment variable
 * {@code VIGIL_TEST_INFRASTRUCTURE}); {@code auto}, the default, uses Testcontainers when a Docker
 * engine answers and the embedded broker and PostgreSQL binaries otherwise. Both paths run the real
 * servers; neither is a mock.
 */
public final class Infrastructure {

    private Infrastructure() {
    }

    public static boolean useContainers() {
        String choice = System.getProperty("vigil.test.infrastructure",
                System.getenv().getOrDefault("VIGIL_TEST_INFRASTRUCTURE", "auto")).toLowerCase(Locale.ROOT);
        return switch (choice) {
            case "containers" -> true;
            case "embedded" -> false;
            default -> dockerAvailable();
        };
    }

    private static boolean dockerAvailable() {
        // Asking Testcontainers logs an error when there is no engine; skip the question when no socket exists.
        if (System.getenv("DOCKER_HOST") == null && !java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"))) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
