-- Webinar sign-up, part 2: double opt-in per series (registrations `pending` until the reader
-- confirms by a mailed link), idempotency keys, resent mails, and a waitlist ordered by when a
-- registration took its place rather than by when its row was made (rows made until now keep
-- their order: their position is their id).

ALTER TABLE webinar_series ADD COLUMN double_opt_in INTEGER NOT NULL DEFAULT 0;

-- SQLite cannot change a CHECK constraint in place, so the registrations table is rebuilt to
-- allow 'pending'. With foreign keys on, dropping it would cascade-delete the reminders already
-- sent (and send them again): they are kept aside and put back.
CREATE TABLE webinar_reminders_kept AS SELECT registration_id, kind, sent_at FROM webinar_reminders;
DROP TABLE webinar_reminders;

CREATE TABLE webinar_registrations_v2 (
    id                 INTEGER PRIMARY KEY,
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
    consent_processing_version INTEGER NOT NULL,
    consent_processing_text    TEXT NOT NULL,
    consent_marketing_version  INTEGER,
    consent_marketing_text     TEXT,
    source_page        TEXT NOT NULL DEFAULT '',
    answers            TEXT NOT NULL DEFAULT '[]',
    -- Hash of the secret in the cancellation link.
    cancel_token_hash  TEXT NOT NULL UNIQUE,
    -- Hash of the secret in the double opt-in link (pending registrations, and kept after so a
    -- second click says "already confirmed").
    confirm_token_hash TEXT UNIQUE,
    -- The widget's Idempotency-Key of the request that created the registration, and the
    -- status that request was answered with: a retry with the key gets that answer again.
    idempotency_key    TEXT,
    idempotency_status TEXT,
    -- The order in which registrations took their place in the session (confirmed or
    -- waitlisted), 1, 2, … given inside the immediate transaction that places them. The
    -- waitlist goes in this order, so a pending registration confirmed late queues behind
    -- those already waiting. NULL while pending.
    queue_position     INTEGER,
    -- Last time its mail was sent again because the same address signed up again.
    resent_at          INTEGER,
    -- For a pending registration: when it was made (links expire 48 h later).
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    FOREIGN KEY (site_id, session_id) REFERENCES webinar_sessions(site_id, id) ON DELETE CASCADE,
    UNIQUE (site_id, session_id, email),
    UNIQUE (site_id, session_id, idempotency_key)
);

INSERT INTO webinar_registrations_v2 (id, site_id, session_id, email, first_name, last_name,
    organisation, job_title, status, consent_processing_version, consent_processing_text,
    consent_marketing_version, consent_marketing_text, source_page, answers, cancel_token_hash,
    queue_position, created_at, updated_at)
SELECT id, site_id, session_id, email, first_name, last_name, organisation, job_title, status,
    consent_processing_version, consent_processing_text, consent_marketing_version,
    consent_marketing_text, source_page, answers, cancel_token_hash, id, created_at, updated_at
FROM webinar_registrations;

DROP TABLE webinar_registrations;
ALTER TABLE webinar_registrations_v2 RENAME TO webinar_registrations;
CREATE INDEX webinar_registrations_queue
    ON webinar_registrations (site_id, session_id, status, queue_position);

CREATE TABLE webinar_reminders (
    registration_id INTEGER NOT NULL REFERENCES webinar_registrations(id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('day', 'hour')),
    sent_at         INTEGER NOT NULL,
    PRIMARY KEY (registration_id, kind)
);
INSERT INTO webinar_reminders (registration_id, kind, sent_at)
    SELECT registration_id, kind, sent_at FROM webinar_reminders_kept;
DROP TABLE webinar_reminders_kept;
