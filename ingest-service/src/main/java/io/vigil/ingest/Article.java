package io.vigil.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "article")
public class Article extends PanacheEntityBase {

    @Id
    public UUID id;

    public int version;

    public String url;

    @Column(name = "canonical_url")
    public String canonicalUrl;

    public String title;

    public String text;

    public String lang;

    @Column(name = "published_at")
    public Instant publishedAt;

    public String source;

    @Column(name = "ingested_at")
    public Instant ingestedAt;

    @Column(name = "text_hash")
    public String textHash;

    @Column(name = "duplicate_of")
    public UUID duplicateOf;

    /**
     * Inserts the article unless its canonical URL or text fingerprint is already stored. The unique
     * indexes decide, so two concurrent submissions of one article cannot both get in.
     *
     * @return whether the row was inserted
     */
    public boolean insertIfNew() {
        int inserted = getEntityManager().createNativeQuery("""
                INSERT INTO {h-schema}article (id, version, url, canonical_url, title, text, lang, published_at, source,
                                     ingested_at, text_hash, duplicate_of)
                VALUES (:id, :version, :url, :canonicalUrl, :title, :text, :lang, :publishedAt, :source,
                        :ingestedAt, :textHash, :duplicateOf)
                ON CONFLICT DO NOTHING
                """)
                .setParameter("id", id)
                .setParameter("version", version)
                .setParameter("url", url)
                .setParameter("canonicalUrl", canonicalUrl)
                .setParameter("title", title)
                .setParameter("text", text)
                .setParameter("lang", lang)
                .setParameter("publishedAt", publishedAt)
                .setParameter("source", source)
                .setParameter("ingestedAt", ingestedAt)
                .setParameter("textHash", textHash)
                .setParameter("duplicateOf", duplicateOf)
                .executeUpdate();
        return inserted == 1;
    }

    /** The stored article sharing the canonical URL or the text fingerprint, if any. */
    public static Optional<Article> findSame(String canonicalUrl, String textHash) {
        if (canonicalUrl == null) {
            return find("textHash", textHash).firstResultOptional();
        }
        return find("canonicalUrl = :url or textHash = :hash",
                Parameters.with("url", canonicalUrl).and("hash", textHash)).firstResultOptional();
    }

    /** Newest first, strictly older than the position given (or from the newest when it is null). */
    public static List<Article> page(PagePosition before, int limit) {
        Sort newestFirst = Sort.descending("ingestedAt", "id");
        if (before == null) {
            return findAll(newestFirst).page(0, limit).list();
        }
        return find("ingestedAt < :at or (ingestedAt = :at and id < :id)", newestFirst,
                Parameters.with("at", before.ingestedAt()).and("id", before.id()))
                .page(0, limit).list();
    }
}
