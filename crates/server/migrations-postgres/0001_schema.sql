-- PostgreSQL (15+) schema: the final state of migrations/0001_init.sql … 0021_meter_carried_reads.sql
-- (SQLite), in one file. Same tables, columns (in the order SQLite ends up with), constraints,
-- indexes and triggers. Types follow the sqlx Any driver's needs: every SQLite INTEGER is BIGINT
-- (0/1 flags stay BIGINT 0/1, never boolean), TEXT is TEXT, and `INTEGER PRIMARY KEY` (a rowid
-- alias) is a BIGINT identity. The SQLite migrations insert no seed rows (their INSERT … SELECTs
-- only move rows between tables that are empty in a new database), so none are inserted here.
--
-- Translations that are not one to one:
-- * SQLite's LIKE ignores ASCII case: the CHECKs that use it (offers.cta_url,
--   console_users.password_hash) use ILIKE, which accepts exactly what SQLite accepts.
-- * SQLite compares TEXT bytewise: webinar_sessions' CHECK (ends_at > starts_at) compares under
--   COLLATE "C" so the database's locale cannot change its outcome.
-- * sites.created_at's default, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), is the same UTC text
--   made by to_char.
-- * The three seat-counter triggers of 0020 are PL/pgSQL functions with row triggers carrying
--   the same WHEN conditions and the same UPDATE OF column list.

-- 0001, 0002, 0003, 0012, 0014, 0016
CREATE TABLE sites (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    tagline         TEXT NOT NULL DEFAULT '',
    lang            TEXT NOT NULL DEFAULT 'fr',
    -- JSON array of origins allowed to call the API for this site (CORS).
    allowed_origins TEXT NOT NULL DEFAULT '[]',
    -- Number of body blocks that stay public when an article is gated and has no marker.
    teaser_blocks   BIGINT NOT NULL DEFAULT 2 CHECK (teaser_blocks >= 0),
    -- JSON: the subscription box texts (kicker, title, benefits, cta_label).
    paywall         TEXT NOT NULL,
    -- SQLite: DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')), e.g. 2024-05-01T12:34:56Z.
    created_at      TEXT NOT NULL
        DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')),
    -- Anonymous readers may read this many gated articles per period (0 turns the meter off).
    meter_anonymous BIGINT NOT NULL DEFAULT 3 CHECK (meter_anonymous >= 0),
    meter_period_days BIGINT NOT NULL DEFAULT 30 CHECK (meter_period_days BETWEEN 1 AND 366),
    -- HMAC-SHA256 key the publisher signs entitlement tokens with; NULL refuses every token.
    entitlement_key TEXT,
    -- Longest lifetime (exp - iat) an entitlement token may claim, in seconds.
    entitlement_max_lifetime_secs BIGINT NOT NULL DEFAULT 86400
        CHECK (entitlement_max_lifetime_secs > 0),
    -- Subscriber-only articles a registered reader may read per period (0: none).
    meter_registered BIGINT NOT NULL DEFAULT 10 CHECK (meter_registered >= 0),
    -- crates/protocol `Appearance`, as JSON.
    appearance      TEXT NOT NULL DEFAULT '{}',
    -- The marketer's overrides of the widget's texts, per language, as JSON.
    texts           TEXT NOT NULL DEFAULT '{}',
    -- The paywall box's texts in other languages, as JSON.
    paywall_translations TEXT NOT NULL DEFAULT '{}'
);

-- 0001
CREATE TABLE sections (
    site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    slug    TEXT NOT NULL,
    name    TEXT NOT NULL,
    PRIMARY KEY (site_id, slug)
);

-- 0001, 0004, 0013, 0015, 0019
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
    paywall_after BIGINT CHECK (paywall_after IS NULL OR paywall_after >= 0),
    -- JSON array of protocol::Block.
    body          TEXT NOT NULL,
    -- Tags, a JSON array of strings.
    tags          TEXT NOT NULL DEFAULT '[]',
    -- A teaser picture: an http(s) URL or a path on this server, and its text alternative.
    image_url     TEXT,
    image_alt     TEXT NOT NULL DEFAULT '',
    -- Unix seconds; NULL while published.
    unpublished_at BIGINT,
    PRIMARY KEY (site_id, slug),
    -- No ON DELETE action (SQLite's default, NO ACTION), as in SQLite.
    FOREIGN KEY (site_id, section_slug) REFERENCES sections(site_id, slug)
);
CREATE INDEX articles_newest ON articles (site_id, published_at DESC);
CREATE INDEX articles_keyset ON articles (site_id, published_at, slug);

