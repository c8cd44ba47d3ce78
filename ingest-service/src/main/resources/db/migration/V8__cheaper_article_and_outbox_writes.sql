-- Where this PostgreSQL has no lz4 (V6 left the columns on pglz, as with the embedded binaries the benchmarks
-- run), article texts are stored out of line without compression: pglz cost the server more CPU per inserted
-- article than the rest of the insert, and texts are written once and read rarely. The price is disk: a text
-- takes its UTF-8 size instead of its compressed size. Where lz4 is on, it stays: it compresses for a fraction
-- of pglz's CPU. Values stored before this migration keep their compression and stay readable.
DO $$
BEGIN
    IF (SELECT attcompression FROM pg_attribute
        WHERE attrelid = 'article'::regclass AND attname = 'text') IS DISTINCT FROM 'l' THEN
        ALTER TABLE article ALTER COLUMN text SET STORAGE EXTERNAL;
        ALTER TABLE article_version ALTER COLUMN text SET STORAGE EXTERNAL;
    END IF;
END $$;

-- Only unpublished rows are looked up by article (to keep the payload of a version about to be replaced):
-- marking a row published then adds no entry to this index, where the full one took a new entry per update.
DROP INDEX outbox_event_article_idx;
CREATE INDEX outbox_event_pending_article_idx ON outbox_event (article_id) WHERE published_at IS NULL;
