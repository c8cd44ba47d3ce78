package io.vigil.alert;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import io.vigil.alert.messaging.ClassifiedArticleEvent;

/**
 * Time to match one article against 100,000 subscriptions of {@link RandomTraffic}'s mix (one in ten a keyword
 * query), on one thread. {@code textWords} is the article length: 400 words is a typical news article, 20
 * shows the cost without Lucene's analysis of a long text; {@code keywordQueries=false} measures the structured
 * part alone. The setup prints the heap the index takes and the
 * matches per article.
 * <p>
 * Run (after {@code ./mvnw -o -pl alert-service test-compile}):
 * {@code java -cp alert-service/target/test-classes:alert-service/target/classes:$(cat cp.txt)
 * org.openjdk.jmh.Main SubscriptionMatchingBenchmark}, where cp.txt comes from
 * {@code ./mvnw -o -q -pl alert-service dependency:build-classpath -Dmdep.outputFile=cp.txt}. The README's figures
 * come from the shortened run {@code org.openjdk.jmh.Main SubscriptionMatchingBenchmark -f 1 -wi 3 -w 2 -i 5 -r 2}
 * and quote the "CPU time per article" line with the load average.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xmx2g", "-XX:ActiveProcessorCount=1"})
public class SubscriptionMatchingBenchmark {

    private static final int ARTICLES = 2_000;
    private static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");

    @Param({"100000"})
    public int subscriptions;

    @Param({"400", "20"})
    public int textWords;

    /** Whether one subscription in ten is a keyword query (the mix), or none is: the structured part alone. */
    @Param({"true", "false"})
    public boolean keywordQueries;

    private SubscriptionIndex<Integer> index;
    private ClassifiedArticleEvent[] articles;
    private int next;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long iterationCpu;
    private int iterationStart;
    private final List<Double> cpuMicrosPerArticle = new ArrayList<>();

    @Setup(Level.Trial)
    public void prepare() {
        RandomTraffic traffic = new RandomTraffic(42, textWords);
        List<SubscriptionIndex.Entry<Integer>> entries = new ArrayList<>(subscriptions);
        while (entries.size() < subscriptions) {
            SubscriptionCriteria criteria = traffic.subscription();
            Instant mutedUntil = traffic.mutedUntil(NOW);
            if (keywordQueries || criteria.query() == null) {
                entries.add(new SubscriptionIndex.Entry<>(entries.size(), criteria, mutedUntil));
            }
        }
        articles = new ClassifiedArticleEvent[ARTICLES];
        for (int i = 0; i < ARTICLES; i++) {
            articles[i] = traffic.article("article-" + i);
        }
        long before = usedHeap();
        long started = System.nanoTime();
        index = new SubscriptionIndex<>();
        index.putAll(entries);
        long builtMillis = (System.nanoTime() - started) / 1_000_000;
        long after = usedHeap();
        long matches = 0;
        for (ClassifiedArticleEvent article : articles) {
            matches += index.match(article, NOW).size();
        }
        System.out.printf("%nindex of %,d subscriptions: built in %,d ms, %.1f MiB of heap beyond the criteria "
                + "themselves; %.1f matches per article%n", subscriptions, builtMillis, (after - before) / 1048576.0,
                matches / (double) ARTICLES);
    }

    /**
     * CPU time per article of each measurement iteration, on the benchmark thread: on a shared machine the JMH
     * figure (wall time) also counts the time other processes held the core.
     */
    @Setup(Level.Iteration)
    public void startIteration() {
        iterationCpu = threads.getCurrentThreadCpuTime();
        iterationStart = next;
    }

    @TearDown(Level.Iteration)
    public void endIteration(IterationParams iteration) {
        if (iteration.getType() == IterationType.MEASUREMENT) {
            cpuMicrosPerArticle.add((threads.getCurrentThreadCpuTime() - iterationCpu) / 1000.0 / (next - iterationStart));
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        double mean = cpuMicrosPerArticle.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double variance = cpuMicrosPerArticle.stream().mapToDouble(value -> (value - mean) * (value - mean)).sum()
                / Math.max(1, cpuMicrosPerArticle.size() - 1);
        System.out.printf("%nCPU time per article: %.1f ± %.1f µs (mean ± sd of %d measurement iterations)%n", mean,
                Math.sqrt(variance), cpuMicrosPerArticle.size());
        index.close();
    }

    @Benchmark
    public List<SubscriptionIndex.Entry<Integer>> matchOneArticle() {
        return index.match(articles[next++ % ARTICLES], NOW);
    }

    private static long usedHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
