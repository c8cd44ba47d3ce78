CREATE TABLE api_key (
    id         uuid PRIMARY KEY,
    name       text        NOT NULL,
    role       text        NOT NULL CHECK (role IN ('admin', 'subscriber')),
    -- SHA-256 of the key; the key itself is shown once and never stored.
    key_hash   text        NOT NULL UNIQUE,
    created_at timestamptz NOT NULL,
    revoked_at timestamptz
);

-- NULL: created with the environment admin key.
ALTER TABLE subscription ADD COLUMN owner_key_id uuid REFERENCES api_key (id);
CREATE INDEX subscription_by_owner ON subscription (owner_key_id);
