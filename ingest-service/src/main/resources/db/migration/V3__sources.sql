-- Feeds polled for articles; the due ones are claimed with FOR UPDATE SKIP LOCKED so several instances
-- share the polling without a leader.
CREATE TABLE source (
    id                   uuid PRIMARY KEY,
    name                 text        NOT NULL UNIQUE,
    url                  text        NOT NULL,
    poll_interval_secs   integer     NOT NULL,
    next_fetch_at        timestamptz NOT NULL,
    etag                 text,
    last_modified        text,
    last_fetched_at      timestamptz,
    last_status          text,
    last_error           text,
    consecutive_failures integer     NOT NULL DEFAULT 0,
    articles_found       bigint      NOT NULL DEFAULT 0
);
CREATE INDEX source_due_idx ON source (next_fetch_at);
