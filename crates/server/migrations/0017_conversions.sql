-- Conversions recorded by the server (a subscriber's first visit after an offer's click, a
-- webinar registration) live apart from the events clients send: a client choosing its event
-- ids can no longer take a conversion's id first and hide it.
CREATE TABLE conversions (
    id         INTEGER PRIMARY KEY,
    site_id    TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('subscription', 'registration')),
    -- What makes it one conversion: `offer:<offer>:<reader>` or `registration:<id>`.
    key        TEXT NOT NULL,
    offer_id   TEXT,
    variant_id TEXT,
    series_id  TEXT,
    session_id TEXT,
    reader_id  TEXT,
    at         INTEGER NOT NULL,
    UNIQUE (site_id, key)
);
CREATE INDEX conversions_by_offer ON conversions (site_id, offer_id, variant_id, at);
CREATE INDEX conversions_by_series ON conversions (site_id, series_id, at);

-- The conversions recorded so far move over. Only the server wrote `conversion` events
-- (clients cannot send that kind), under these two id forms.
INSERT INTO conversions (site_id, kind, key, offer_id, variant_id, series_id, session_id,
                         reader_id, at)
SELECT site_id,
       CASE WHEN event_id LIKE 'registration-%' THEN 'registration' ELSE 'subscription' END,
       CASE WHEN event_id LIKE 'registration-%'
            THEN 'registration:' || substr(event_id, 14)
            ELSE 'offer:' || offer_id || ':' || COALESCE(reader_id, '') END,
       offer_id, variant_id, series_id, session_id, reader_id, at
FROM events WHERE kind = 'conversion'
ON CONFLICT (site_id, key) DO NOTHING;
DELETE FROM events WHERE kind = 'conversion';
