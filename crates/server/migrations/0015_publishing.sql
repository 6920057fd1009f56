-- Articles from the publisher's CMS (admin API) and feeds.

-- Unpublished (DELETE on the admin API; an item gone from its feed is left as it is):
-- the article leaves lists and the article API; its row stays so the meter's history and the
-- figures that name it keep meaning something. Unix seconds; NULL while published.
ALTER TABLE articles ADD COLUMN unpublished_at INTEGER;

-- RSS or Atom feeds imported on a schedule as articles of the site.
CREATE TABLE feeds (
    id            INTEGER PRIMARY KEY,
    site_id       TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    url           TEXT NOT NULL,
    -- Access level given to the imported articles.
    access        TEXT NOT NULL CHECK (access IN ('free', 'registered', 'subscribers')),
    every_secs    INTEGER NOT NULL CHECK (every_secs >= 60),
    -- Section of the imported articles (created with the feed).
    section_slug  TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    -- The last attempt: when, and its outcome (NULL error: it worked).
    last_run_at   INTEGER,
    last_error    TEXT,
    -- Items created and updated by the last attempt that worked.
    last_created  INTEGER NOT NULL DEFAULT 0,
    last_updated  INTEGER NOT NULL DEFAULT 0,
    next_run_at   INTEGER NOT NULL,
    UNIQUE (site_id, url)
);

-- Which article each feed item became: items are keyed by their guid (RSS) or id (Atom), so
-- an item whose text changes updates its article in place and keeps its slug.
CREATE TABLE feed_items (
    feed_id      INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    guid         TEXT NOT NULL,
    article_slug TEXT NOT NULL,
    -- SHA-256 of what was imported, to tell an unchanged item from a changed one.
    content_hash TEXT NOT NULL,
    PRIMARY KEY (feed_id, guid)
);
