-- Feed items that carried only a summary, waiting for their article page. A finished row is kept for a while
-- (vigil.pages.remember) so that a feed polled again does not fetch the same page twice.
CREATE TABLE article_page (
    link_hash       char(64) PRIMARY KEY,  -- SHA-256 of the item link's canonical form; links may exceed a btree entry
    link            text        NOT NULL,
    source_id       uuid,
    item            text        NOT NULL,  -- the feed item as parsed (JSON); stored as is when the page fails
    created_at      timestamptz NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    done_at         timestamptz,
    outcome         text
);
CREATE INDEX article_page_due_idx ON article_page (next_attempt_at) WHERE done_at IS NULL;
CREATE INDEX article_page_done_idx ON article_page (done_at) WHERE done_at IS NOT NULL;
