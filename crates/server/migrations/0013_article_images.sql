-- A teaser picture per article: an http(s) URL, or a path on this server; and its text
-- alternative (empty: decorative).
ALTER TABLE articles ADD COLUMN image_url TEXT;
ALTER TABLE articles ADD COLUMN image_alt TEXT NOT NULL DEFAULT '';
