package io.vigil.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vigil.launcher.Service;
import io.vigil.launcher.StackConfig;
import io.vigil.launcher.VigilStack;

/**
 * {@code deploy/bench/run --stage ingest}: ingest-service alone (classify and alert are stopped once the
 * stack is up, so they take no CPU) with its PostgreSQL and Kafka. Reports, per script:
 * <ul>
 *   <li>articles stored in PostgreSQL per second, as the batch answers say;</li>
 *   <li>articles published on {@code articles.ingested} per second (outbox relay), counted by the topic's end
 *   offsets;</li>
 * </ul>
 * then the polling cost per source (see {@link PollingCost}).
 */
final class IngestBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private IngestBenchmark() {
    }

    private record Options(int articles, int batchSize, int concurrency, int textChars, List<BenchTexts> scripts,
            int pollingSources, int pollingRounds, int warmup, Path jfr,
            Optional<StackConfig.ExternalDatabase> database, Optional<Path> databaseData) {

        static Options parse(String[] args) {
            int articles = 20_000;
            int batchSize = 1_000;
            int concurrency = 2;
            int textChars = 3_000;
            List<BenchTexts> scripts = List.of(BenchTexts.values());
            int pollingSources = 50;
            int pollingRounds = 5;
            // At 8,000 or 16,000, C2 still compiled the batch path during the measured phase (20-27 compiles of
            // over 100 ms, 7-11 s, in a flight recording of it); at 32,000, two compiles of 0.5 s, none of Vigil's.
            int warmup = 32_000;
            Path jfr = null;
            String dbUrl = null;
            String dbUser = "vigil";
            String dbPassword = "vigil";
            Path dbData = null;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--articles" -> articles = Integer.parseInt(args[++i]);
                    case "--batch" -> batchSize = Integer.parseInt(args[++i]);
                    case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                    case "--text-chars" -> textChars = Integer.parseInt(args[++i]);
                    case "--scripts" -> scripts = java.util.Arrays.stream(args[++i].split(","))
                            .map(String::strip).map(BenchTexts::ofLang).toList();
                    case "--polling-sources" -> pollingSources = Integer.parseInt(args[++i]);
                    case "--polling-rounds" -> pollingRounds = Integer.parseInt(args[++i]);
                    case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                    case "--jfr" -> jfr = Path.of(args[++i]).toAbsolutePath();
                    case "--db-url" -> dbUrl = args[++i];
                    case "--db-user" -> dbUser = args[++i];
                    case "--db-password" -> dbPassword = args[++i];
                    case "--db-data" -> dbData = Path.of(args[++i]).toAbsolutePath();
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            return new Options(articles, batchSize, concurrency, textChars, scripts, pollingSources, pollingRounds,
                    warmup, jfr, dbUrl == null ? Optional.empty()
                            : Optional.of(new StackConfig.ExternalDatabase(dbUrl, dbUser, dbPassword)),
                    Optional.ofNullable(dbData));
        }
    }

    static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Path dataDir = Files.createTempDirectory("vigil-bench-ingest");
        StackConfig free = StackConfig.onFreePorts(Path.of(System.getProperty("vigil.home", ".")).toAbsolutePath(),
                dataDir, PipelineBenchmark.ADMIN_KEY, PollingCost.ENVIRONMENT);
        // An external PostgreSQL (an empty database of its own) instead of the embedded one, e.g. one with lz4.
        StackConfig config = new StackConfig(free.home(), free.dataDir(), free.kafkaPort(), free.kafkaControllerPort(),
                free.postgresPort(), free.servicePorts(), options.database(), free.adminApiKey(), free.webhookAllow(),
                free.fetchAllow(), free.extraEnvironment());
        System.out.printf("Starting Vigil in %s …%n", dataDir);
        try (VigilStack stack = new VigilStack(config).start();
                TopicRecordCount ingested = new TopicRecordCount(stack, "articles.ingested")) {
            stack.stopService(Service.CLASSIFY);
            stack.stopService(Service.ALERT);
            long ingestPid = stack.processIds().get(Service.INGEST.moduleName());
            Processes processes = new Processes(ingestPid, stack.processIds().get("kafka"),
                    options.databaseData().orElse(dataDir.resolve("postgres")));
            long expected = 0;
            if (options.warmup() > 0) {
                // Lets the JIT compile the batch path first, for every script (Latin text takes other string
                // code paths than the rest), so no script is charged for the compiler's CPU time.
                int perScript = Math.max(1, options.warmup() / options.scripts().size());
                for (BenchTexts texts : options.scripts()) {
                    PipelineBenchmark.postBatches(stack, batches(texts, "warmup-" + texts.lang(), perScript,
                            options.batchSize(), options.textChars()), options.concurrency());
                    expected += perScript;
                }
                PipelineBenchmark.awaitCount(ingested::get, expected, System.nanoTime());
            }

            if (options.jfr() != null) {
                jcmd(ingestPid, "JFR.start", "name=bench", "settings=profile", "filename=" + options.jfr());
            }

            List<String> lines = new ArrayList<>();
            lines.add(String.format("Vigil ingest benchmark: %,d articles of %,d characters in each of %d scripts, "
                    + "batches of %,d, %d concurrent requests, after %,d warm-up articles", options.articles()
                    / options.scripts().size(), options.textChars(), options.scripts().size(), options.batchSize(),
                    options.concurrency(), options.warmup()));
            lines.add(String.format("  %-10s %9s %10s %12s   %s", "script", "articles", "stored/s", "published/s",
                    "CPU s per 1,000 articles: ingest-service, PostgreSQL, Kafka, bench client"));
            long totalStored = 0;
            int perScript = options.articles() / options.scripts().size();
            // Every request body is JSON bytes before the clock starts: the client then costs only the HTTP send.
            Map<BenchTexts, List<byte[]>> bodiesByScript = new java.util.LinkedHashMap<>();
            for (BenchTexts texts : options.scripts()) {
                bodiesByScript.put(texts, batches(texts, texts.lang(), perScript, options.batchSize(),
                        options.textChars()));
            }
            long allStart = System.nanoTime();
            double[] allCpuBefore = processes.cpuSeconds();
            for (BenchTexts texts : options.scripts()) {
                List<byte[]> bodies = bodiesByScript.get(texts);
                double[] cpuBefore = processes.cpuSeconds();
                long start = System.nanoTime();
                long stored = PipelineBenchmark.postBatches(stack, bodies, options.concurrency());
                double pushSeconds = seconds(start);
                expected += perScript;
                double publishSeconds = PipelineBenchmark.awaitCount(ingested::get, expected, start);
                totalStored += stored;
                String line = String.format("  %-10s %,9d %,10.0f %,12.0f   %s", texts.script(), stored,
                        stored / pushSeconds, perScript / publishSeconds,
                        processes.perThousand(cpuBefore, processes.cpuSeconds(), stored));
                System.out.println(line);
                lines.add(line);
            }
            double allSeconds = seconds(allStart);
            lines.add(String.format("  %-10s %,9d %10s %,12.0f   %s   (%.1f s from first request to last record)",
                    "all", totalStored, "", totalStored / allSeconds,
                    processes.perThousand(allCpuBefore, processes.cpuSeconds(), totalStored), allSeconds));
            lines.add(String.format("  records on articles.ingested: %,d (warm-up included); load average %.1f",
                    ingested.get(), java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                            .getSystemLoadAverage()));

            lines.add(tableSizes(stack));
            lines.add(nearDuplicates(stack));

            if (options.pollingSources() > 0) {
                lines.addAll(new PollingCost(stack, ingestPid, options.pollingSources(), options.pollingRounds()).run());
            }
            if (options.jfr() != null) {
                jcmd(ingestPid, "JFR.stop", "name=bench");
                lines.add("  flight recording of ingest-service after the warm-up: " + options.jfr());
            }
            lines.add(String.format("  ingest-service resident memory at the end: %,d MiB",
                    PipelineBenchmark.residentMebibytes(ingestPid)));
            System.out.println();
            lines.forEach(System.out::println);
        }
    }

    /** Runs a diagnostic command in the service's JVM, with the jcmd of the JDK running this benchmark. */
    private static void jcmd(long pid, String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + output);
        }
    }

    /** The request bodies, each a batch of distinct articles. */
    private static List<byte[]> batches(BenchTexts texts, String urlPrefix, int count, int batchSize, int textChars)
            throws Exception {
        List<String> generated = texts.generate(count, textChars, urlPrefix.hashCode());
        List<byte[]> bodies = new ArrayList<>();
        for (int from = 0; from < count; from += batchSize) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (int i = from; i < Math.min(from + batchSize, count); i++) {
                items.add(Map.of("title", texts.title(i), "text", generated.get(i), "lang", texts.lang(),
                        "url", "https://bench.example/" + urlPrefix + "/" + i, "source", "bench"));
            }
            bodies.add(JSON.writeValueAsBytes(Map.of("items", items)));
        }
        return bodies;
    }

    /** What the stored articles take on disk, TOAST and indexes included: the price of how texts are stored. */
    private static String tableSizes(VigilStack stack) throws java.sql.SQLException {
        try (java.sql.Connection connection = stack.openDatabaseConnection();
                java.sql.Statement statement = connection.createStatement();
                java.sql.ResultSet sizes = statement.executeQuery("""
                        SELECT count(*), pg_total_relation_size('ingest.article'),
                               pg_total_relation_size('ingest.outbox_event'),
                               coalesce(sum(pg_column_size(text)), 0), coalesce(sum(octet_length(text)), 0)
                        FROM ingest.article""")) {
            sizes.next();
            return String.format("  on disk: article %,d MiB for %,d rows (texts %,d MiB stored for %,d MiB of UTF-8), "
                    + "outbox_event %,d MiB", sizes.getLong(2) >> 20, sizes.getLong(1), sizes.getLong(4) >> 20,
                    sizes.getLong(5) >> 20, sizes.getLong(3) >> 20);
        }
    }

    /**
     * How much work the near-duplicate lookup had: each pair of stored articles sharing a SimHash band is one
     * candidate row read for the later of the two, so pairs per article is the mean number of candidates per
     * article (unrelated news gives about 4 bands x rows / 65,536). Warm-up included.
     */
    private static String nearDuplicates(VigilStack stack) throws java.sql.SQLException {
        try (java.sql.Connection connection = stack.openDatabaseConnection();
                java.sql.Statement statement = connection.createStatement();
                java.sql.ResultSet counts = statement.executeQuery("""
                        SELECT (SELECT count(*) FROM ingest.article),
                               (SELECT count(*) FROM ingest.article WHERE duplicate_of IS NOT NULL),
                               (SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM (
                                   SELECT count(*) AS n FROM ingest.article GROUP BY simhash_band0
                                   UNION ALL SELECT count(*) FROM ingest.article GROUP BY simhash_band1
                                   UNION ALL SELECT count(*) FROM ingest.article GROUP BY simhash_band2
                                   UNION ALL SELECT count(*) FROM ingest.article GROUP BY simhash_band3) AS bands)""")) {
            counts.next();
            long rows = counts.getLong(1);
            long pairs = counts.getLong(3);
            return String.format("  near-duplicates: %,d of %,d stored articles have duplicate_of set; %,d pairs share a "
                    + "SimHash band, %.1f band candidates per article", counts.getLong(2), rows, pairs,
                    rows == 0 ? 0.0 : (double) pairs / rows);
        }
    }

    /**
     * CPU time of ingest-service, of PostgreSQL (the server and its backends), of the Kafka broker and of this
     * benchmark, whose client shares the machine with them.
     */
    private record Processes(long ingestPid, long kafkaPid, Path postgresData) {

        double[] cpuSeconds() {
            double postgres = ProcessHandle.allProcesses()
                    .filter(process -> process.info().arguments()
                            .map(arguments -> List.of(arguments).contains(postgresData.toString())).orElse(false))
                    .flatMap(server -> java.util.stream.Stream.concat(java.util.stream.Stream.of(server),
                            server.descendants()))
                    .mapToDouble(process -> PollingCost.cpuSeconds(process.pid())).filter(cpu -> !Double.isNaN(cpu))
                    .sum();
            return new double[] {PollingCost.cpuSeconds(ingestPid), postgres, PollingCost.cpuSeconds(kafkaPid),
                PollingCost.cpuSeconds(ProcessHandle.current().pid())};
        }

        String perThousand(double[] before, double[] after, long articles) {
            return String.format("%5.2f  %5.2f  %5.2f  %5.2f", (after[0] - before[0]) / articles * 1000,
                    (after[1] - before[1]) / articles * 1000, (after[2] - before[2]) / articles * 1000,
                    (after[3] - before[3]) / articles * 1000);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
