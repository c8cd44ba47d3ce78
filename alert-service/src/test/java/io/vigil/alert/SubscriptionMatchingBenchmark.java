package io.vigil.alert;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import io.vigil.alert.messaging.ClassifiedArticleEvent;

/**
 * Matching one article against 100,000 subscriptions: every subscription versus the index's candidates.
 * Run: {@code java -cp <test classpath> org.openjdk.jmh.Main SubscriptionMatchingBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class SubscriptionMatchingBenchmark {

    private static final int SUBSCRIPTIONS = 100_000;
    private static final int ARTICLES = 1_000;

    /** One subscription in ten a keyword query alone, or none: queries are the costly, unindexed part. */
    @Param({"true", "false"})
    public boolean withQueries;

    private final SubscriptionMatcher matcher = new SubscriptionMatcher();
    private Map<Integer, SubscriptionCriteria> subscriptions;
    private SubscriptionIndex<Integer> index;
    private ClassifiedArticleEvent[] articles;
    private int next;

    @Setup(Level.Trial)
    public void prepare() {
        RandomTraffic traffic = new RandomTraffic(42, withQueries);
        subscriptions = new LinkedHashMap<>();
        for (int i = 0; i < SUBSCRIPTIONS; i++) {
            subscriptions.put(i, traffic.subscription());
        }
        index = new SubscriptionIndex<>(subscriptions);
        articles = new ClassifiedArticleEvent[ARTICLES];
        for (int i = 0; i < ARTICLES; i++) {
            articles[i] = traffic.article("article-" + i);
        }
    }

    @Benchmark
    public void everySubscription(Blackhole sink) {
        ClassifiedArticleEvent article = articles[next++ % ARTICLES];
        KeywordSearch search = new KeywordSearch(article.title(), article.text());
        for (SubscriptionCriteria criteria : subscriptions.values()) {
            sink.consume(matcher.match(criteria, article, search));
        }
    }

    @Benchmark
    public void indexedCandidates(Blackhole sink) {
        ClassifiedArticleEvent article = articles[next++ % ARTICLES];
        KeywordSearch search = new KeywordSearch(article.title(), article.text());
        for (Integer key : index.candidates(article)) {
            sink.consume(matcher.match(subscriptions.get(key), article, search));
        }
    }
}
