package io.vigil.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.classify.messaging.IngestedArticleConsumer;
import io.vigil.testing.KafkaResource;
import io.vigil.testing.PostgresResource;
import jakarta.inject.Inject;

/**
 * How many articles per second the Kafka consumer classifies, stores and publishes, against the real broker and
 * database of the tests. Not part of the build; run it with
 * {@code ./mvnw -pl classify-service test -Dtest=ConsumerThroughputBench -Dbench.articles=20000}.
 *
 * <p>Produces a warm-up round, then {@code bench.articles} ingested events of 3,000 characters (the ten languages in
 * turn) as fast as one producer can, and reads {@code articles.classified} until every one is out. The rate is
 * taken between the first and the last classified event (their broker timestamps), so the producer's own time
 * does not count.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
@EnabledIfSystemProperty(named = "bench.articles", matches = "\\d+")
class ConsumerThroughputBench {

    private static final int WARM_UP_ARTICLES = 3000;

    @Inject
    ObjectMapper objectMapper;

    @Test
    void classifiedEventsPerSecond() throws IOException {
        int articles = Integer.getInteger("bench.articles");
        run("warm-up", WARM_UP_ARTICLES);
        run("measured", articles);
    }

    private void run(String label, int count) throws IOException {
        List<ProducerRecord<String, String>> records = new ArrayList<>(count);
        Set<String> expected = new HashSet<>(count * 2);
        List<String[]> bodies = new ArrayList<>();
        for (String lang : Taxonomy.LANGUAGES) {
            String[] article = ClassifierBenchmark.article(lang);
            bodies.add(new String[] {lang, article[0], article[1]});
        }
        for (int i = 0; i < count; i++) {
            String[] body = bodies.get(i % bodies.size());
            String articleId = UUID.randomUUID().toString();
            String ceId = UUID.randomUUID().toString();
            String json = objectMapper.writeValueAsString(Map.of("id", articleId, "version", 1, "title", body[1],
                    "text", body[2], "lang", body[0], "ingestedAt", "2026-11-22T08:00:00Z", "source", "bench"));
            records.add(KafkaTestClient.ingested(ceId, articleId, json));
            expected.add(IngestedArticleConsumer.classifiedEventId(ceId).toString());
        }
        long start = System.nanoTime();
        KafkaTestClient.sendAll(records);
        double produceSeconds = (System.nanoTime() - start) / 1e9;

        long[] firstAndLast = {Long.MAX_VALUE, Long.MIN_VALUE};
        Set<String> seen = new HashSet<>(count * 2);
        // Records are counted and dropped as they arrive: tens of thousands of 5 KB events need not stay in memory
        KafkaTestClient.awaitRecords("articles.classified", Duration.ofMinutes(10), read -> {
            for (ConsumerRecord<String, String> record : read) {
                String id = KafkaTestClient.header(record, "ce_id");
                if (expected.contains(id) && seen.add(id)) {
                    firstAndLast[0] = Math.min(firstAndLast[0], record.timestamp());
                    firstAndLast[1] = Math.max(firstAndLast[1], record.timestamp());
                }
            }
            read.clear();
            return seen.size() == count;
        });
        double totalSeconds = (System.nanoTime() - start) / 1e9;
        double consumeSeconds = Math.max(1, firstAndLast[1] - firstAndLast[0]) / 1000.0;
        System.out.printf(Locale.ROOT, "%s: %d articles produced in %.2f s (%.0f/s); all classified after %.2f s "
                        + "(%.0f/s end to end); consumer rate between the first and last classified event: %.0f articles/s%n",
                label, count, produceSeconds, count / produceSeconds, totalSeconds, count / totalSeconds,
                (count - 1) / consumeSeconds);
        assertThat(seen).hasSize(count);
    }
}
