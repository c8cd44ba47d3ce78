package io.vigil.alert;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.vigil.alert.config.VigilConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;

/**
 * Closes due digest windows: every alert a digest subscription collected before the window's end goes into one
 * digest, which is queued once per channel (webhook, email) on the ordinary delivery queue.
 *
 * <p>Closing is idempotent: {@code digest} is unique per (subscription, window end), subscriptions are claimed
 * with {@code FOR NO KEY UPDATE SKIP LOCKED} (so two instances close disjoint ones, and the consumer's foreign
 * key checks are not blocked), and an alert leaves {@code awaiting_digest} in the same transaction that creates
 * its digest. An alert committed after its window closed (a consumer transaction straddling the boundary) is
 * carried by the next window's digest.
 */
@ApplicationScoped
public class DigestService {

    private static final Logger LOG = Logger.getLogger(DigestService.class);

    private final EntityManager entityManager;
    private final DigestPayload payloads;
    private final AlertMetrics metrics;
    private final Event<DeliveriesQueued> deliveriesQueued;
    private final Clock clock;
    private final int batchSize;
    /** Set while the scheduled closing fails; ticks never overlap (SKIP) but may run on different threads. */
    private volatile Instant closingFailingSince;

    public DigestService(EntityManager entityManager, ObjectMapper objectMapper, AlertMetrics metrics,
            Event<DeliveriesQueued> deliveriesQueued, Clock clock, VigilConfig config) {
        this.entityManager = entityManager;
        this.payloads = new DigestPayload(objectMapper, config.digest().maxListedAlerts());
        this.metrics = metrics;
        this.deliveriesQueued = deliveriesQueued;
        this.clock = clock;
        this.batchSize = config.digest().batchSize();
    }

    @Scheduled(every = "${vigil.digest.close-interval:1m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void closeDueWindows() {
        try {
            closeDue(clock.instant());
            if (closingFailingSince != null) {
                LOG.infof("Closing digest windows works again after failing since %s", closingFailingSince);
                closingFailingSince = null;
            }
        } catch (RuntimeException e) {
            closingFailed(e);
        }
    }

    /**
     * During a database outage every tick fails the same way: the first failure is logged in full, the next ones
     * only at debug level; the next tick closes what is due, so no window is lost.
     */
    private void closingFailed(RuntimeException failure) {
        if (closingFailingSince == null) {
            closingFailingSince = clock.instant();
            LOG.warn("Closing digest windows failed; every tick retries until it succeeds", failure);
        } else {
            LOG.debugf("Closing digest windows still failing since %s: %s", closingFailingSince, failure.getMessage());
        }
    }

    /**
     * Closes, for every digest subscription, the last window that has ended at {@code now}, and sends what a
     * subscription switched back to immediate delivery had collected as ordinary alerts.
     *
     * @return the number of digests created
     */
    public int closeDue(Instant now) {
        int released = QuarkusTransaction.requiringNew().call(this::releaseForImmediateDelivery);
        if (released > 0) {
            LOG.infof("%d collected alert(s) of subscriptions switched to immediate delivery queued", released);
        }
        int closed = 0;
        BatchResult batch;
        do {
            batch = QuarkusTransaction.requiringNew().call(() -> closeBatch(now));
            closed += batch.digests();
        } while (batch.claimed() == batchSize);
        return closed;
    }

    private record BatchResult(int claimed, int digests) {
    }

    private int releaseForImmediateDelivery() {
        int released = entityManager.createNativeQuery("""
                WITH released AS (
                    UPDATE alert a SET awaiting_digest = false
                      FROM subscription s
                     WHERE s.id = a.subscription_id AND s.delivery_mode = 'immediate' AND a.awaiting_digest
                    RETURNING a.id, a.subscription_id)
                INSERT INTO delivery (alert_id, subscription_id, channel, status, attempts, next_attempt_at,
                                      created_at, updated_at)
                SELECT id, subscription_id, 'webhook', 'pending', 0, now(), now(), now() FROM released""")
                .executeUpdate();
        if (released > 0) {
            deliveriesQueued.fire(new DeliveriesQueued(released));
        }
        return released;
    }

    @SuppressWarnings("unchecked")
    private BatchResult closeBatch(Instant now) {
        DigestWindow hourly = DigestWindow.lastEndedAt(DeliveryMode.HOURLY, now);
        DigestWindow daily = DigestWindow.lastEndedAt(DeliveryMode.DAILY, now);
        List<Object[]> due = entityManager.createNativeQuery("""
                SELECT s.id, s.name, s.delivery_mode, s.webhook_url IS NOT NULL, cardinality(s.email_recipients) > 0
                  FROM subscription s
                 WHERE s.delivery_mode IN ('hourly', 'daily')
                   AND EXISTS (SELECT 1 FROM alert a
                                WHERE a.subscription_id = s.id AND a.awaiting_digest
                                  AND a.created_at < CASE s.delivery_mode WHEN 'hourly' THEN cast(:hourlyEnd AS timestamptz)
                                                                          ELSE cast(:dailyEnd AS timestamptz) END)
                   AND NOT EXISTS (SELECT 1 FROM digest d
                                    WHERE d.subscription_id = s.id
                                      AND d.window_end = CASE s.delivery_mode WHEN 'hourly' THEN cast(:hourlyEnd AS timestamptz)
                                                                              ELSE cast(:dailyEnd AS timestamptz) END)
                 LIMIT :limit
                   FOR NO KEY UPDATE OF s SKIP LOCKED""")
                .setParameter("hourlyEnd", hourly.end())
                .setParameter("dailyEnd", daily.end())
                .setParameter("limit", batchSize)
                .getResultList();
        int digests = 0;
        for (Object[] row : due) {
            DeliveryMode mode = DeliveryMode.parse((String) row[2]).orElseThrow();
            DigestWindow window = mode == DeliveryMode.HOURLY ? hourly : daily;
            if (close((UUID) row[0], (String) row[1], mode, window, (Boolean) row[3], (Boolean) row[4])) {
                digests++;
            }
        }
        if (digests > 0) {
            deliveriesQueued.fire(new DeliveriesQueued(digests));
        }
        return new BatchResult(due.size(), digests);
    }

