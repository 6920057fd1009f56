-- Sites, their sections and articles, offers, and webinar series: the content the widget serves.

CREATE TABLE sites (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    tagline         TEXT NOT NULL DEFAULT '',
    lang            TEXT NOT NULL DEFAULT 'fr',
    -- JSON array of origins allowed to call the API for this site (CORS).
    allowed_origins TEXT NOT NULL DEFAULT '[]',
    -- Number of body blocks that stay public when an article is gated and has no marker.
    teaser_blocks   INTEGER NOT NULL DEFAULT 2 CHECK (teaser_blocks >= 0),
    -- JSON: the subscription box texts (kicker, title, benefits, cta_label).
    paywall         TEXT NOT NULL,
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE sections (
    site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    slug    TEXT NOT NULL,
    name    TEXT NOT NULL,
    PRIMARY KEY (site_id, slug)
);

CREATE TABLE articles (
    site_id       TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    slug          TEXT NOT NULL,
    section_slug  TEXT NOT NULL,
    kicker        TEXT NOT NULL DEFAULT '',
    title         TEXT NOT NULL,
    standfirst    TEXT NOT NULL DEFAULT '',
    author        TEXT NOT NULL DEFAULT '',
    published_at  TEXT NOT NULL,
    access        TEXT NOT NULL CHECK (access IN ('free', 'registered', 'subscribers')),
    -- The editor's paywall marker: how many body blocks stay public. NULL: the site default.
    paywall_after INTEGER CHECK (paywall_after IS NULL OR paywall_after >= 0),
    -- JSON array of protocol::Block.
    body          TEXT NOT NULL,
    PRIMARY KEY (site_id, slug),
    FOREIGN KEY (site_id, section_slug) REFERENCES sections(site_id, slug)
);
CREATE INDEX articles_newest ON articles (site_id, published_at DESC);

CREATE TABLE offers (
    site_id     TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    id          TEXT NOT NULL,
    name        TEXT NOT NULL,
    headline    TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    price       TEXT NOT NULL,
    period      TEXT NOT NULL,
    benefits    TEXT NOT NULL DEFAULT '[]',
    cta_label   TEXT NOT NULL,
    cta_url     TEXT NOT NULL CHECK (cta_url LIKE 'https://%' OR cta_url LIKE 'http://%'),
    badge       TEXT,
    priority    INTEGER NOT NULL DEFAULT 100,
    PRIMARY KEY (site_id, id)
);

CREATE TABLE webinar_series (
    site_id     TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    id          TEXT NOT NULL,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (site_id, id)
);

CREATE TABLE webinar_sessions (
    site_id     TEXT NOT NULL,
    series_id   TEXT NOT NULL,
    id          TEXT NOT NULL,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- Local wall-clock times in `time_zone` (IANA), ISO 8601 without offset.
    starts_at   TEXT NOT NULL,
    ends_at     TEXT NOT NULL CHECK (ends_at > starts_at),
    time_zone   TEXT NOT NULL,
    capacity    INTEGER CHECK (capacity IS NULL OR capacity > 0),
    waitlist    INTEGER NOT NULL DEFAULT 1,
    -- JSON arrays: [{name, role}] and [text].
    hosts       TEXT NOT NULL DEFAULT '[]',
    speakers    TEXT NOT NULL DEFAULT '[]',
    points      TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (site_id, id),
    FOREIGN KEY (site_id, series_id) REFERENCES webinar_series(site_id, id) ON DELETE CASCADE
);
