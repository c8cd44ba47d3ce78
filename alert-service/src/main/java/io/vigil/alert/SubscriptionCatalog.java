package io.vigil.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.vigil.alert.config.VigilConfig;
import io.vigil.alert.messaging.ClassifiedArticleEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

/**
 * The subscriptions of this instance's {@link SubscriptionIndex}, kept up to date from PostgreSQL.
 * <p>
 * Loaded in full once; afterwards every transaction that matches articles first reads {@code subscription_change}
 * (one indexed query, once for a whole poll of articles),
 * which a trigger fills in the same transaction as any insert, delete or change of criteria, mute or delivery
 * mode, whichever instance made it. Each change is applied by re-reading the subscription's current row, so applying one twice or late
 * is harmless. The cursor is a transaction id: it only moves up to the oldest transaction still running
 * ({@code pg_snapshot_xmin}), so a change committed late by a long transaction is not skipped; changes already
 * committed beyond the cursor are applied at once and again when the cursor passes them.
 */
@ApplicationScoped
public class SubscriptionCatalog {

    private static final Logger LOG = Logger.getLogger(SubscriptionCatalog.class);

    public record Entry(UUID id, SubscriptionCriteria criteria, Instant mutedUntil, DeliveryMode deliveryMode) {
    }

    private final EntityManager entityManager;
    private final TransactionSynchronizationRegistry transactions;
    private final Duration changeRetention;
    private final SubscriptionIndex<UUID> index = new SubscriptionIndex<>();
    private final Map<UUID, Entry> entries = new ConcurrentHashMap<>();
    /** The transaction id below which every change has been applied; null before the first load. */
    private String cursor;
    private Instant lastRefresh = Instant.EPOCH;

    public SubscriptionCatalog(EntityManager entityManager, TransactionSynchronizationRegistry transactions,
            VigilConfig config) {
        this.entityManager = entityManager;
        this.transactions = transactions;
        this.changeRetention = config.matching().changeRetention();
    }

    /**
     * The unmuted subscriptions the article matches, after catching up with the changes committed before the
     * transaction's first article: reading them again for each article of a poll cost more than the matching.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Entry> matching(ClassifiedArticleEvent article, Instant now) {
        if (transactions.getResource(this) == null) {
            refresh();
            transactions.putResource(this, Boolean.TRUE);
        }
        List<Entry> matched = new ArrayList<>();
        for (SubscriptionIndex.Entry<UUID> match : index.match(article, now)) {
            Entry entry = entries.get(match.key());
            if (entry != null) {
                matched.add(entry);
            }
        }
        return matched;
    }

    public int size() {
        return entries.size();
    }

    private synchronized void refresh() {
        Instant now = Instant.now();
        if (cursor == null || lastRefresh.isBefore(now.minus(changeRetention))) {
            loadAll();
        } else {
            applyChanges();
        }
        lastRefresh = now;
    }

    /** Changes older than the retention are gone; an instance that stayed away longer reloads everything. */
    @Scheduled(every = "1h", delayed = "1m")
    @Transactional
    void forgetOldChanges() {
        entityManager.createNativeQuery("DELETE FROM subscription_change WHERE changed_at < :before")
                .setParameter("before", Instant.now().minus(changeRetention))
                .executeUpdate();
    }

    @PreDestroy
    void close() {
        index.close();
    }

    private void loadAll() {
        String horizon = horizon();
        List<Subscription> subscriptions = Subscription.listAll();
        List<SubscriptionIndex.Entry<UUID>> indexed = new ArrayList<>(subscriptions.size());
        Set<UUID> gone = new HashSet<>(entries.keySet());
        for (Subscription subscription : subscriptions) {
            Entry entry = entryOf(subscription);
            entries.put(entry.id(), entry);
            indexed.add(new SubscriptionIndex.Entry<>(entry.id(), entry.criteria(), entry.mutedUntil()));
            gone.remove(entry.id());
        }
        index.putAll(indexed);
        index.removeAll(gone);
        gone.forEach(entries::remove);
        cursor = horizon;
        LOG.infof("Subscription index loaded: %d subscription(s)", entries.size());
    }

    @SuppressWarnings("unchecked")
    private void applyChanges() {
        List<Object[]> rows = entityManager.createNativeQuery("""
                SELECT cast(pg_snapshot_xmin(pg_current_snapshot()) AS text), c.subscription_id
                  FROM (SELECT 1) AS one
                  LEFT JOIN subscription_change c ON c.txid >= cast(:cursor AS xid8)""")
                .setParameter("cursor", cursor)
                .getResultList();
        String horizon = (String) rows.getFirst()[0];
        Set<UUID> changed = new LinkedHashSet<>();
        for (Object[] row : rows) {
            if (row[1] != null) {
                changed.add((UUID) row[1]);
            }
        }
        if (!changed.isEmpty()) {
            apply(changed);
        }
        cursor = horizon;
    }

    private void apply(Set<UUID> changed) {
        List<Subscription> current = Subscription.list("id in ?1", changed);
        List<SubscriptionIndex.Entry<UUID>> updated = new ArrayList<>();
        Set<UUID> deleted = new HashSet<>(changed);
        for (Subscription subscription : current) {
            deleted.remove(subscription.id);
            Entry entry = entryOf(subscription);
            if (!entry.equals(entries.get(entry.id()))) {
                entries.put(entry.id(), entry);
                updated.add(new SubscriptionIndex.Entry<>(entry.id(), entry.criteria(), entry.mutedUntil()));
            }
        }
        deleted.retainAll(entries.keySet());
        index.putAll(updated);
        index.removeAll(deleted);
        deleted.forEach(entries::remove);
        if (!updated.isEmpty() || !deleted.isEmpty()) {
            LOG.debugf("Subscription index: %d updated, %d removed", updated.size(), deleted.size());
        }
    }

    private String horizon() {
        return (String) entityManager.createNativeQuery(
                "SELECT cast(pg_snapshot_xmin(pg_current_snapshot()) AS text)").getSingleResult();
    }

    private static Entry entryOf(Subscription subscription) {
        return new Entry(subscription.id, subscription.criteria(), subscription.mutedUntil, subscription.mode());
    }
}
