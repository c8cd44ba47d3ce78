package io.vigil.alert;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vigil.alert.messaging.ClassifiedArticleEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** Turns a classified article into alerts and queued deliveries, once per event and once per subscription. */
@ApplicationScoped
public class AlertService {

    private static final Logger LOG = Logger.getLogger(AlertService.class);

    private final EntityManager entityManager;
    private final ObjectMapper objectMapper;
    private final AlertMetrics metrics;
    private final Event<DeliveriesQueued> deliveriesQueued;
    private final RecentArticles recentArticles;
    private final SubscriptionCatalog subscriptionCatalog;
    private final SubscriptionMatcher matcher = new SubscriptionMatcher();

    public AlertService(EntityManager entityManager, ObjectMapper objectMapper, AlertMetrics metrics,
            Event<DeliveriesQueued> deliveriesQueued, RecentArticles recentArticles,
            SubscriptionCatalog subscriptionCatalog) {
        this.recentArticles = recentArticles;
        this.subscriptionCatalog = subscriptionCatalog;
        this.entityManager = entityManager;
        this.objectMapper = objectMapper;
        this.metrics = metrics;
        this.deliveriesQueued = deliveriesQueued;
    }

    /** @return the number of alerts created; 0 for a replayed event */
    @Transactional(Transactional.TxType.MANDATORY)
    public int process(String eventId, ClassifiedArticleEvent article) {
        Instant now = Instant.now();
        // Matched before this transaction writes anything: a transaction without an id does not hold back the
        // horizon up to which the catalog reads subscription changes.
        List<SubscriptionCatalog.Entry> matched = subscriptionCatalog.matching(article, now);
        int firstSeen = entityManager.createNativeQuery(
                "INSERT INTO processed_event (ce_id) VALUES (:ceId) ON CONFLICT DO NOTHING")
                .setParameter("ceId", eventId)
                .executeUpdate();
        if (firstSeen == 0) {
            LOG.infof("Event %s already processed, skipped", eventId);
            return 0;
        }
        recentArticles.remember(article);
        int created = 0;
        int queued = 0;
        for (SubscriptionCatalog.Entry subscription : matched) {
            if (createAlert(subscription.id(), subscription.deliveryMode(), article,
                    matcher.explain(subscription.criteria(), article))) {
                created++;
                if (!subscription.deliveryMode().digest()) {
                    queued++;
                }
            }
        }
        if (queued > 0) {
            deliveriesQueued.fire(new DeliveriesQueued(queued));
        }
        LOG.debugf("Article matched %d subscription(s) among %d, %d new alert(s)", matched.size(),
                subscriptionCatalog.size(), created);
        return created;
    }

    /**
     * The catalog may still list a subscription deleted a moment ago; such a one gets no alert. A digest
     * subscription's alert waits for {@link DigestService} to close its window instead of being queued.
     * <p>
     * The alert and its delivery are written by one statement, not through a managed entity: a poll's
     * transaction would otherwise hold hundreds of entities that Hibernate dirty-checks before every query.
     */
    private boolean createAlert(UUID subscriptionId, DeliveryMode mode, ClassifiedArticleEvent article, Match match) {
        UUID alertId = UUID.randomUUID();
        Instant now = Instant.now();
        Number inserted = (Number) entityManager.createNativeQuery("""
                WITH created AS (
                    INSERT INTO alert (id, subscription_id, article_id, payload, created_at, awaiting_digest)
                    SELECT :id, :subscriptionId, :articleId, :payload, :createdAt, :awaitingDigest
                     WHERE EXISTS (SELECT 1 FROM subscription WHERE id = :subscriptionId)
                    ON CONFLICT (subscription_id, article_id) DO NOTHING
                    RETURNING id, subscription_id, created_at),
                queued AS (
                    INSERT INTO delivery (alert_id, subscription_id, channel, status, attempts, next_attempt_at,
                                          created_at, updated_at)
                    SELECT id, subscription_id, :channel, :status, 0, created_at, created_at, created_at
                      FROM created
                     WHERE NOT :awaitingDigest)
                SELECT count(*) FROM created""")
                .setParameter("id", alertId)
                .setParameter("subscriptionId", subscriptionId)
                .setParameter("articleId", article.id())
                .setParameter("payload", payload(subscriptionId, article, match, now))
                .setParameter("createdAt", now)
                .setParameter("awaitingDigest", mode.digest())
                .setParameter("channel", DeliveryChannel.WEBHOOK.dbValue())
                .setParameter("status", DeliveryStatus.PENDING.dbValue())
                .getSingleResult();
        if (inserted.intValue() == 0) {
            return false;
        }
        metrics.alertCreated();
        return true;
    }

    private String payload(UUID subscriptionId, ClassifiedArticleEvent article, Match match, Instant now) {
        Map<String, Object> articleSummary = new LinkedHashMap<>();
        articleSummary.put("id", article.id());
        articleSummary.put("url", article.url());
        articleSummary.put("title", article.title());
        articleSummary.put("lang", article.lang());
        articleSummary.put("publishedAt", article.publishedAt());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "alert.created");
        body.put("timestamp", now.toString());
        body.put("subscriptionId", subscriptionId.toString());
        body.put("article", articleSummary);
        body.put("topics", article.topics());
        body.put("countries", article.countries());
        body.put("focus", article.focus());
        body.put("matched", match);
        try {
            return objectMapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Alert payload cannot be serialised", e);
        }
    }
}
