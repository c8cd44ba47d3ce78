package io.vigil.classify;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.vigil.classify.messaging.IngestedArticleConsumer;
import io.vigil.testing.KafkaResource;

/** Plain Kafka clients on the test broker: produce what ingest-service would, read what classify-service writes. */
final class KafkaTestClient {

    /** The literal example of docs/events.md. */
    static final String EXAMPLE_ARTICLE_ID = "0b9c6f3e-8f5d-4b61-9a55-3f1a2a9e0c11";
    static final String EXAMPLE_INGESTED = """
            {
              "id": "0b9c6f3e-8f5d-4b61-9a55-3f1a2a9e0c11",
              "version": 1,
              "url": "https://example.az/news/123",
              "canonicalUrl": "https://example.az/news/123",
              "title": "Azərbaycan NATO ilə kibertəhlükəsizlik üzrə əməkdaşlığı genişləndirir",
              "text": "Bakı, 12 noyabr. ...",
              "lang": "az",
              "publishedAt": "2026-11-12T08:30:00Z",
              "source": "azertag",
              "ingestedAt": "2026-11-12T08:31:02.117Z",
              "duplicateOf": null
            }""";

    private KafkaTestClient() {
    }

    /** Sends a record in CloudEvents binary mode as ingest-service does, and waits for the broker's ack. */
    static void sendIngested(String ceId, String key, String json) {
        send(ingested(ceId, key, json));
    }

    /** The example article under another id, as ingest-service would publish it with that CloudEvent id. */
    static ProducerRecord<String, String> ingestedExample(String ceId, String articleId) {
        return ingested(ceId, articleId, EXAMPLE_INGESTED.replace(EXAMPLE_ARTICLE_ID, articleId));
    }

    /** The ce_ids of the classified events that these ingested events (by ce_id) lead to. */
    static Set<String> classifiedIds(Collection<String> ingestedCeIds) {
        return ingestedCeIds.stream().map(id -> IngestedArticleConsumer.classifiedEventId(id).toString())
                .collect(Collectors.toSet());
    }

    /** Reads articles.classified until it holds events with all these ce_ids; returns every record read. */
    static List<ConsumerRecord<String, String>> awaitClassified(Set<String> classifiedCeIds) {
        return awaitRecords("articles.classified", read -> read.stream().map(r -> header(r, "ce_id"))
                .collect(Collectors.toSet()).containsAll(classifiedCeIds));
    }

    /** A record as ingest-service writes it, in CloudEvents binary mode; no CloudEvent headers when ceId is null. */
    static ProducerRecord<String, String> ingested(String ceId, String key, String json) {
        ProducerRecord<String, String> record = new ProducerRecord<>("articles.ingested", key, json);
        if (ceId != null) {
            header(record, "ce_specversion", "1.0");
            header(record, "ce_id", ceId);
            header(record, "ce_source", "/vigil/ingest-service");
            header(record, "ce_type", "vigil.article.ingested");
            header(record, "ce_subject", key);
            header(record, "ce_time", Instant.now().toString());
            header(record, "content-type", "application/json");
        }
        return record;
    }

    /** Sends the records with one producer, without waiting between them, so that one poll can take them all. */
    static void sendAll(List<ProducerRecord<String, String>> records) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>(records.size());
            records.forEach(record -> sent.add(producer.send(record)));
            for (java.util.concurrent.Future<?> future : sent) {
                future.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to articles.ingested", e);
        }
    }

    static void sendRaw(String topic, String key, String value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    private static void send(ProducerRecord<String, String> record) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + record.topic(), e);
        }
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a topic from the start until records matching the condition have arrived; returns all records read. */
    static List<ConsumerRecord<String, String>> awaitRecords(String topic, Predicate<List<ConsumerRecord<String, String>>> done) {
        return awaitRecords(topic, Duration.ofSeconds(60), done);
    }

    static List<ConsumerRecord<String, String>> awaitRecords(String topic, Duration timeout,
                                                             Predicate<List<ConsumerRecord<String, String>>> done) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(timeout).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return done.test(records);
            });
        }
        return records;
    }

    /** Every record of a topic from its start to its end at the time of the call; none when the topic does not exist. */
    static List<ConsumerRecord<String, String>> readToEnd(String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.bootstrapServers());
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.listTopics().getOrDefault(topic, List.of()).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            if (partitions.isEmpty()) {
                return records;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
        }
        return records;
    }

    static ConsumerRecord<String, String> awaitWithHeader(String topic, String header, String value) {
        return awaitRecords(topic, records -> records.stream().anyMatch(r -> value.equals(header(r, header))))
                .stream().filter(r -> value.equals(header(r, header))).findFirst().orElseThrow();
    }

    static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static Map<String, String> headers(ConsumerRecord<String, String> record) {
        Map<String, String> headers = new java.util.TreeMap<>();
        record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        return headers;
    }
}
