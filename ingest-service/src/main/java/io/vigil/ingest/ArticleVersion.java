package io.vigil.ingest;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

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

    static List<ArticleVersion> withTextHashes(Collection<String> textHashes) {
        return list("textHash in ?1", textHashes);
    }
}