    @SuppressWarnings("unchecked")
    private boolean close(UUID subscriptionId, String subscriptionName, DeliveryMode mode, DigestWindow window,
            boolean byWebhook, boolean byEmail) {
        UUID digestId = UUID.randomUUID();
        int created = entityManager.createNativeQuery("""
                INSERT INTO digest (id, subscription_id, window_start, window_end, alert_count, created_at)
                VALUES (:id, :subscriptionId, :windowStart, :windowEnd, 0, now())
                ON CONFLICT (subscription_id, window_end) DO NOTHING""")
                .setParameter("id", digestId)
                .setParameter("subscriptionId", subscriptionId)
                .setParameter("windowStart", window.start())
                .setParameter("windowEnd", window.end())
                .executeUpdate();
        if (created == 0) {
            return false;
        }
        List<Object[]> rows = entityManager.createNativeQuery("""
                WITH carried AS (
                    UPDATE alert SET awaiting_digest = false, digest_id = :digestId
                     WHERE subscription_id = :subscriptionId AND awaiting_digest AND created_at < :windowEnd
                    RETURNING id, payload, created_at)
                SELECT id, payload, created_at FROM carried ORDER BY created_at, id""")
                .setParameter("digestId", digestId)
                .setParameter("subscriptionId", subscriptionId)
                .setParameter("windowEnd", window.end())
                .getResultList();
        List<DigestPayload.Carried> alerts = rows.stream()
                .map(row -> new DigestPayload.Carried((UUID) row[0], (String) row[1], toInstant(row[2])))
                .toList();
        if (alerts.isEmpty()) {
            entityManager.createNativeQuery("DELETE FROM digest WHERE id = :id").setParameter("id", digestId)
                    .executeUpdate();
            return false;
        }
        DigestWindow covered = window.reachingBackTo(mode, alerts.getFirst().createdAt());
        entityManager.createNativeQuery("UPDATE digest SET window_start = :windowStart, alert_count = :count WHERE id = :id")
                .setParameter("windowStart", covered.start())
                .setParameter("count", alerts.size())
                .setParameter("id", digestId)
                .executeUpdate();
        String payload = payloads.build(subscriptionId, subscriptionName, mode, covered, alerts, Instant.now());
        if (byWebhook) {
            enqueue(digestId, subscriptionId, DeliveryChannel.WEBHOOK, covered, payload);
        }
        if (byEmail) {
            enqueue(digestId, subscriptionId, DeliveryChannel.EMAIL, covered, payload);
        }
        metrics.digestClosed(mode);
        LOG.infof("Digest %s of subscription %s closed: %d alert(s) from %s to %s", digestId, subscriptionId,
                alerts.size(), covered.start(), covered.end());
        return true;
    }

    /** A digest's delivery is an alert row of its own, so it is sent, retried and logged like any alert. */
    private void enqueue(UUID digestId, UUID subscriptionId, DeliveryChannel channel, DigestWindow window,
            String payload) {
        UUID alertId = UUID.randomUUID();
        entityManager.createNativeQuery("""
                INSERT INTO alert (id, subscription_id, article_id, payload, created_at, digest_id)
                VALUES (:id, :subscriptionId, :key, :payload, now(), :digestId)""")
                .setParameter("id", alertId)
                .setParameter("subscriptionId", subscriptionId)
                .setParameter("key", "digest:" + channel.dbValue() + ":" + window.end())
                .setParameter("payload", payload)
                .setParameter("digestId", digestId)
                .executeUpdate();
        entityManager.createNativeQuery("""
                INSERT INTO delivery (alert_id, subscription_id, channel, status, attempts, next_attempt_at,
                                      created_at, updated_at)
                VALUES (:alertId, :subscriptionId, :channel, 'pending', 0, now(), now(), now())""")
                .setParameter("alertId", alertId)
                .setParameter("subscriptionId", subscriptionId)
                .setParameter("channel", channel.dbValue())
                .executeUpdate();
    }

    private static Instant toInstant(Object value) {
        return switch (value) {
            case Instant instant -> instant;
            case OffsetDateTime offset -> offset.toInstant();
            case java.sql.Timestamp timestamp -> timestamp.toInstant();
            default -> throw new IllegalStateException("Unexpected timestamp type " + value.getClass());
        };
    }
}
