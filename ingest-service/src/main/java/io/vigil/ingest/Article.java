package io.vigil.ingest;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
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

    private static final int INSERT_CHUNK = 500;

    /**
     * Inserts the articles whose canonical URL and text fingerprint are not stored yet. The unique indexes
     * decide, so two concurrent submissions of one article cannot both get in.
     *
     * @return the ids of the rows actually inserted
     */
    public static Set<UUID> insertIfNew(List<Article> articles) {
        Set<UUID> inserted = new HashSet<>();
        for (int from = 0; from < articles.size(); from += INSERT_CHUNK) {
            inserted.addAll(insertChunk(articles.subList(from, Math.min(articles.size(), from + INSERT_CHUNK))));
        }
        return inserted;
    }

    private static List<UUID> insertChunk(List<Article> chunk) {
        // Twelve array parameters instead of twelve per row: the statement stays small whatever the batch size.
        var query = getEntityManager().createNativeQuery("""
                INSERT INTO {h-schema}article (id, version, url, canonical_url, title, text, lang, published_at, source,
                                     ingested_at, text_hash, duplicate_of)
                SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:versions AS int[]), CAST(:urls AS text[]),
                                     CAST(:canonicalUrls AS text[]), CAST(:titles AS text[]), CAST(:texts AS text[]),
                                     CAST(:langs AS text[]), CAST(:publishedAts AS timestamptz[]),
                                     CAST(:sources AS text[]), CAST(:ingestedAts AS timestamptz[]),
                                     CAST(:textHashes AS text[]), CAST(:duplicateOfs AS uuid[]))
                ON CONFLICT DO NOTHING
                RETURNING id
                """, UUID.class);
        query.setParameter("ids", column(chunk, a -> a.id))
                .setParameter("versions", column(chunk, a -> a.version))
                .setParameter("urls", column(chunk, a -> a.url))
                .setParameter("canonicalUrls", column(chunk, a -> a.canonicalUrl))
                .setParameter("titles", column(chunk, a -> a.title))
                .setParameter("texts", column(chunk, a -> a.text))
                .setParameter("langs", column(chunk, a -> a.lang))
                .setParameter("publishedAts", column(chunk, a -> a.publishedAt))
                .setParameter("sources", column(chunk, a -> a.source))
                .setParameter("ingestedAts", column(chunk, a -> a.ingestedAt))
                .setParameter("textHashes", column(chunk, a -> a.textHash))
                .setParameter("duplicateOfs", column(chunk, a -> a.duplicateOf));
        @SuppressWarnings("unchecked")
        List<UUID> ids = query.getResultList();
        return ids;
    }

    /** One column of the chunk as text values, which PostgreSQL casts to the column types. */
    private static String[] column(List<Article> chunk, Function<Article, Object> field) {
        return chunk.stream().map(field).map(value -> value == null ? null : value.toString()).toArray(String[]::new);
    }

    /** Stored articles sharing any of the canonical URLs or text fingerprints. */
    public static List<Article> findSame(Collection<String> canonicalUrls, Collection<String> textHashes) {
        if (canonicalUrls.isEmpty()) {
            return list("textHash in :hashes", Parameters.with("hashes", textHashes));
        }
        return list("canonicalUrl in :urls or textHash in :hashes",
                Parameters.with("urls", canonicalUrls).and("hashes", textHashes));
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
