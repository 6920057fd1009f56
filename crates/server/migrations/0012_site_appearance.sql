-- A site's look, set in the console (crates/protocol `Appearance`, as JSON): the widget's CSS
-- custom properties and its colour scheme, which a host page may still override.
ALTER TABLE sites ADD COLUMN appearance TEXT NOT NULL DEFAULT '{}';
