-- Readers' rights (issue 18): what is needed to find, export and erase one person's data.

-- The site a mail was written for: an erasure drops that site's mails to the address (and no
-- other site's), and the mail's "Vos données" footer names the site. NULL on older mails.
ALTER TABLE mail_queue ADD COLUMN site_id TEXT;
CREATE INDEX mail_queue_by_recipient ON mail_queue (recipient);

-- The anonymous reader ids an account signed in from: the events, meter reads and answers
-- kept under those ids are the account holder's too. Kept as long as the account.
CREATE TABLE account_readers (
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    reader_id  TEXT NOT NULL,
    first_seen INTEGER NOT NULL,
    PRIMARY KEY (account_id, reader_id)
);

-- A reader asking for their data: the hash of the secret mailed to the address (the page
-- it opens shows the data and can erase it). Expired ones are purged.
CREATE TABLE data_requests (
    id         INTEGER PRIMARY KEY,
    site_id    TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    email      TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX data_requests_by_email ON data_requests (site_id, email);

-- The record of each erasure, for an auditor: who asked, when, and how many records of each
-- kind were erased or anonymised. Never the address.
CREATE TABLE erasures (
    id       INTEGER PRIMARY KEY,
    site_id  TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    asked_by TEXT NOT NULL,
    at       INTEGER NOT NULL,
    erased   TEXT NOT NULL
);
CREATE INDEX erasures_by_site ON erasures (site_id, at);

-- Finding a person: registrations and suspected sign-ups by address, conversions by reader.
CREATE INDEX webinar_registrations_by_email ON webinar_registrations (site_id, email);
CREATE INDEX webinar_suspected_by_email ON webinar_suspected_registrations (site_id, email);
CREATE INDEX conversions_by_reader ON conversions (site_id, reader_id);
