-- News items the poller has taken in (functions/ingest), one row per stable news id. The id is the source's
-- (cp-<CryptoPanic id>) or derived from the feed entry's guid or URL; the URL is unique as well, so the same
-- story from two sources is emitted once. An item that breaks the news.v1 contract is kept with its violation
-- (and dead-lettered once), so a later poll that sees it again does nothing.
CREATE TABLE news_items (
    news_id       VARCHAR(200)  PRIMARY KEY,
    url           VARCHAR(2000),                   -- null only for an invalid item that had none
    source        VARCHAR(100)  NOT NULL,          -- the configured source that brought it
    published_at  TIMESTAMPTZ,                     -- null only for an invalid item
    payload       JSONB         NOT NULL,          -- the news.v1 data as emitted (or as it would have been)
    violation     TEXT,                            -- why it is not a valid news.v1; null when valid
    -- false until the news.v1 event (or the dead letter) is acknowledged by the broker (transactional outbox)
    emitted       BOOLEAN       NOT NULL DEFAULT false,
    first_seen_at TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX news_items_url ON news_items (url);
CREATE INDEX news_items_unemitted ON news_items (source, first_seen_at) WHERE NOT emitted;
CREATE INDEX news_items_published_at ON news_items (published_at);

-- Per source: where paging resumes, the conditional-request validators of a feed, and its back-off.
CREATE TABLE news_sources (
    source          VARCHAR(100) PRIMARY KEY,
    next_page       TEXT,         -- CryptoPanic-style: the 'next' page still to read (auth token stripped)
    newest_seen     TIMESTAMPTZ,  -- newest published_at of the last completed walk: paging stops below it
    walk_newest     TIMESTAMPTZ,  -- newest published_at of the walk in progress
    etag            TEXT,         -- RSS/Atom: ETag and Last-Modified of the last 200, sent back as conditions
    last_modified   TEXT,
    failures        INTEGER      NOT NULL DEFAULT 0,  -- consecutive failed polls
    retry_after     TIMESTAMPTZ,  -- no request before this (exponential back-off, or the server's Retry-After)
    last_error      TEXT,
    last_polled_at  TIMESTAMPTZ,
    last_success_at TIMESTAMPTZ,
    lease_until     TIMESTAMPTZ   -- a poller holds the source until then: two ticks never poll it at once
);
