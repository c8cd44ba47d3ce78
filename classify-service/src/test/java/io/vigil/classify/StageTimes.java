package io.vigil.classify;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * Where {@link ClassifierBenchmark}'s CPU time per article goes: the steps of {@link Classifier#classify}, called one
 * by one with this thread's CPU time read between them. Language detection also counts the common pool's workers,
 * where Lingua may compute; they are read once per batch, as nothing else in the classifier uses that pool.
 */
final class StageTimes {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final String[] STAGES = {"detect", "words", "topics", "countries", "focus"};

    private final long[] nanos = new long[STAGES.length];
    private long articles;

    /** Times each step of classifying the batch; {@code cold} forgets the word caches (untimed) before each article. */
    void add(Classifier classifier, String[][] batch, String lang, boolean cold) {
        ClassifierModel model = classifier.model();
        Map<Long, Long> pool = commonPoolCpuTimes();
        for (String[] article : batch) {
            if (cold) {
                model.forgetMatches();
            }
            String analysed = article[0] + "\n" + article[1];
            int titleEnd = article[0].length();
            long t0 = THREADS.getCurrentThreadCpuTime();
            String detected = classifier.detector().detect(analysed, lang);
            long t1 = THREADS.getCurrentThreadCpuTime();
            ArticleWords words = ArticleWords.of(analysed, detected);
            long t2 = THREADS.getCurrentThreadCpuTime();
            TopicScorer scorer = model.scorer(detected);
            if (scorer != null) {
                scorer.score(words, analysed, titleEnd, 0.5);
            }
            long t3 = THREADS.getCurrentThreadCpuTime();
            List<CountryGazetteer.Match> matches = model.gazetteer().tag(words);
            long t4 = THREADS.getCurrentThreadCpuTime();
            FocusRanker.focus(FocusRanker.rank(matches, model.homeNames().mentions(words), titleEnd,
                    Classifier.leadEnd(analysed, titleEnd), detected));
            long t5 = THREADS.getCurrentThreadCpuTime();
            nanos[0] += t1 - t0;
            nanos[1] += t2 - t1;
            nanos[2] += t3 - t2;
            nanos[3] += t4 - t3;
            nanos[4] += t5 - t4;
        }
        nanos[0] += commonPoolCpuTimeSince(pool);
        articles += batch.length;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (int s = 0; s < STAGES.length; s++) {
            out.append(String.format(Locale.ROOT, "%s%s %.0f", s == 0 ? "" : ", ", STAGES[s],
                    nanos[s] / 1000.0 / articles));
        }
        return out.append(" µs").toString();
    }

    /** The CPU time so far of each of the common pool's workers, by thread id. */
    static Map<Long, Long> commonPoolCpuTimes() {
        Map<Long, Long> times = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("ForkJoinPool.commonPool-worker")) {
                long cpu = THREADS.getThreadCpuTime(info.getThreadId());
                if (cpu >= 0) {
                    times.put(info.getThreadId(), cpu);
                }
            }
        }
        return times;
    }

    /**
     * The CPU time the common pool's workers took since {@code before}. A worker idle long enough ends and takes its
     * CPU time with it: only the workers alive now count, each from its time in {@code before} (0 if it started since).
     */
    static long commonPoolCpuTimeSince(Map<Long, Long> before) {
        long total = 0;
        for (Map.Entry<Long, Long> worker : commonPoolCpuTimes().entrySet()) {
            total += worker.getValue() - before.getOrDefault(worker.getKey(), 0L);
        }
        return total;
    }
}
