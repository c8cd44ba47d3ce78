package io.vigil.ingest;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hibernate.query.NativeQuery;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An earlier text of an article, kept when a newer version of its page replaces it. */
@Entity
@Table(name = "article_version")
public class ArticleVersion extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "article_id")
    public UUID articleId;

    public int version;

    public String title;

    public String text;

    @Column(name = "text_hash")
    public String textHash;

    @Column(name = "ingested_at")
    public Instant ingestedAt;

    static void archive(Article current) {
        ArticleVersion previous = new ArticleVersion();
        previous.id = UUID.randomUUID();
        previous.articleId = current.id;
        previous.version = current.version;
        previous.title = current.title;
        previous.text = current.text;
        previous.textHash = current.textHash;
        previous.ingestedAt = current.ingestedAt;
        previous.persist();
    }

    /** The article each earlier text belongs to, by text fingerprint. */
    static Map<String, UUID> articleIdsByTextHash(Collection<String> textHashes) {
        var query = getEntityManager().createNativeQuery("""
                SELECT CAST(text_hash AS text) AS text_hash, article_id FROM {h-schema}article_version
                WHERE text_hash = ANY(CAST(:hashes AS char(64)[]))
                """).setParameter("hashes", textHashes.toArray(String[]::new));
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.unwrap(NativeQuery.class)
                .addScalar("text_hash", String.class).addScalar("article_id", UUID.class)
                .getResultList();
        Map<String, UUID> articleIds = new HashMap<>();
        rows.forEach(row -> articleIds.putIfAbsent((String) row[0], (UUID) row[1]));
        return articleIds;
    }
}
