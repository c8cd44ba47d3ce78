package io.vigil.ingest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.hibernate.query.NativeQuery;

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

    /** What the duplicate checks need of a stored article. */
    public record Stored(UUID id, String canonicalUrl, String textHash) {
    }

    /** What the near-duplicate check needs of a stored article. */
    public record Fingerprint(UUID id, long simhash, UUID duplicateOf, Instant ingestedAt) {

        public boolean sharesABandWith(long other) {
            for (int band = 0; band < SimHash.BANDS; band++) {
                if (SimHash.band(simhash, band) == SimHash.band(other, band)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Articles stored since {@code since} sharing at least one SimHash band with any of the fingerprints:
     * one query for a whole batch, each band an indexed {@code = ANY} probe.
     */
    public static List<Fingerprint> sharingABandWithAny(Collection<Long> fingerprints, Instant since) {
        if (fingerprints.isEmpty()) {
            return List.of();
        }
        var query = getEntityManager().createNativeQuery("""
                SELECT id, simhash, duplicate_of, ingested_at FROM {h-schema}article
                WHERE ingested_at >= :since
                  AND (simhash_band0 = ANY(CAST(:bands0 AS int[])) OR simhash_band1 = ANY(CAST(:bands1 AS int[]))
                       OR simhash_band2 = ANY(CAST(:bands2 AS int[])) OR simhash_band3 = ANY(CAST(:bands3 AS int[])))
                """).setParameter("since", since);
        for (int band = 0; band < SimHash.BANDS; band++) {
            int index = band;
            query.setParameter("bands" + band, fingerprints.stream().map(f -> SimHash.band(f, index)).distinct()
                    .map(String::valueOf).toArray(String[]::new));
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.unwrap(NativeQuery.class)
                .addScalar("id", UUID.class).addScalar("simhash", Long.class)
                // As OffsetDateTime, which the driver parses directly; Instant goes through a new Calendar per row.
                .addScalar("duplicate_of", UUID.class).addScalar("ingested_at", OffsetDateTime.class)
                .getResultList();
        return rows.stream().map(row -> new Fingerprint((UUID) row[0], (Long) row[1], (UUID) row[2],
                ((OffsetDateTime) row[3]).toInstant())).toList();
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
    public static List<Stored> findSame(Collection<String> canonicalUrls, Collection<String> textHashes) {
        var query = getEntityManager().createNativeQuery("""
                SELECT id, canonical_url, CAST(text_hash AS text) AS text_hash FROM {h-schema}article
                WHERE canonical_url = ANY(CAST(:urls AS text[])) OR text_hash = ANY(CAST(:hashes AS char(64)[]))
                """)
                .setParameter("urls", canonicalUrls.toArray(String[]::new))
                .setParameter("hashes", textHashes.toArray(String[]::new));
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.unwrap(NativeQuery.class)
                .addScalar("id", UUID.class).addScalar("canonical_url", String.class)
                .addScalar("text_hash", String.class)
                .getResultList();
        return rows.stream().map(row -> new Stored((UUID) row[0], (String) row[1], (String) row[2])).toList();
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
