-- Earlier texts of articles whose page changed; the article row always holds the latest version.
CREATE TABLE article_version (
    id          uuid PRIMARY KEY,
    article_id  uuid        NOT NULL REFERENCES article (id),
    version     integer     NOT NULL,
    title       text        NOT NULL,
    text        text        NOT NULL,
    text_hash   char(64)    NOT NULL,
    ingested_at timestamptz NOT NULL,
    UNIQUE (article_id, version)
);
CREATE INDEX article_version_text_hash_idx ON article_version (text_hash);

-- 64-bit SimHash of the normalised text, and its four 16-bit bands: two texts within Hamming distance 3
-- share at least one band, so the near-duplicate lookup is four indexed equality probes.
ALTER TABLE article ADD COLUMN simhash bigint NOT NULL DEFAULT 0;
ALTER TABLE article ADD COLUMN simhash_band0 integer NOT NULL DEFAULT 0;
ALTER TABLE article ADD COLUMN simhash_band1 integer NOT NULL DEFAULT 0;
ALTER TABLE article ADD COLUMN simhash_band2 integer NOT NULL DEFAULT 0;
ALTER TABLE article ADD COLUMN simhash_band3 integer NOT NULL DEFAULT 0;
CREATE INDEX article_simhash_band0_idx ON article (simhash_band0, ingested_at);
CREATE INDEX article_simhash_band1_idx ON article (simhash_band1, ingested_at);
CREATE INDEX article_simhash_band2_idx ON article (simhash_band2, ingested_at);
CREATE INDEX article_simhash_band3_idx ON article (simhash_band3, ingested_at);
