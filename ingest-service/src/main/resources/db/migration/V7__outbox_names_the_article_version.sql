-- An outbox row names the article version it announces instead of repeating the whole article: the relay
-- builds the event from the article row when it publishes, so the text is written, compressed and read once.
-- A row still pending when its article gets a newer version keeps the event's JSON in payload (written just
-- before the article row changes); rows written before this migration keep their payload and are published
-- from it.
ALTER TABLE outbox_event ALTER COLUMN payload DROP NOT NULL;
ALTER TABLE outbox_event ADD COLUMN article_version integer;
