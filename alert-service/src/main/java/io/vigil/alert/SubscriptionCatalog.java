package io.vigil.alert;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * The subscriptions in memory with their {@link SubscriptionIndex}, reloaded when the table changed: one cheap
 * version query per event instead of loading every subscription. The version (row count and newest
 * {@code updated_at}) also sees changes made through other instances.
 */
@ApplicationScoped
public class SubscriptionCatalog {

    private static final Logger LOG = Logger.getLogger(SubscriptionCatalog.class);

    public record Entry(UUID id, SubscriptionCriteria criteria, Instant mutedUntil, DeliveryMode deliveryMode) {
        public boolean mutedAt(Instant now) {
            return mutedUntil != null && now.isBefore(mutedUntil);
        }
    }

    public record Snapshot(String version, Map<UUID, Entry> entries, SubscriptionIndex<UUID> index) {
    }

    private final EntityManager entityManager;
    private volatile Snapshot snapshot = new Snapshot("", Map.of(), new SubscriptionIndex<>(Map.of()));

    public SubscriptionCatalog(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Snapshot current() {
        String version = (String) entityManager.createNativeQuery(
                "SELECT count(*) || '/' || coalesce(cast(max(updated_at) AS text), '') FROM subscription")
                .getSingleResult();
        Snapshot known = snapshot;
        if (known.version().equals(version)) {
            return known;
        }
        List<Subscription> subscriptions = Subscription.listAll();
        Map<UUID, Entry> entries = new HashMap<>();
        Map<UUID, SubscriptionCriteria> criteria = new HashMap<>();
        for (Subscription subscription : subscriptions) {
            entries.put(subscription.id, new Entry(subscription.id, subscription.criteria(), subscription.mutedUntil,
                    subscription.mode()));
            criteria.put(subscription.id, subscription.criteria());
        }
        Snapshot loaded = new Snapshot(version, Map.copyOf(entries), new SubscriptionIndex<>(criteria));
        snapshot = loaded;
        LOG.debugf("Subscription catalog reloaded: %d subscription(s)", entries.size());
        return loaded;
    }
}
