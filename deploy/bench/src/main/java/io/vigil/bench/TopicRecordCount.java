package io.vigil.bench;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.vigil.launcher.VigilStack;

/**
 * How many records a topic holds: the sum of its partitions' end offsets (the high watermark, so only records
 * every replica has). Unlike consuming them, counting this way costs neither the benchmark nor the broker a
 * read of the records, 3-10 KB each, which would be charged to the machine the measured services share.
 */
final class TopicRecordCount implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private List<TopicPartition> partitions = List.of();

    TopicRecordCount(VigilStack stack, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
    }

    /** Called from one thread at a time, like the consumer it asks. */
    long get() {
        try {
            if (partitions.isEmpty()) {
                partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                        .map(partition -> new TopicPartition(topic, partition.partition())).toList();
                if (partitions.isEmpty()) {
                    return 0;
                }
            }
            return consumer.endOffsets(partitions, Duration.ofSeconds(5)).values().stream()
                    .mapToLong(Long::longValue).sum();
        } catch (TimeoutException e) {
            // The topic is not there yet (the relay creates it with its first record), or the broker is slow.
            return 0;
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
