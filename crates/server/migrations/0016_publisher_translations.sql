-- The publisher's own texts in the other language: the paywall box, the consent texts and
-- each offer variant's texts. JSON maps from a language code (`en`,
-- `fr`) to the translated texts; what is missing falls back to the site's language.
ALTER TABLE sites ADD COLUMN paywall_translations TEXT NOT NULL DEFAULT '{}';
ALTER TABLE consent_texts ADD COLUMN translations TEXT NOT NULL DEFAULT '{}';
ALTER TABLE offer_variants ADD COLUMN translations TEXT NOT NULL DEFAULT '{}';