-- 0001, 0011 (headline, description, price, period, benefits, cta_label and badge moved to
-- offer_variants)
CREATE TABLE offers (
    site_id      TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    id           TEXT NOT NULL,
    name         TEXT NOT NULL,
    -- SQLite: LIKE, which ignores ASCII case; ILIKE keeps that.
    cta_url      TEXT NOT NULL CHECK (cta_url ILIKE 'https://%' OR cta_url ILIKE 'http://%'),
    priority     BIGINT NOT NULL DEFAULT 100,
    placement    TEXT NOT NULL DEFAULT 'paywall'
        CHECK (placement IN ('paywall', 'inline', 'banner')),
    -- Unix seconds; NULL: no limit.
    starts_at    BIGINT,
    ends_at      BIGINT,
    -- JSON (crates/server/src/offers.rs `Targeting`).
    targeting    TEXT NOT NULL DEFAULT '{}',
    status       TEXT NOT NULL DEFAULT 'published'
        CHECK (status IN ('published', 'archived')),
    published_at BIGINT,
    PRIMARY KEY (site_id, id)
);

-- 0001, 0007, 0008
CREATE TABLE webinar_series (
    site_id       TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    id            TEXT NOT NULL,
    title         TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    questions     TEXT NOT NULL DEFAULT '[]',
    double_opt_in BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (site_id, id)
);

-- 0001, 0005, 0006, 0009, 0020
CREATE TABLE webinar_sessions (
    site_id     TEXT NOT NULL,
    series_id   TEXT NOT NULL,
    id          TEXT NOT NULL,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- Local wall-clock times in `time_zone` (IANA), ISO 8601 without offset.
    starts_at   TEXT NOT NULL,
    -- SQLite compares TEXT bytewise (BINARY): COLLATE "C" does the same whatever the locale.
    ends_at     TEXT NOT NULL CHECK (ends_at COLLATE "C" > starts_at COLLATE "C"),
    time_zone   TEXT NOT NULL,
    capacity    BIGINT CHECK (capacity IS NULL OR capacity > 0),
    waitlist    BIGINT NOT NULL DEFAULT 1,
    -- JSON arrays: [{name, role}] and [text].
    hosts       TEXT NOT NULL DEFAULT '[]',
    speakers    TEXT NOT NULL DEFAULT '[]',
    points      TEXT NOT NULL DEFAULT '[]',
    status      TEXT NOT NULL DEFAULT 'scheduled'
        CHECK (status IN ('scheduled', 'cancelled', 'ended')),
    -- Local wall-clock time in the session's zone; NULL: registration closes when it starts.
    registration_closes_at TEXT,
    replay_url  TEXT,
    replay_until TEXT,
    replay_audience TEXT NOT NULL DEFAULT 'registrants'
        CHECK (replay_audience IN ('registrants', 'everyone')),
    -- Confirmed registrations, kept by the triggers on webinar_registrations below.
    confirmed   BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (site_id, id),
    FOREIGN KEY (site_id, series_id) REFERENCES webinar_series(site_id, id) ON DELETE CASCADE
);

-- 0002, 0021
CREATE TABLE meter_reads (
    site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    reader  TEXT NOT NULL,
    slug    TEXT NOT NULL,
    read_at BIGINT NOT NULL,
    counted BIGINT NOT NULL DEFAULT 1 CHECK (counted IN (0, 1)),
    PRIMARY KEY (site_id, reader, slug)
);
CREATE INDEX meter_reads_by_reader ON meter_reads (site_id, reader, read_at);

-- 0002
CREATE TABLE entitlement_revocations (
    site_id    TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    subject    TEXT NOT NULL,
    revoked_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, subject)
);

-- 0003
CREATE TABLE accounts (
    id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    site_id    TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    -- Normalised: trimmed, lower case.
    email      TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (site_id, email)
);

CREATE TABLE login_challenges (
    id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    site_id    TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    email      TEXT NOT NULL,
    code_hash  TEXT NOT NULL,
    link_hash  TEXT NOT NULL UNIQUE,
    reader_id  TEXT,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT,
    attempts   BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX login_challenges_by_email ON login_challenges (site_id, email, created_at);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    site_id    TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE rate_limits (
    key          TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    count        BIGINT NOT NULL
);

-- 0003, 0005, 0018
CREATE TABLE mail_queue (
    id              BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body_text       TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    created_at      BIGINT NOT NULL,
    sent_at         BIGINT,
    last_error      TEXT,
    attachment_name TEXT,
    attachment_type TEXT,
    attachment_body TEXT,
    message_id      TEXT
);
CREATE INDEX mail_queue_due ON mail_queue (status, next_attempt_at);

-- 0005, 0016
CREATE TABLE consent_texts (
    site_id      TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('processing', 'marketing')),
    version      BIGINT NOT NULL CHECK (version > 0),
    text         TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    translations TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (site_id, kind, version)
);

