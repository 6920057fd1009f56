-- Wall views (`wall_view`): the top of the offers' funnel. SQLite cannot change a CHECK, so
-- the table is rebuilt (every row copied, ids kept). `conversion` events left in 0017.
CREATE TABLE events_new (
    id         INTEGER PRIMARY KEY,
    site_id    TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    -- The sender's id: a batch sent twice (a retry, a beacon after a fetch) counts once.
    event_id   TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('view', 'impression', 'click', 'form_start',
                                             'form_submit', 'wall_view')),
    offer_id   TEXT,
    variant_id TEXT,
    series_id  TEXT,
    session_id TEXT,
    reader_id  TEXT,
    at         INTEGER NOT NULL,
    UNIQUE (site_id, event_id)
);
INSERT INTO events_new (id, site_id, event_id, kind, offer_id, variant_id, series_id,
                        session_id, reader_id, at)
SELECT id, site_id, event_id, kind, offer_id, variant_id, series_id, session_id, reader_id, at
FROM events;
DROP TABLE events;
ALTER TABLE events_new RENAME TO events;
CREATE INDEX events_by_offer ON events (site_id, offer_id, variant_id, kind, at);
CREATE INDEX events_by_series ON events (site_id, series_id, kind, at);
CREATE INDEX events_by_reader ON events (site_id, reader_id, kind, at);
CREATE INDEX events_by_kind ON events (site_id, kind, at);
