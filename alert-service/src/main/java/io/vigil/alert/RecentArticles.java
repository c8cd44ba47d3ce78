package io.vigil.alert;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.scheduler.Scheduled;
import io.vigil.alert.config.VigilConfig;
import io.vigil.alert.messaging.ClassifiedArticleEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** The classified articles of the last {@code vigil.preview.window}, for previewing draft subscriptions. */
@ApplicationScoped
public class RecentArticles {

    private final EntityManager entityManager;
    private final ObjectMapper objectMapper;
    private final VigilConfig.Preview config;

    public RecentArticles(EntityManager entityManager, ObjectMapper objectMapper, VigilConfig config) {
        this.entityManager = entityManager;
        this.objectMapper = objectMapper;
        this.config = config.preview();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void remember(ClassifiedArticleEvent article) {
        try {
            entityManager.createNativeQuery("""
                    INSERT INTO recent_article (id, payload, received_at) VALUES (:id, :payload, now())
                    ON CONFLICT (id) DO UPDATE SET payload = excluded.payload, received_at = excluded.received_at""")
                    .setParameter("id", article.id())
                    .setParameter("payload", objectMapper.writeValueAsString(article))
                    .executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Article cannot be serialised", e);
        }
    }

    /** Newest first. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<ClassifiedArticleEvent> newest() {
        List<String> payloads = entityManager.createNativeQuery("""
                SELECT payload FROM recent_article WHERE received_at > :since ORDER BY received_at DESC LIMIT :limit""")
                .setParameter("since", Instant.now().minus(config.window()))
                .setParameter("limit", config.maxArticles())
                .getResultList();
        return payloads.stream().map(this::read).toList();
    }

    @Scheduled(every = "1h", delayed = "1m")
    @Transactional
    void forgetOldArticles() {
        entityManager.createNativeQuery("DELETE FROM recent_article WHERE received_at < :before")
                .setParameter("before", Instant.now().minus(config.window()))
                .executeUpdate();
    }

    private ClassifiedArticleEvent read(String payload) {
        try {
            return objectMapper.readValue(payload, ClassifiedArticleEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored article cannot be read", e);
        }
    }
}