-- 0005, 0007, rebuilt by 0008 (its index webinar_registrations_by_status went with the old
-- table), 0020
CREATE TABLE webinar_registrations (
    id                 BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    site_id            TEXT NOT NULL,
    session_id         TEXT NOT NULL,
    -- Normalised: trimmed, lower case.
    email              TEXT NOT NULL,
    first_name         TEXT NOT NULL,
    last_name          TEXT NOT NULL,
    organisation       TEXT NOT NULL DEFAULT '',
    job_title          TEXT NOT NULL DEFAULT '',
    status             TEXT NOT NULL
        CHECK (status IN ('pending', 'confirmed', 'waitlisted', 'cancelled')),
    -- The consent proof: exact texts and versions, when, and from which page.
    consent_processing_version BIGINT NOT NULL,
    consent_processing_text    TEXT NOT NULL,
    consent_marketing_version  BIGINT,
    consent_marketing_text     TEXT,
    source_page        TEXT NOT NULL DEFAULT '',
    answers            TEXT NOT NULL DEFAULT '[]',
    -- Hash of the secret in the cancellation link.
    cancel_token_hash  TEXT NOT NULL UNIQUE,
    -- Hash of the secret in the double opt-in link.
    confirm_token_hash TEXT UNIQUE,
    -- The Idempotency-Key of the request that created the registration, and its answer.
    idempotency_key    TEXT,
    idempotency_status TEXT,
    -- The order in which registrations took their place in the session; NULL while pending.
    queue_position     BIGINT,
    -- Last time its mail was sent again because the same address signed up again.
    resent_at          BIGINT,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL,
    FOREIGN KEY (site_id, session_id) REFERENCES webinar_sessions(site_id, id) ON DELETE CASCADE,
    UNIQUE (site_id, session_id, email),
    UNIQUE (site_id, session_id, idempotency_key)
);
CREATE INDEX webinar_registrations_queue
    ON webinar_registrations (site_id, session_id, status, queue_position);
CREATE INDEX webinar_registrations_position
    ON webinar_registrations (site_id, session_id, queue_position);

-- 0005
CREATE TABLE webinar_suspected_registrations (
    id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    site_id    TEXT NOT NULL,
    session_id TEXT NOT NULL,
    email      TEXT NOT NULL,
    reason     TEXT NOT NULL,
    ip         TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- 0005, remade by 0008
CREATE TABLE webinar_reminders (
    registration_id BIGINT NOT NULL REFERENCES webinar_registrations(id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('day', 'hour')),
    sent_at         BIGINT NOT NULL,
    PRIMARY KEY (registration_id, kind)
);

-- 0006
CREATE TABLE api_keys (
    id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    site_id    TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    key_hash   TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);

-- 0010
CREATE TABLE console_users (
    id                   BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    -- Normalised: trimmed, lower case.
    email                TEXT NOT NULL UNIQUE,
    -- An argon2id PHC string. SQLite: LIKE, which ignores ASCII case; ILIKE keeps that.
    password_hash        TEXT NOT NULL CHECK (password_hash ILIKE '$argon2id$%'),
    role                 TEXT NOT NULL CHECK (role IN ('admin', 'marketer')),
    disabled             BIGINT NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    must_change_password BIGINT NOT NULL DEFAULT 1 CHECK (must_change_password IN (0, 1)),
    created_at           BIGINT NOT NULL
);

CREATE TABLE console_user_sites (
    user_id BIGINT NOT NULL REFERENCES console_users(id) ON DELETE CASCADE,
    site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, site_id)
);

CREATE TABLE console_sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES console_users(id) ON DELETE CASCADE,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);
CREATE INDEX console_sessions_by_user ON console_sessions (user_id);

CREATE TABLE console_login_failures (
    id    BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    email TEXT NOT NULL,
    ip    TEXT NOT NULL,
    at    BIGINT NOT NULL
);
CREATE INDEX console_login_failures_by_email ON console_login_failures (email, at);
CREATE INDEX console_login_failures_by_ip ON console_login_failures (ip, at);

-- 0011, 0016
CREATE TABLE offer_variants (
    site_id      TEXT NOT NULL,
    offer_id     TEXT NOT NULL,
    id           TEXT NOT NULL,
    position     BIGINT NOT NULL,
    weight       BIGINT NOT NULL CHECK (weight > 0),
    headline     TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    price        TEXT NOT NULL,
    period       TEXT NOT NULL,
    benefits     TEXT NOT NULL DEFAULT '[]',
    cta_label    TEXT NOT NULL,
    badge        TEXT,
    translations TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (site_id, offer_id, id),
    FOREIGN KEY (site_id, offer_id) REFERENCES offers(site_id, id) ON DELETE CASCADE
);

