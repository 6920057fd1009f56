-- The free-article meter and subscriber entitlements.

-- Anonymous readers may read this many gated articles per period (0 turns the meter off).
ALTER TABLE sites ADD COLUMN meter_anonymous INTEGER NOT NULL DEFAULT 3 CHECK (meter_anonymous >= 0);
ALTER TABLE sites ADD COLUMN meter_period_days INTEGER NOT NULL DEFAULT 30 CHECK (meter_period_days BETWEEN 1 AND 366);
-- HMAC-SHA256 key the publisher signs entitlement tokens with; NULL refuses every token.
ALTER TABLE sites ADD COLUMN entitlement_key TEXT;
-- Longest lifetime (exp - iat) an entitlement token may claim, in seconds.
ALTER TABLE sites ADD COLUMN entitlement_max_lifetime_secs INTEGER NOT NULL DEFAULT 86400
    CHECK (entitlement_max_lifetime_secs > 0);

-- One row per reader and gated article read for free; `read_at` (Unix seconds) of the read
-- that counted. A read older than the period counts again when the article is read again.
CREATE TABLE meter_reads (
    site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    reader  TEXT NOT NULL,
    slug    TEXT NOT NULL,
    read_at INTEGER NOT NULL,
    PRIMARY KEY (site_id, reader, slug)
);
CREATE INDEX meter_reads_by_reader ON meter_reads (site_id, reader, read_at);

-- Tokens for `subject` issued at or before `revoked_at` (Unix seconds) are refused.
CREATE TABLE entitlement_revocations (
    site_id    TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    subject    TEXT NOT NULL,
    revoked_at INTEGER NOT NULL,
    PRIMARY KEY (site_id, subject)
);
