-- The seats a session has taken, kept by the database itself. A sign-up, and every read of a
-- session (each webinar placeholder shown), used to count the session's confirmed
-- registrations: a scan that grew with the session, under the write lock for sign-ups. The
-- triggers keep the count exact whatever writes the rows (sign-up, opt-in, approval,
-- cancellation, promotion, purge, a deleted session's cascade).
ALTER TABLE webinar_sessions ADD COLUMN confirmed INTEGER NOT NULL DEFAULT 0;

UPDATE webinar_sessions SET confirmed = (
    SELECT COUNT(*) FROM webinar_registrations r
    WHERE r.site_id = webinar_sessions.site_id AND r.session_id = webinar_sessions.id
      AND r.status = 'confirmed');

CREATE TRIGGER webinar_registrations_confirmed_insert
AFTER INSERT ON webinar_registrations WHEN NEW.status = 'confirmed'
BEGIN
    UPDATE webinar_sessions SET confirmed = confirmed + 1
    WHERE site_id = NEW.site_id AND id = NEW.session_id;
END;

CREATE TRIGGER webinar_registrations_confirmed_delete
AFTER DELETE ON webinar_registrations WHEN OLD.status = 'confirmed'
BEGIN
    UPDATE webinar_sessions SET confirmed = confirmed - 1
    WHERE site_id = OLD.site_id AND id = OLD.session_id;
END;

CREATE TRIGGER webinar_registrations_confirmed_update
AFTER UPDATE OF status, site_id, session_id ON webinar_registrations
WHEN OLD.status = 'confirmed' OR NEW.status = 'confirmed'
BEGIN
    UPDATE webinar_sessions SET confirmed = confirmed - 1
    WHERE OLD.status = 'confirmed' AND site_id = OLD.site_id AND id = OLD.session_id;
    UPDATE webinar_sessions SET confirmed = confirmed + 1
    WHERE NEW.status = 'confirmed' AND site_id = NEW.site_id AND id = NEW.session_id;
END;

-- The next place in a session's queue is MAX(queue_position): read from this index instead of
-- a scan of the session's registrations.
CREATE INDEX webinar_registrations_position
    ON webinar_registrations (site_id, session_id, queue_position);
