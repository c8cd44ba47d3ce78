package io.vigil.classify;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 * Classifies a 3,000-character article per language on one thread, with the shipped data files. The articles are
 * built from the sentences of {@code cases/<lang>.cases}, so they read like news of that language.
 *
 * <p>Run: {@code ./mvnw -pl classify-service test-compile exec:exec}; prints the heap held by the model and the
 * language detector, the CPU time per classification of this thread (a figure that other processes on a busy
 * machine do not distort), then JMH's ops/s per language ({@code -Dbenchmark.args=cpu-only} skips JMH).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class ClassifierBenchmark {

    static final int ARTICLE_CHARS = 3000;

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

    /** A title and a 3,000-character body made of the language's case sentences. */
    static String[] article(String lang) throws IOException {
        List<String> sentences = sentences(lang);
        if (sentences.isEmpty()) {
            throw new IllegalStateException("no cases/" + lang + ".cases to build an article from");
        }
        StringBuilder body = new StringBuilder();
        for (int i = 1; body.length() < ARTICLE_CHARS; i++) {
            body.append(sentences.get(i % sentences.size())).append(i % 4 == 0 ? "\n" : " ");
        }
        return new String[] {sentences.getFirst(), body.substring(0, ARTICLE_CHARS)};
    }

    @Benchmark
    public Classification classify() {
        return classifier.classify(title, text, lang);
    }

    static List<String> sentences(String lang) throws IOException {
        List<String> sentences = new ArrayList<>();
        try (InputStream in = ClassifierBenchmark.class.getClassLoader().getResourceAsStream("cases/" + lang + ".cases")) {
            if (in == null) {
                return sentences;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                int tab = line.indexOf('\t');
                if (tab > 0 && !line.startsWith("#")) {
                    sentences.add(line.substring(tab + 1).replace("\\n", " "));
                }
            }
        }
        return sentences;
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    public static void main(String[] args) throws RunnerException, IOException {
        long before = usedHeapAfterGc();
        ClassifierModel model = ClassifierModel.load(DataFiles.classpath());
        long withModel = usedHeapAfterGc();
        LanguageDetector detector = new LanguageDetector(true);
        long withDetector = usedHeapAfterGc();
        System.out.printf(Locale.ROOT, "heap used after loading: model %.1f MiB (%s), language detector %.1f MiB%n",
                (withModel - before) / 1048576.0, model.counts(), (withDetector - withModel) / 1048576.0);
        Classifier classifier = new Classifier(model, detector, 0.5);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (String lang : Taxonomy.LANGUAGES) {
            String[] article = article(lang);
            for (int i = 0; i < CPU_RUNS; i++) {
                classifier.classify(article[0], article[1], lang);
            }
            long cpu = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < CPU_RUNS; i++) {
                classifier.classify(article[0], article[1], lang);
            }
            double micros = (threads.getCurrentThreadCpuTime() - cpu) / 1000.0 / CPU_RUNS;
            System.out.printf(Locale.ROOT, "%s: %.0f µs CPU per 3,000-char article (%.0f articles/s per core)%n",
                    lang, micros, 1e6 / micros);
        }
        if (!List.of(args).contains("cpu-only")) {
            new Runner(new OptionsBuilder().include(ClassifierBenchmark.class.getSimpleName()).build()).run();
        }
    }

    private static final int CPU_RUNS = 2000;
}