-- 0011
CREATE TABLE offer_drafts (
    site_id    TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    offer_id   TEXT NOT NULL,
    spec       TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, offer_id)
);

CREATE TABLE events (
    id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    site_id    TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    -- The sender's id: a batch sent twice counts once.
    event_id   TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('view', 'impression', 'click', 'form_start',
                                             'form_submit', 'conversion')),
    offer_id   TEXT,
    variant_id TEXT,
    series_id  TEXT,
    session_id TEXT,
    reader_id  TEXT,
    at         BIGINT NOT NULL,
    UNIQUE (site_id, event_id)
);
CREATE INDEX events_by_offer ON events (site_id, offer_id, variant_id, kind, at);
CREATE INDEX events_by_series ON events (site_id, series_id, kind, at);
CREATE INDEX events_by_reader ON events (site_id, reader_id, kind, at);

-- 0015
CREATE TABLE feeds (
    id            BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    site_id       TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    url           TEXT NOT NULL,
    access        TEXT NOT NULL CHECK (access IN ('free', 'registered', 'subscribers')),
    every_secs    BIGINT NOT NULL CHECK (every_secs >= 60),
    section_slug  TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    last_run_at   BIGINT,
    last_error    TEXT,
    last_created  BIGINT NOT NULL DEFAULT 0,
    last_updated  BIGINT NOT NULL DEFAULT 0,
    next_run_at   BIGINT NOT NULL,
    UNIQUE (site_id, url)
);

CREATE TABLE feed_items (
    feed_id      BIGINT NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    guid         TEXT NOT NULL,
    article_slug TEXT NOT NULL,
    -- SHA-256 of what was imported.
    content_hash TEXT NOT NULL,
    PRIMARY KEY (feed_id, guid)
);

-- 0017
CREATE TABLE conversions (
    id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    site_id    TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('subscription', 'registration')),
    -- `offer:<offer>:<reader>` or `registration:<id>`.
    key        TEXT NOT NULL,
    offer_id   TEXT,
    variant_id TEXT,
    series_id  TEXT,
    session_id TEXT,
    reader_id  TEXT,
    at         BIGINT NOT NULL,
    UNIQUE (site_id, key)
);
CREATE INDEX conversions_by_offer ON conversions (site_id, offer_id, variant_id, at);
CREATE INDEX conversions_by_series ON conversions (site_id, series_id, at);

-- 0020: the seats a session has taken (webinar_sessions.confirmed), kept by the database.
-- SQLite fires these AFTER … FOR EACH ROW triggers as each row is written; PostgreSQL fires
-- them at the end of the statement. Every statement ends with the same count either way.

CREATE FUNCTION webinar_registrations_confirmed_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE webinar_sessions SET confirmed = confirmed + 1
    WHERE site_id = NEW.site_id AND id = NEW.session_id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER webinar_registrations_confirmed_insert
AFTER INSERT ON webinar_registrations
FOR EACH ROW WHEN (NEW.status = 'confirmed')
EXECUTE FUNCTION webinar_registrations_confirmed_insert();

CREATE FUNCTION webinar_registrations_confirmed_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE webinar_sessions SET confirmed = confirmed - 1
    WHERE site_id = OLD.site_id AND id = OLD.session_id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER webinar_registrations_confirmed_delete
AFTER DELETE ON webinar_registrations
FOR EACH ROW WHEN (OLD.status = 'confirmed')
EXECUTE FUNCTION webinar_registrations_confirmed_delete();

CREATE FUNCTION webinar_registrations_confirmed_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE webinar_sessions SET confirmed = confirmed - 1
    WHERE OLD.status = 'confirmed' AND site_id = OLD.site_id AND id = OLD.session_id;
    UPDATE webinar_sessions SET confirmed = confirmed + 1
    WHERE NEW.status = 'confirmed' AND site_id = NEW.site_id AND id = NEW.session_id;
    RETURN NULL;
END;
$$;

-- Like SQLite's `UPDATE OF`, fires when one of these columns is a target of the SET list
-- (an UPDATE, or the DO UPDATE of an INSERT … ON CONFLICT), changed or not.
CREATE TRIGGER webinar_registrations_confirmed_update
AFTER UPDATE OF status, site_id, session_id ON webinar_registrations
FOR EACH ROW WHEN (OLD.status = 'confirmed' OR NEW.status = 'confirmed')
EXECUTE FUNCTION webinar_registrations_confirmed_update();
