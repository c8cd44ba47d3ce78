package io.vigil.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * One set of gauges per source, tagged {@code source_id}: the health the API shows, reloaded from the
 * database on a schedule so that every instance reports the polls of all instances. A deleted source's
 * gauges and counters are removed.
 */
@ApplicationScoped
public class SourceHealthGauges {

    private static final String SOURCE_ID = "source_id";

    private final MeterRegistry registry;
    private final Map<UUID, AtomicReference<Health>> healthById = new ConcurrentHashMap<>();

    public SourceHealthGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    private record Health(Instant lastFetchedAt, Instant lastSuccessAt, Instant lastErrorAt, int consecutiveFailures,
            long backoffSecs, long articlesLastDay, boolean paused) {

        static Health of(Source source, long articlesLastDay) {
            return new Health(source.lastFetchedAt, source.lastSuccessAt, source.lastErrorAt,
                    source.consecutiveFailures, source.backoffSecs, articlesLastDay, source.paused);
        }
    }

    @Scheduled(every = "${vigil.sources.health-refresh:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void refresh() {
        Source.forgetOldYields();
        Map<UUID, Long> articles = Source.articlesLastDayBySource();
        List<Source> sources = Source.listAll();
        for (Source source : sources) {
            show(source, articles.getOrDefault(source.id, 0L));
        }
        Set<UUID> live = sources.stream().map(source -> source.id).collect(Collectors.toSet());
        healthById.keySet().stream().filter(id -> !live.contains(id)).toList().forEach(this::remove);
    }

    public void show(Source source, long articlesLastDay) {
        healthById.computeIfAbsent(source.id, this::register).set(Health.of(source, articlesLastDay));
    }

    /** Removes every meter of the source, the fetch and error counters included. */
    public void remove(UUID sourceId) {
        healthById.remove(sourceId);
        String id = sourceId.toString();
        List<Meter> meters = registry.getMeters().stream()
                .filter(meter -> id.equals(meter.getId().getTag(SOURCE_ID))).toList();
        meters.forEach(registry::remove);
    }

    private AtomicReference<Health> register(UUID sourceId) {
        AtomicReference<Health> health = new AtomicReference<>();
        gauge("vigil.source.last.fetch.timestamp", "seconds", "When the source was last fetched",
                sourceId, health, h -> epochSeconds(h.lastFetchedAt()));
        gauge("vigil.source.last.success.timestamp", "seconds", "When a fetch of the source last succeeded",
                sourceId, health, h -> epochSeconds(h.lastSuccessAt()));
        gauge("vigil.source.last.error.timestamp", "seconds",
                "When the source last recorded an error (reason: vigil_source_errors_total)",
                sourceId, health, h -> epochSeconds(h.lastErrorAt()));
        gauge("vigil.source.consecutive.failures", null, "Failed fetches since the last success",
                sourceId, health, Health::consecutiveFailures);
        gauge("vigil.source.backoff", "seconds", "How long the next try waits after failures; 0 when healthy",
                sourceId, health, Health::backoffSecs);
        gauge("vigil.source.items.last.day", null, "Articles the source produced in the last 24 hours",
                sourceId, health, Health::articlesLastDay);
        gauge("vigil.source.paused", null, "1 while the source is paused",
                sourceId, health, h -> h.paused() ? 1 : 0);
        return health;
    }

    private void gauge(String name, String unit, String description, UUID sourceId, AtomicReference<Health> health,
            ToDoubleFunction<Health> value) {
        Gauge.builder(name, health, ref -> ref.get() == null ? Double.NaN : value.applyAsDouble(ref.get()))
                .tag(SOURCE_ID, sourceId.toString()).baseUnit(unit).description(description)
                .strongReference(true).register(registry);
    }

    private static double epochSeconds(Instant instant) {
        return instant == null ? Double.NaN : instant.toEpochMilli() / 1000.0;
    }
}
