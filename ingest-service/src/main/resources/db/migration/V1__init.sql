CREATE TABLE article (
    id            uuid PRIMARY KEY,
    version       integer     NOT NULL,
    url           text,
    canonical_url text,
    title         text        NOT NULL,
    text          text        NOT NULL,
    lang          varchar(2),
    published_at  timestamptz,
    source        text,
    ingested_at   timestamptz NOT NULL,
    text_hash     char(64)    NOT NULL,
    duplicate_of  uuid
);

-- The duplicate checks rely on these constraints, not on a prior read, so concurrent posts stay safe.
CREATE UNIQUE INDEX article_canonical_url_key ON article (canonical_url);
CREATE UNIQUE INDEX article_text_hash_key ON article (text_hash);
CREATE INDEX article_listing_idx ON article (ingested_at DESC, id DESC);

CREATE TABLE outbox_event (
    id              uuid PRIMARY KEY,
    article_id      uuid        NOT NULL,
    event_type      text        NOT NULL,
    payload         text        NOT NULL,
    created_at      timestamptz NOT NULL,
    published_at    timestamptz,
    attempts        integer     NOT NULL DEFAULT 0,
    last_error      text,
    next_attempt_at timestamptz NOT NULL
);

CREATE INDEX outbox_event_pending_idx ON outbox_event (next_attempt_at, created_at) WHERE published_at IS NULL;
CREATE INDEX outbox_event_article_idx ON outbox_event (article_id);
