package io.vigil.testing;

import java.util.Map;

import org.testcontainers.kafka.KafkaContainer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/**
 * A real Apache Kafka broker (KRaft) for a test JVM: embedded in the JVM from the kafka_2.13 jar,
 * or a Testcontainers container. One broker per JVM, shared by every test class that names it.
 */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

    private static String bootstrapServers;
    private static AutoCloseable broker;

    @Override
    public synchronized Map<String, String> start() {
        if (bootstrapServers == null) {
            bootstrapServers = Infrastructure.useContainers() ? startContainer() : startEmbedded();
            Runtime.getRuntime().addShutdownHook(new Thread(KafkaResource::shutdown));
        }
        return Map.of("kafka.bootstrap.servers", bootstrapServers);
    }

    @Override
    public void stop() {
        // Shared across test classes of the JVM; closed by the shutdown hook.
    }

    public static synchronized String bootstrapServers() {
        return bootstrapServers;
    }

    private static String startEmbedded() {
        EmbeddedKafkaBroker embedded = new EmbeddedKafkaBroker()
                .withKafkaHost("127.0.0.1")
                .withKafkaPort(Infrastructure.freePort())
                .withControllerPort(Infrastructure.freePort())
                .withDeleteLogDirsOnClose(true)
                .start();
        broker = embedded;
        return embedded.getAdvertisedListeners().replaceFirst("^PLAINTEXT://", "");
    }

    private static String startContainer() {
        KafkaContainer container = new KafkaContainer("apache/kafka:4.2.1");
        container.start();
        broker = container;
        return container.getBootstrapServers();
    }

    private static synchronized void shutdown() {
        try {
            if (broker != null) {
                broker.close();
            }
        } catch (Exception e) {
            // The JVM is exiting; nothing useful to do with the failure.
        }
    }
}
