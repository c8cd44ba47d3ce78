-- The source registry: a declared kind (auto-detected by content unless set), pausing, and the health
-- fields the API and the per-source gauges show.
ALTER TABLE source
    ADD COLUMN kind              text        NOT NULL DEFAULT 'AUTO',
    ADD COLUMN detected_kind     text,
    ADD COLUMN paused            boolean     NOT NULL DEFAULT false,
    ADD COLUMN last_success_at   timestamptz,
    ADD COLUMN last_error_at     timestamptz,
    ADD COLUMN last_error_reason text,
    ADD COLUMN backoff_secs      bigint      NOT NULL DEFAULT 0;

-- Articles each poll stored, kept a little over a day: "items in the last 24 h" sums them.
CREATE TABLE source_yield (
    source_id uuid        NOT NULL REFERENCES source (id) ON DELETE CASCADE,
    polled_at timestamptz NOT NULL,
    articles  integer     NOT NULL
);
CREATE INDEX source_yield_source_idx ON source_yield (source_id, polled_at);
CREATE INDEX source_yield_polled_idx ON source_yield (polled_at);
