-- Incoming events already handled, keyed by their CloudEvents id: re-deliveries are skipped.
CREATE TABLE processed_event (
    ce_id        varchar(255) PRIMARY KEY,
    processed_at timestamptz  NOT NULL
);

-- Every classification published, for operators; id is the ce_id of the articles.classified event.
CREATE TABLE classification (
    id            uuid        PRIMARY KEY,
    article_id    uuid        NOT NULL,
    version       integer     NOT NULL,
    lang          varchar(8),
    topics        jsonb       NOT NULL,
    countries     jsonb       NOT NULL,
    focus         jsonb       NOT NULL,
    classified_at timestamptz NOT NULL
);

CREATE INDEX classification_article_version ON classification (article_id, version);
