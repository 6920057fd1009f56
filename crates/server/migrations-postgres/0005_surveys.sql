-- PostgreSQL: migrations/0025_surveys.sql (SQLite) with BIGINT for INTEGER.
-- Questionnaires (surveys): a site's surveys with their questions (the webinar form's kinds,
-- plus a 1–5 scale and a long text), their dates, and one answer per reader.

CREATE TABLE surveys (
    site_id       TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    id            TEXT NOT NULL,
    title         TEXT NOT NULL,
    introduction  TEXT NOT NULL DEFAULT '',
    -- JSON array of crates/protocol `Question`.
    questions     TEXT NOT NULL DEFAULT '[]',
    -- The marketer's dates: local wall-clock times in time_zone, as typed (NULL: none), and
    -- the instants they name (unix seconds), which the reader's side compares against.
    time_zone     TEXT NOT NULL,
    opens_at      TEXT,
    closes_at     TEXT,
    results_from  TEXT,
    opens_at_unix    BIGINT,
    closes_at_unix   BIGINT,
    results_from_unix BIGINT,
    -- Whether an e-mail address is asked, with the consent text readers tick to give it,
    -- versioned: each new text is a new version, and an answer keeps the text it agreed to.
    ask_email     BIGINT NOT NULL DEFAULT 0 CHECK (ask_email IN (0, 1)),
    email_consent TEXT NOT NULL DEFAULT '',
    email_consent_version BIGINT NOT NULL DEFAULT 0 CHECK (email_consent_version >= 0),
    -- Where the results are told, and the webinar series that tells them, if any.
    results_note  TEXT NOT NULL DEFAULT '',
    series_id     TEXT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (site_id, id),
    CHECK (closes_at_unix IS NULL OR opens_at_unix IS NULL OR closes_at_unix > opens_at_unix)
);

-- One answer per reader and survey: answering again replaces it (while the survey is open).
CREATE TABLE survey_answers (
    site_id    TEXT NOT NULL,
    survey_id  TEXT NOT NULL,
    reader     TEXT NOT NULL,
    -- JSON array of crates/protocol `Answer`.
    answers    TEXT NOT NULL,
    -- Only when the survey asks for it, with the consent's version and exact text.
    email      TEXT,
    consent_version BIGINT,
    consent_text    TEXT,
    -- The key of the last write, and whether that write replaced an answer: a retry with
    -- the same key gets the first write's answer again.
    idempotency_key TEXT,
    key_replaced    BIGINT NOT NULL DEFAULT 0 CHECK (key_replaced IN (0, 1)),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, survey_id, reader),
    FOREIGN KEY (site_id, survey_id) REFERENCES surveys(site_id, id) ON DELETE CASCADE,
    CHECK ((email IS NULL) = (consent_version IS NULL))
);
CREATE INDEX survey_answers_by_email ON survey_answers (site_id, email) WHERE email IS NOT NULL;
