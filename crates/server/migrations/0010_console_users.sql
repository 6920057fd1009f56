-- The marketers' console: its users, the sites each marketer may manage, their sessions, and
-- failed sign-ins (for throttling).

CREATE TABLE console_users (
    id                   INTEGER PRIMARY KEY,
    -- Normalised: trimmed, lower case.
    email                TEXT NOT NULL UNIQUE,
    -- An argon2id PHC string; never the password itself.
    password_hash        TEXT NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    -- admin: manages users and sites (all of them); marketer: the content of its sites.
    role                 TEXT NOT NULL CHECK (role IN ('admin', 'marketer')),
    disabled             INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    -- Set with a one-time password: nothing else opens until it is changed.
    must_change_password INTEGER NOT NULL DEFAULT 1 CHECK (must_change_password IN (0, 1)),
    created_at           INTEGER NOT NULL
);

-- The sites a marketer may manage (an admin manages all of them; rows kept if demoted).
CREATE TABLE console_user_sites (
    user_id INTEGER NOT NULL REFERENCES console_users(id) ON DELETE CASCADE,
    site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, site_id)
);

-- Only a hash of the cookie's token is stored. A session ends 12 hours after its last use or
-- 7 days after sign-in, whichever comes first (checked against these two times).
CREATE TABLE console_sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES console_users(id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
);
CREATE INDEX console_sessions_by_user ON console_sessions (user_id);

-- One row per failed sign-in, whether the address exists or not, counted over a sliding window.
CREATE TABLE console_login_failures (
    id    INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    ip    TEXT NOT NULL,
    at    INTEGER NOT NULL
);
CREATE INDEX console_login_failures_by_email ON console_login_failures (email, at);
CREATE INDEX console_login_failures_by_ip ON console_login_failures (ip, at);
