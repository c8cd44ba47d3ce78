package io.vigil.classify;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

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
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Classifies 3,000-character news articles per language on one thread, with the shipped data files. The fixed
 * articles ({@code bench/<lang>.txt}: title on the first line, then the body) were written for the benchmark:
 * security news of the kind the service sees, with topics and countries to find; {@link GeneratedArticles} derives an
 * endless stream of distinct articles from them, full of words never seen before.
 *
 * <p>Run: {@code ./mvnw -pl classify-service test-compile exec:exec}. Prints, in a JVM limited to
 * {@value #HEAP_LIMIT} of heap: the heap held by the model and the language detector; after a warm-up of every
 * language, per language the CPU time per classification (median of {@value #CPU_ROUNDS} rounds of
 * {@value #CPU_RUNS}, a figure that other processes on a busy machine distort less than wall time) of this thread and
 * of the common pool's workers (Lingua computes there in high-accuracy mode; the benchmark's low-accuracy detection
 * runs on the classifying thread) in three modes: <em>repeated</em> (the fixed article each time, so every word is in
 * the lexicons' word caches), <em>stream</em> (distinct generated articles, with the share of their words no earlier
 * article had) and <em>cold</em> (the same stream with the word caches emptied before each article: the worst case);
 * the heap in use after a GC and the peak heap while that language was measured; then JMH's average time per article
 * and language, with its error, in the same three modes ({@code classify}: repeated, {@code classifyStream},
 * {@code classifyCold}; the next article is generated and the caches emptied outside the timed call). JMH times the
 * wall clock of the classifying thread, which on an idle core is its CPU time: detection hands no work to other
 * threads. {@code -Dbenchmark.args=cpu-only} skips JMH, {@code jmh-only} the CPU figures; language codes among the
 * arguments ({@code "cpu-only en fr"}) measure only those languages; {@code stages} adds, per language, the stream's
 * and the cold stream's CPU time per step of the classification ({@link StageTimes}); {@code repeated}, {@code stream}
 * and {@code cold} restrict JMH to those modes, and {@code forks=3 iterations=10 seconds=5} set its forks and
 * measurement iterations ({@link #jmhOptions}).
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
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** The benchmark method of each mode that the arguments may name. */
    private static final Map<String, String> JMH_MODES = Map.of("repeated", "classify", "stream", "classifyStream",
            "cold", "classifyCold");

    @Param({"az", "fa", "ar", "ru", "tr", "en", "fr", "uk", "hy", "ka"})
    public String lang;

    private Classifier classifier;
    private String title;
    private String text;
    private GeneratedArticles stream;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        classifier = new Classifier(ClassifierModel.load(DataFiles.classpath()), new LanguageDetector(true), 0.5);
        String[] article = article(lang);
        title = article[0];
        text = article[1];
        stream = new GeneratedArticles(lang, Taxonomy.LANGUAGES.indexOf(lang));
    }

    /** The fixed article each time: the CPU mode's "repeated". */
    @Benchmark
    public Classification classify() {
        return classifier.classify(title, text, lang);
    }

    /** A distinct generated article each time, the word caches as the stream leaves them: the CPU mode's "stream". */
    @Benchmark
    public Classification classifyStream(StreamArticle next) {
        return classifier.classify(next.article[0], next.article[1], lang);
    }

    /** A distinct generated article each time, to empty word caches: the CPU mode's "cold". */
    @Benchmark
    public Classification classifyCold(ColdArticle next) {
        return classifier.classify(next.article[0], next.article[1], lang);
    }

    /** The stream's next article, generated before each call and not timed. */
    @State(Scope.Thread)
    public static class StreamArticle {
        String[] article;

        @Setup(Level.Invocation)
        public void next(ClassifierBenchmark benchmark) {
            article = benchmark.stream.next();
        }
    }

    /** The stream's next article, with the word caches emptied before each call (neither is timed). */
    @State(Scope.Thread)
    public static class ColdArticle {
        String[] article;

        @Setup(Level.Invocation)
        public void next(ClassifierBenchmark benchmark) {
            article = benchmark.stream.next();
            benchmark.classifier.model().forgetMatches();
        }
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
        // exec:exec passes -Dbenchmark.args as one argument
        List<String> options = Arrays.stream(args).flatMap(arg -> Arrays.stream(arg.strip().split("\\s+"))).toList();
        if (options.contains("jmh-only")) {
            new Runner(jmhOptions(options, Taxonomy.LANGUAGES.stream().filter(options::contains).toList()).build()).run();
            return;
        }
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
        GeneratedArticles[] generated = new GeneratedArticles[langs.size()];
        for (int l = 0; l < langs.size(); l++) {
            articles[l] = article(langs.get(l));
            generated[l] = new GeneratedArticles(langs.get(l), l);
        }
        // The service sees every language in turn: warm the JIT on all of them, on repeated, distinct and unseen
        // words, before measuring any
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            for (int l = 0; l < langs.size(); l++) {
                classifier.classify(articles[l][0], articles[l][1], langs.get(l));
                if (round % 10 == 0) {
                    String[] distinct = generated[l].next();
                    classifier.classify(distinct[0], distinct[1], langs.get(l));
                    model.forgetMatches();
                }
            }
        }
        System.out.println("CPU µs per 3,000-char article, median of " + CPU_ROUNDS + " rounds of " + CPU_RUNS
                + " (fastest-slowest round): repeated = the same article each time; stream = distinct generated"
                + " articles (share of their distinct words no earlier article had); cold = the same stream with the"
                + " word caches emptied before each article. Heap after GC and peak heap (sum of the pools' peaks)"
                + " while measuring the language.");
        List<String> measured = langs.stream().filter(options::contains).toList();
        for (int l = 0; l < langs.size(); l++) {
            String lang = langs.get(l);
            if (!measured.isEmpty() && !measured.contains(lang)) {
                continue;
            }
            String[] repeatedArticle = articles[l];
            GeneratedArticles stream = generated[l];
            resetPeakHeap();
            Rounds repeated = cpuRounds(() -> {
                String[][] same = new String[CPU_RUNS][];
                Arrays.fill(same, repeatedArticle);
                return same;
            }, batch -> classifyAll(classifier, batch, lang));
            Stream distinct = streamRounds(classifier, stream, lang);
            Rounds cold = cpuRounds(() -> nextArticles(stream),
                    batch -> classifyAllCold(classifier, model, batch, lang));
            System.out.printf(Locale.ROOT, "%s: repeated %s | stream %s, %.0f %% unseen | cold %s (%.0f articles/s"
                            + " per core) | heap after GC %.1f MiB, peak %.1f MiB%n",
                    lang, repeated, distinct.rounds(), distinct.unseenPercent(), cold, 1e6 / cold.median(),
                    mib(usedHeapAfterGc()), mib(peakHeap()));
            if (options.contains("stages")) {
                StageTimes streamStages = new StageTimes();
                StageTimes coldStages = new StageTimes();
                for (int round = 0; round < CPU_ROUNDS; round++) {
                    streamStages.add(classifier, nextArticles(stream), lang, false);
                    coldStages.add(classifier, nextArticles(stream), lang, true);
                }
                System.out.printf(Locale.ROOT, "%s stages: stream %s | cold %s%n", lang, streamStages, coldStages);
            }
        }
        System.out.printf(Locale.ROOT, "heap: max %.0f MiB, in use after GC %.1f MiB%n",
                mib(Runtime.getRuntime().maxMemory()), mib(usedHeapAfterGc()));
        if (!options.contains("cpu-only")) {
            new Runner(jmhOptions(options, measured).build()).run();
        }
    }

    /**
     * JMH's run: the languages measured above, and the modes ({@code repeated}, {@code stream}, {@code cold}) and
     * the {@code forks=}, {@code iterations=} and {@code seconds=} (per measurement iteration) among the arguments;
     * without them, those of the annotations.
     */
    static ChainedOptionsBuilder jmhOptions(List<String> options, List<String> langs) {
        List<String> modes = options.stream().filter(JMH_MODES::containsKey).map(JMH_MODES::get).toList();
        ChainedOptionsBuilder jmh = new OptionsBuilder().include(ClassifierBenchmark.class.getSimpleName() + "\\.("
                + String.join("|", modes.isEmpty() ? JMH_MODES.values() : modes) + ")$");
        if (!langs.isEmpty()) {
            jmh.param("lang", langs.toArray(String[]::new));
        }
        for (String option : options) {
            int equals = option.indexOf('=');
            if (equals < 0) {
                continue;
            }
            int value = Integer.parseInt(option.substring(equals + 1));
            switch (option.substring(0, equals)) {
                case "forks" -> jmh.forks(value);
                case "iterations" -> jmh.measurementIterations(value);
                case "seconds" -> jmh.measurementTime(TimeValue.seconds(value));
                default -> throw new IllegalArgumentException("unknown benchmark option " + option);
            }
        }
        return jmh;
    }

    /** CPU time per article of {@value #CPU_ROUNDS} rounds, each on a batch of articles made before it is timed. */
    private static Rounds cpuRounds(Supplier<String[][]> batches, ToLongFunction<String[][]> cpuNanosToClassify) {
        double[] micros = new double[CPU_ROUNDS];
        for (int round = 0; round < CPU_ROUNDS; round++) {
            String[][] batch = batches.get();
            micros[round] = cpuNanosToClassify.applyAsLong(batch) / 1000.0 / batch.length;
        }
        Arrays.sort(micros);
        return new Rounds(micros);
    }

    private record Stream(Rounds rounds, double unseenPercent) {
    }

    /** The stream's rounds, and how many words were new to it; the words seen are forgotten before the heap is read. */
    private static Stream streamRounds(Classifier classifier, GeneratedArticles stream, String lang) {
        UnseenWords unseen = new UnseenWords();
        Rounds rounds = cpuRounds(() -> unseen.count(nextArticles(stream)),
                batch -> classifyAll(classifier, batch, lang));
        return new Stream(rounds, unseen.percent());
    }

    private record Rounds(double[] sortedMicros) {
        double median() {
            return sortedMicros[sortedMicros.length / 2];
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.0f µs (%.0f-%.0f)", median(), sortedMicros[0],
                    sortedMicros[sortedMicros.length - 1]);
        }
    }

    /** The CPU time this thread and the common pool's workers take to classify the batch. */
    private static long classifyAll(Classifier classifier, String[][] batch, String lang) {
        Map<Long, Long> pool = StageTimes.commonPoolCpuTimes();
        long cpu = THREADS.getCurrentThreadCpuTime();
        for (String[] article : batch) {
            classifier.classify(article[0], article[1], lang);
        }
        cpu = THREADS.getCurrentThreadCpuTime() - cpu;
        return cpu + StageTimes.commonPoolCpuTimeSince(pool);
    }

    /**
     * The CPU time this thread takes to classify the batch when every article comes to empty word caches. Emptying
     * them is not timed: it walks tables sized for the warm stream, a cost the service pays once per
     * {@link Lexicon#MAX_CACHED_WORDS} words, not per article.
     */
    private static long classifyAllCold(Classifier classifier, ClassifierModel model, String[][] batch, String lang) {
        long total = 0;
        for (String[] article : batch) {
            model.forgetMatches();
            Map<Long, Long> pool = StageTimes.commonPoolCpuTimes();
            long cpu = THREADS.getCurrentThreadCpuTime();
            classifier.classify(article[0], article[1], lang);
            cpu = THREADS.getCurrentThreadCpuTime() - cpu;
            total += cpu + StageTimes.commonPoolCpuTimeSince(pool);
        }
        return total;
    }

    private static String[][] nextArticles(GeneratedArticles generator) {
        String[][] batch = new String[CPU_RUNS][];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = generator.next();
        }
        return batch;
    }

    /** How many of each article's distinct words no earlier article of the stream contained. */
    private static final class UnseenWords {
        private final Set<String> seen = new HashSet<>();
        private long distinct;
        private long unseen;

        String[][] count(String[][] batch) {
            for (String[] article : batch) {
                Set<String> words = new HashSet<>();
                for (Token token : Tokenizer.tokenize(article[0] + "\n" + article[1])) {
                    words.add(token.text());
                }
                distinct += words.size();
                for (String word : words) {
                    if (seen.add(word)) {
                        unseen++;
                    }
                }
            }
            return batch;
        }

        double percent() {
            return distinct == 0 ? 0 : 100.0 * unseen / distinct;
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void resetPeakHeap() {
        usedHeapAfterGc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
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
