ALTER TABLE subscription ADD COLUMN topics_mode text NOT NULL DEFAULT 'any' CHECK (topics_mode IN ('any', 'all'));
ALTER TABLE subscription ADD COLUMN focus_only boolean NOT NULL DEFAULT false;
ALTER TABLE subscription ADD COLUMN keyword_query text;
ALTER TABLE subscription ADD COLUMN muted_until timestamptz;

-- A rolling window of classified articles, so that a draft subscription can be previewed against real traffic.
CREATE TABLE recent_article (
    id          text PRIMARY KEY,
    payload     text        NOT NULL,
    received_at timestamptz NOT NULL
);
CREATE INDEX recent_article_by_time ON recent_article (received_at);
