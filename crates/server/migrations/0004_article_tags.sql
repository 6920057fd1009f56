-- Tags, for teaser lists by tag: a JSON array of strings.
ALTER TABLE articles ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
