-- Article texts and event payloads are a few kilobytes each, so PostgreSQL compresses them on every insert,
-- and its default pglz costs more than the rest of the insert. lz4 compresses about as well for a fraction of
-- the CPU. Only new values are written with lz4; stored ones stay readable as they are. A server built without
-- lz4 (like the embedded test binaries) keeps pglz.
DO $$
BEGIN
    ALTER TABLE article ALTER COLUMN text SET COMPRESSION lz4;
    ALTER TABLE article_version ALTER COLUMN text SET COMPRESSION lz4;
    ALTER TABLE outbox_event ALTER COLUMN payload SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'This PostgreSQL has no lz4 support; article texts and event payloads keep pglz compression';
END $$;
