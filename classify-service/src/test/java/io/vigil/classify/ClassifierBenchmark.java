package io.vigil.classify;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Classifies a 3,000-character news article per language on one thread, with the shipped data files. The articles
 * ({@code bench/<lang>.txt}: title on the first line, then the body) were written for the benchmark: security news
 * of the kind the service sees, with topics and countries to find.
 *
 * <p>Run: {@code ./mvnw -pl classify-service test-compile exec:exec}. Prints, in a JVM limited to
 * {@value #HEAP_LIMIT} of heap: the heap held by the model and the language detector; after a warm-up of every
 * language, the CPU time per classification of this thread (median of {@value #CPU_ROUNDS} rounds, a figure that
 * other processes on a busy machine distort less than wall time); the heap in use after a GC and the peak heap once
 * the loop is done; then JMH's average time per article and language, with its error
 * ({@code -Dbenchmark.args=cpu-only} skips JMH).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx" + ClassifierBenchmark.HEAP_LIMIT)
public class ClassifierBenchmark {

    static final int ARTICLE_CHARS = 3000;
    /** The bound on the service's heap while it classifies; the benchmark JVMs run within it. */
    static final String HEAP_LIMIT = "300m";
    private static final int WARM_UP_ROUNDS = 3000;
    private static final int CPU_ROUNDS = 5;
    private static final int CPU_RUNS = 1000;

    @Param({"az", "fa", "ar", "ru", "tr", "en", "fr", "uk", "hy", "ka"})
    public String lang;

    private Classifier classifier;
    private String title;
    private String text;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        classifier = new Classifier(ClassifierModel.load(DataFiles.classpath()), new LanguageDetector(true), 0.5);
        String[] article = article(lang);
        title = article[0];
        text = article[1];
    }

    @Benchmark
    public Classification classify() {
        return classifier.classify(title, text, lang);
    }

    /** The title and the first 3,000 characters of the body of {@code bench/<lang>.txt}. */
    static String[] article(String lang) throws IOException {
        try (InputStream in = ClassifierBenchmark.class.getClassLoader().getResourceAsStream("bench/" + lang + ".txt")) {
            if (in == null) {
                throw new IllegalStateException("no bench/" + lang + ".txt");
            }
            String file = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int newline = file.indexOf('\n');
            String body = file.substring(newline + 1);
            if (body.length() < ARTICLE_CHARS) {
                throw new IllegalStateException("bench/" + lang + ".txt has a body of " + body.length()
                        + " characters, fewer than " + ARTICLE_CHARS);
            }
            return new String[] {file.substring(0, newline), body.substring(0, ARTICLE_CHARS)};
        }
    }

    public static void main(String[] args) throws RunnerException, IOException {
        long before = usedHeapAfterGc();
        ClassifierModel model = ClassifierModel.load(DataFiles.classpath());
        long withModel = usedHeapAfterGc();
        LanguageDetector detector = new LanguageDetector(true);
        long withDetector = usedHeapAfterGc();
        System.out.printf(Locale.ROOT, "heap used after loading: model %.1f MiB (%s), language detector %.1f MiB%n",
                mib(withModel - before), model.counts(), mib(withDetector - withModel));
        Classifier classifier = new Classifier(model, detector, 0.5);
        List<String> langs = Taxonomy.LANGUAGES;
        String[][] articles = new String[langs.size()][];
        for (int l = 0; l < langs.size(); l++) {
            articles[l] = article(langs.get(l));
        }
        // The service sees every language in turn: warm the JIT on all of them before measuring any
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            for (int l = 0; l < langs.size(); l++) {
                classifier.classify(articles[l][0], articles[l][1], langs.get(l));
            }
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int l = 0; l < langs.size(); l++) {
            double[] micros = new double[CPU_ROUNDS];
            for (int round = 0; round < CPU_ROUNDS; round++) {
                long cpu = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < CPU_RUNS; i++) {
                    classifier.classify(articles[l][0], articles[l][1], langs.get(l));
                }
                micros[round] = (threads.getCurrentThreadCpuTime() - cpu) / 1000.0 / CPU_RUNS;
            }
            Arrays.sort(micros);
            double median = micros[CPU_ROUNDS / 2];
            System.out.printf(Locale.ROOT, "%s: %.0f µs CPU per 3,000-char article (rounds %.0f-%.0f; %.0f articles/s per core)%n",
                    langs.get(l), median, micros[0], micros[CPU_ROUNDS - 1], 1e6 / median);
        }
        System.out.printf(Locale.ROOT, "heap: max %.0f MiB, in use after GC %.1f MiB, peak while classifying at most %.1f MiB (sum of the pools' peaks)%n",
                mib(Runtime.getRuntime().maxMemory()), mib(usedHeapAfterGc()), mib(peakHeap()));
        if (!List.of(args).contains("cpu-only")) {
            new Runner(new OptionsBuilder().include(ClassifierBenchmark.class.getSimpleName()).build()).run();
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    private static double mib(long bytes) {
        return bytes / 1048576.0;
    }
}
