-- Free accounts (sign-in by e-mailed code or link), sessions, rate limits, and the outgoing
-- mail queue.

-- Subscriber-only articles a registered reader may read per period (0: none).
ALTER TABLE sites ADD COLUMN meter_registered INTEGER NOT NULL DEFAULT 10 CHECK (meter_registered >= 0);

CREATE TABLE accounts (
    id         INTEGER PRIMARY KEY,
    site_id    TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    -- Normalised: trimmed, lower case.
    email      TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (site_id, email)
);

-- One e-mailed code and link. Only hashes are stored; both are single-use and expire.
CREATE TABLE login_challenges (
    id         INTEGER PRIMARY KEY,
    site_id    TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    email      TEXT NOT NULL,
    code_hash  TEXT NOT NULL,
    link_hash  TEXT NOT NULL UNIQUE,
    reader_id  TEXT,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER,
    attempts   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX login_challenges_by_email ON login_challenges (site_id, email, created_at);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    site_id    TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);

-- Fixed-window counters for rate limits, keyed by what is limited (an address, a network).
CREATE TABLE rate_limits (
    key          TEXT PRIMARY KEY,
    window_start INTEGER NOT NULL,
    count        INTEGER NOT NULL
);

-- Mail is queued in the same transaction as what caused it, then sent (and retried) by a
-- background worker: a relay that is down delays a mail, it never loses one.
CREATE TABLE mail_queue (
    id              INTEGER PRIMARY KEY,
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body_text       TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER,
    last_error      TEXT
);
CREATE INDEX mail_queue_due ON mail_queue (status, next_attempt_at);
