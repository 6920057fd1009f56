-- Offers get A/B variants (the texts move there, each with a weight), a placement, a schedule,
-- targeting and a lifecycle (published, archived: archived offers keep their history), and
-- drafts kept apart from what readers see until published. Analytics events, deduplicated by
-- the id their sender gave them.

CREATE TABLE offer_variants (
    site_id     TEXT NOT NULL,
    offer_id    TEXT NOT NULL,
    id          TEXT NOT NULL,
    position    INTEGER NOT NULL,
    weight      INTEGER NOT NULL CHECK (weight > 0),
    headline    TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    price       TEXT NOT NULL,
    period      TEXT NOT NULL,
    benefits    TEXT NOT NULL DEFAULT '[]',
    cta_label   TEXT NOT NULL,
    badge       TEXT,
    PRIMARY KEY (site_id, offer_id, id),
    FOREIGN KEY (site_id, offer_id) REFERENCES offers(site_id, id) ON DELETE CASCADE
);

-- Every existing offer becomes its own single variant `a`.
INSERT INTO offer_variants
    (site_id, offer_id, id, position, weight, headline, description, price, period, benefits,
     cta_label, badge)
SELECT site_id, id, 'a', 0, 1, headline, description, price, period, benefits, cta_label, badge
FROM offers;

ALTER TABLE offers DROP COLUMN headline;
ALTER TABLE offers DROP COLUMN description;
ALTER TABLE offers DROP COLUMN price;
ALTER TABLE offers DROP COLUMN period;
ALTER TABLE offers DROP COLUMN benefits;
ALTER TABLE offers DROP COLUMN cta_label;
ALTER TABLE offers DROP COLUMN badge;
ALTER TABLE offers ADD COLUMN placement TEXT NOT NULL DEFAULT 'paywall'
    CHECK (placement IN ('paywall', 'inline', 'banner'));
-- Unix seconds; NULL: no limit.
ALTER TABLE offers ADD COLUMN starts_at INTEGER;
ALTER TABLE offers ADD COLUMN ends_at INTEGER;
-- JSON (crates/server/src/offers.rs `Targeting`).
ALTER TABLE offers ADD COLUMN targeting TEXT NOT NULL DEFAULT '{}';
ALTER TABLE offers ADD COLUMN status TEXT NOT NULL DEFAULT 'published'
    CHECK (status IN ('published', 'archived'));
ALTER TABLE offers ADD COLUMN published_at INTEGER;

-- What a marketer is editing (an `OfferSpec` as JSON); readers never see it.
CREATE TABLE offer_drafts (
    site_id    TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    offer_id   TEXT NOT NULL,
    spec       TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (site_id, offer_id)
);

CREATE TABLE events (
    id         INTEGER PRIMARY KEY,
    site_id    TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    -- The sender's id: a batch sent twice (a retry, a beacon after a fetch) counts once.
    event_id   TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('view', 'impression', 'click', 'form_start',
                                             'form_submit', 'conversion')),
    offer_id   TEXT,
    variant_id TEXT,
    series_id  TEXT,
    session_id TEXT,
    reader_id  TEXT,
    at         INTEGER NOT NULL,
    UNIQUE (site_id, event_id)
);
CREATE INDEX events_by_offer ON events (site_id, offer_id, variant_id, kind, at);
CREATE INDEX events_by_series ON events (site_id, series_id, kind, at);
CREATE INDEX events_by_reader ON events (site_id, reader_id, kind, at);
