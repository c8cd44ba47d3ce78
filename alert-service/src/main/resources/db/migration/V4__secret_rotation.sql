-- After a rotation the previous secret keeps signing (next to the new one) until it expires.
ALTER TABLE subscription ADD COLUMN previous_webhook_secret text;
ALTER TABLE subscription ADD COLUMN previous_secret_expires_at timestamptz;
