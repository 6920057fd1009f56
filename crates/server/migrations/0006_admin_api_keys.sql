-- Admin API keys: a publisher's own systems (CRM, back office) manage a site with them.
-- Only a hash of each key is stored; the key is shown once when it is made.
CREATE TABLE api_keys (
    id         INTEGER PRIMARY KEY,
    site_id    TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    key_hash   TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);

-- Replays: where the recording is, who may see it, until when.
ALTER TABLE webinar_sessions ADD COLUMN replay_url TEXT;
ALTER TABLE webinar_sessions ADD COLUMN replay_until TEXT;
