-- Delivery mode: immediate (one webhook per alert) or a digest per UTC hour or day.
ALTER TABLE subscription ADD COLUMN delivery_mode text NOT NULL DEFAULT 'immediate'
    CHECK (delivery_mode IN ('immediate', 'hourly', 'daily'));
-- Digests go to the webhook URL and/or by email; an email-only digest subscription has no webhook URL.
ALTER TABLE subscription ADD COLUMN email_recipients text[] NOT NULL DEFAULT '{}';
ALTER TABLE subscription ALTER COLUMN webhook_url DROP NOT NULL;

-- One closed window of a digest subscription. The unique key makes closing a window idempotent across
-- scheduler runs, restarts and instances; window_end is the boundary at which it was closed.
CREATE TABLE digest (
    id              uuid PRIMARY KEY,
    subscription_id uuid        NOT NULL REFERENCES subscription (id) ON DELETE CASCADE,
    window_start    timestamptz NOT NULL,
    window_end      timestamptz NOT NULL,
    alert_count     integer     NOT NULL,
    created_at      timestamptz NOT NULL,
    CONSTRAINT digest_once_per_window UNIQUE (subscription_id, window_end)
);

-- An alert of a digest subscription waits (awaiting_digest) until a digest carries it (digest_id). A digest's
-- own deliveries are alert rows too (article_id 'digest:<channel>:<window end>', digest_id set), so that
-- they go through the same queue, retries, breaker and delivery log as immediate alerts.
ALTER TABLE alert ADD COLUMN awaiting_digest boolean NOT NULL DEFAULT false;
ALTER TABLE alert ADD COLUMN digest_id uuid REFERENCES digest (id) ON DELETE CASCADE;
CREATE INDEX alert_awaiting_digest ON alert (subscription_id, created_at) WHERE awaiting_digest;

ALTER TABLE delivery ADD COLUMN channel text NOT NULL DEFAULT 'webhook' CHECK (channel IN ('webhook', 'email'));
