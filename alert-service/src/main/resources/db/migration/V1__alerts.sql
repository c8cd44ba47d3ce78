CREATE TABLE subscription (
    id             uuid PRIMARY KEY,
    name           text             NOT NULL,
    topics         text[]           NOT NULL,
    countries      text[]           NOT NULL,
    frameworks     text[]           NOT NULL,
    languages      text[]           NOT NULL,
    min_score      double precision NOT NULL,
    webhook_url    text             NOT NULL,
    webhook_secret text             NOT NULL,
    created_at     timestamptz      NOT NULL,
    updated_at     timestamptz      NOT NULL
);

-- One row per consumed CloudEvent: replays of the same ce_id are skipped.
CREATE TABLE processed_event (
    ce_id        text PRIMARY KEY,
    processed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE alert (
    id              uuid PRIMARY KEY,
    subscription_id uuid        NOT NULL REFERENCES subscription (id) ON DELETE CASCADE,
    article_id      text        NOT NULL,
    payload         text        NOT NULL,
    created_at      timestamptz NOT NULL,
    CONSTRAINT alert_once_per_subscription_and_article UNIQUE (subscription_id, article_id)
);

-- The durable delivery queue: one row per alert, claimed with FOR UPDATE SKIP LOCKED and a lease.
CREATE TABLE delivery (
    alert_id        uuid PRIMARY KEY REFERENCES alert (id) ON DELETE CASCADE,
    subscription_id uuid        NOT NULL REFERENCES subscription (id) ON DELETE CASCADE,
    status          text        NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    locked_until    timestamptz,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX delivery_due ON delivery (next_attempt_at) WHERE status = 'pending';
CREATE INDEX delivery_by_subscription ON delivery (subscription_id, created_at);

CREATE TABLE delivery_attempt (
    id               bigserial PRIMARY KEY,
    alert_id         uuid        NOT NULL REFERENCES delivery (alert_id) ON DELETE CASCADE,
    subscription_id  uuid        NOT NULL,
    attempted_at     timestamptz NOT NULL,
    outcome          text        NOT NULL,
    status_code      integer,
    latency_ms       bigint      NOT NULL,
    error            text,
    response_excerpt text
);
CREATE INDEX delivery_attempt_by_alert ON delivery_attempt (alert_id, attempted_at);
CREATE INDEX delivery_attempt_success ON delivery_attempt (subscription_id, attempted_at) WHERE outcome = 'success';
