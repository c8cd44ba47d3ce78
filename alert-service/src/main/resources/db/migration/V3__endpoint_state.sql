-- A disabled endpoint keeps its pending deliveries until an operator re-enables it (PUT or redeliver).
ALTER TABLE subscription ADD COLUMN endpoint_disabled_at timestamptz;
ALTER TABLE subscription ADD COLUMN endpoint_disabled_reason text;
-- Start of the current run of failed attempts; cleared by a success.
ALTER TABLE subscription ADD COLUMN endpoint_failing_since timestamptz;
