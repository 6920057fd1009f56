-- The marketer's overrides of the widget's texts, per language, as JSON:
-- {"fr": {"retry": "…"}, "en": {…}}. Keys are `Text` names (crates/protocol `texts.rs`), so
-- the widget's texts may be reordered or added to without touching the saved overrides.
ALTER TABLE sites ADD COLUMN texts TEXT NOT NULL DEFAULT '{}';
