-- Wall views (`wall_view`): the top of the offers' funnel. `conversion` events left in 0017
-- (SQLite), so the new list no longer has them.
ALTER TABLE events DROP CONSTRAINT events_kind_check;
ALTER TABLE events ADD CONSTRAINT events_kind_check
    CHECK (kind IN ('view', 'impression', 'click', 'form_start', 'form_submit', 'wall_view'));
CREATE INDEX events_by_kind ON events (site_id, kind, at);
