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

    public long simhash;

    @Column(name = "simhash_band0")
    public int simhashBand0;

    @Column(name = "simhash_band1")
    public int simhashBand1;

    @Column(name = "simhash_band2")
    public int simhashBand2;

    @Column(name = "simhash_band3")
    public int simhashBand3;

    void setSimhash(long fingerprint) {
        simhash = fingerprint;
        simhashBand0 = SimHash.band(fingerprint, 0);
        simhashBand1 = SimHash.band(fingerprint, 1);
        simhashBand2 = SimHash.band(fingerprint, 2);
        simhashBand3 = SimHash.band(fingerprint, 3);
    }

    /** Articles stored since {@code since} sharing at least one SimHash band with the fingerprint. */
    public static List<Article> sharingABand(long fingerprint, Instant since) {
        return list("ingestedAt >= :since and (simhashBand0 = :b0 or simhashBand1 = :b1 or simhashBand2 = :b2"
                        + " or simhashBand3 = :b3)",
                Parameters.with("since", since).and("b0", SimHash.band(fingerprint, 0))
                        .and("b1", SimHash.band(fingerprint, 1)).and("b2", SimHash.band(fingerprint, 2))
                        .and("b3", SimHash.band(fingerprint, 3)));
    }

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
        // One array parameter per column instead of one per value: the statement stays small whatever the batch size.
        var query = getEntityManager().createNativeQuery("""
                INSERT INTO {h-schema}article (id, version, url, canonical_url, title, text, lang, published_at, source,
                                     ingested_at, text_hash, duplicate_of, simhash, simhash_band0,
                                     simhash_band1, simhash_band2, simhash_band3)
                SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:versions AS int[]), CAST(:urls AS text[]),
                                     CAST(:canonicalUrls AS text[]), CAST(:titles AS text[]), CAST(:texts AS text[]),
                                     CAST(:langs AS text[]), CAST(:publishedAts AS timestamptz[]),
                                     CAST(:sources AS text[]), CAST(:ingestedAts AS timestamptz[]),
                                     CAST(:textHashes AS text[]), CAST(:duplicateOfs AS uuid[]),
                                     CAST(:simhashes AS bigint[]), CAST(:bands0 AS int[]), CAST(:bands1 AS int[]),
                                     CAST(:bands2 AS int[]), CAST(:bands3 AS int[]))
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
                .setParameter("duplicateOfs", column(chunk, a -> a.duplicateOf))
                .setParameter("simhashes", column(chunk, a -> a.simhash))
                .setParameter("bands0", column(chunk, a -> a.simhashBand0))
                .setParameter("bands1", column(chunk, a -> a.simhashBand1))
                .setParameter("bands2", column(chunk, a -> a.simhashBand2))
                .setParameter("bands3", column(chunk, a -> a.simhashBand3));
        @SuppressWarnings("unchecked")
        List<UUID> ids = query.getResultList();
        return ids;
    }

    /** One column of the chunk as text values, which PostgreSQL casts to the column types. */
    private static String[] column(List<Article> chunk, Function<Article, Object> field) {
        return chunk.stream().map(field).map(value -> value == null ? null : value.toString()).toArray(String[]::new);
    }

    /** Which of these canonical URLs a stored article has. */
    public static Set<String> storedCanonicalUrls(Collection<String> canonicalUrls) {
        if (canonicalUrls.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(getEntityManager()
                .createQuery("select a.canonicalUrl from Article a where a.canonicalUrl in :urls", String.class)
                .setParameter("urls", canonicalUrls).getResultList());
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
