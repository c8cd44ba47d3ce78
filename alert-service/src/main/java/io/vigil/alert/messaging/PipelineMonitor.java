package io.vigil.alert.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What an operator watches on Kafka: how far each Vigil consumer group is behind its topic, and how
 * many records wait in the dead-letter topics. Read with the Kafka admin API, so it sees the whole
 * pipeline, not only this service.
 */
@ApplicationScoped
public class PipelineMonitor {

    private static final Logger LOG = Logger.getLogger(PipelineMonitor.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** The consumer groups of the pipeline and the topic each reads (docs/events.md). */
    private static final Map<String, String> CONSUMERS = Map.of(
            "classify-service", "articles.ingested",
            "alert-service", "articles.classified");
    private static final List<String> DEAD_LETTER_TOPICS = List.of("articles.ingested.dlq", "articles.classified.dlq");

    public record ConsumerLag(String group, String topic, long lag) {
    }

    public record DeadLetters(String topic, long records) {
    }

    /** Lag and dead letters, or {@code available = false} with the reason when Kafka does not answer. */
    public record Snapshot(boolean available, String error, List<ConsumerLag> consumerLag, List<DeadLetters> deadLetters) {
    }

    private final Admin admin;

    public PipelineMonitor(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis()));
    }

    public Snapshot snapshot() {
        try {
            List<ConsumerLag> lag = new ArrayList<>();
            for (Map.Entry<String, String> consumer : CONSUMERS.entrySet()) {
                lag.add(new ConsumerLag(consumer.getKey(), consumer.getValue(), lag(consumer.getKey(), consumer.getValue())));
            }
            List<DeadLetters> deadLetters = new ArrayList<>();
            for (String topic : DEAD_LETTER_TOPICS) {
                deadLetters.add(new DeadLetters(topic, records(topic)));
            }
            lag.sort((a, b) -> a.group().compareTo(b.group()));
            return new Snapshot(true, null, lag, deadLetters);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("Kafka did not answer the dashboard's lag query: %s", e.getMessage());
            return new Snapshot(false, "Kafka did not answer: " + e.getMessage(), List.of(), List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Snapshot(false, "interrupted", List.of(), List.of());
        }
    }

    private long lag(String group, String topic) throws ExecutionException, InterruptedException, TimeoutException {
        List<TopicPartition> partitions = partitions(topic);
        if (partitions.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> start = offsets(partitions, OffsetSpec.earliest());
        long lag = 0;
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata position = committed.get(partition);
            long from = position == null ? start.get(partition).offset() : position.offset();
            lag += Math.max(0, end.get(partition).offset() - from);
        }
        return lag;
    }

    private long records(String topic) throws ExecutionException, InterruptedException, TimeoutException {
        List<TopicPartition> partitions = partitions(topic);
        if (partitions.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> start = offsets(partitions, OffsetSpec.earliest());
        return partitions.stream().mapToLong(p -> end.get(p).offset() - start.get(p).offset()).sum();
    }

    private List<TopicPartition> partitions(String topic) throws ExecutionException, InterruptedException, TimeoutException {
        var topics = admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (!topics.contains(topic)) {
            return List.of();
        }
        return admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets(List<TopicPartition> partitions, OffsetSpec spec)
            throws ExecutionException, InterruptedException, TimeoutException {
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> spec)))
                .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
