-- Who may see a session's replay: only its registrants (the link is mailed to them) or everyone
-- (the link is also in the public view of the session, until `replay_until`).
ALTER TABLE webinar_sessions ADD COLUMN replay_audience TEXT NOT NULL DEFAULT 'registrants'
    CHECK (replay_audience IN ('registrants', 'everyone'));
