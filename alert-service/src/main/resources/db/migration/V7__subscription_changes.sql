-- Every change to what a subscription matches or how its alerts are delivered (immediately or in a digest), so
-- that each instance can update its in-memory index incrementally. txid orders the changes by transaction: an
-- instance reads the changes of transactions older than the oldest one still running (pg_snapshot_xmin), so none
-- commits behind its cursor.
CREATE TABLE subscription_change (
    txid            xid8        NOT NULL DEFAULT pg_current_xact_id(),
    subscription_id uuid        NOT NULL,
    changed_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX subscription_change_by_txid ON subscription_change (txid);
CREATE INDEX subscription_change_by_time ON subscription_change (changed_at);

CREATE FUNCTION record_subscription_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO subscription_change (subscription_id) VALUES (OLD.id);
    ELSE
        INSERT INTO subscription_change (subscription_id) VALUES (NEW.id);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER subscription_added_or_removed
    AFTER INSERT OR DELETE ON subscription
    FOR EACH ROW EXECUTE FUNCTION record_subscription_change();

-- The columns the catalog entry reads: criteria, mute and delivery mode. Secret rotations, endpoint state and email
-- recipients are read from the row when delivering, so they need no change record.
CREATE TRIGGER subscription_criteria_changed
    AFTER UPDATE ON subscription
    FOR EACH ROW
    WHEN (OLD.topics IS DISTINCT FROM NEW.topics
        OR OLD.topics_mode IS DISTINCT FROM NEW.topics_mode
        OR OLD.countries IS DISTINCT FROM NEW.countries
        OR OLD.frameworks IS DISTINCT FROM NEW.frameworks
        OR OLD.focus_only IS DISTINCT FROM NEW.focus_only
        OR OLD.languages IS DISTINCT FROM NEW.languages
        OR OLD.min_score IS DISTINCT FROM NEW.min_score
        OR OLD.keyword_query IS DISTINCT FROM NEW.keyword_query
        OR OLD.muted_until IS DISTINCT FROM NEW.muted_until
        OR OLD.delivery_mode IS DISTINCT FROM NEW.delivery_mode)
    EXECUTE FUNCTION record_subscription_change();
