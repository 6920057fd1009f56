-- Webinar registrations: sessions get a status and a closing time, sites their consent texts,
-- mails an optional attachment (the calendar file).

ALTER TABLE webinar_sessions ADD COLUMN status TEXT NOT NULL DEFAULT 'scheduled'
    CHECK (status IN ('scheduled', 'cancelled', 'ended'));
-- Local wall-clock time in the session's zone; NULL: registration closes when it starts.
ALTER TABLE webinar_sessions ADD COLUMN registration_closes_at TEXT;

-- Versioned consent texts; the newest version of each kind is the one shown.
CREATE TABLE consent_texts (
    site_id    TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('processing', 'marketing')),
    version    INTEGER NOT NULL CHECK (version > 0),
    text       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (site_id, kind, version)
);

CREATE TABLE webinar_registrations (
    id                 INTEGER PRIMARY KEY,
    site_id            TEXT NOT NULL,
    session_id         TEXT NOT NULL,
    -- Normalised: trimmed, lower case.
    email              TEXT NOT NULL,
    first_name         TEXT NOT NULL,
    last_name          TEXT NOT NULL,
    organisation       TEXT NOT NULL DEFAULT '',
    job_title          TEXT NOT NULL DEFAULT '',
    status             TEXT NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
    -- The consent proof: exact texts and versions, when, and from which page.
    consent_processing_version INTEGER NOT NULL,
    consent_processing_text    TEXT NOT NULL,
    consent_marketing_version  INTEGER,
    consent_marketing_text     TEXT,
    source_page        TEXT NOT NULL DEFAULT '',
    -- Hash of the secret in the cancellation link.
    cancel_token_hash  TEXT NOT NULL UNIQUE,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    FOREIGN KEY (site_id, session_id) REFERENCES webinar_sessions(site_id, id) ON DELETE CASCADE,
    UNIQUE (site_id, session_id, email)
);
-- Waitlist order: by id within a session.
CREATE INDEX webinar_registrations_by_status ON webinar_registrations (site_id, session_id, status, id);

-- Sign-ups that looked automated (honeypot filled, form sent too fast): kept for review,
-- answered like any other, never confirmed, never mailed, never holding a seat.
CREATE TABLE webinar_suspected_registrations (
    id         INTEGER PRIMARY KEY,
    site_id    TEXT NOT NULL,
    session_id TEXT NOT NULL,
    email      TEXT NOT NULL,
    reason     TEXT NOT NULL,
    ip         TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

-- Reminders sent, one row per registration and kind: a restart never sends one twice.
CREATE TABLE webinar_reminders (
    registration_id INTEGER NOT NULL REFERENCES webinar_registrations(id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('day', 'hour')),
    sent_at         INTEGER NOT NULL,
    PRIMARY KEY (registration_id, kind)
);

ALTER TABLE mail_queue ADD COLUMN attachment_name TEXT;
ALTER TABLE mail_queue ADD COLUMN attachment_type TEXT;
ALTER TABLE mail_queue ADD COLUMN attachment_body TEXT;
