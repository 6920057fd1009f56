-- The meter's reads as one B-tree keyed (site, reader, article) instead of three (the rowid
-- table, the primary key's index and `meter_reads_by_reader`): every query on it asks by
-- (site, reader), which the key's prefix answers with the row itself, and a viral article's
-- new readers, each a random key, dirty one page each instead of two (BENCHMARKS.md,
-- "metered reads").
CREATE TABLE meter_reads_keyed (
    site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    reader  TEXT NOT NULL,
    slug    TEXT NOT NULL,
    read_at INTEGER NOT NULL,
    counted INTEGER NOT NULL DEFAULT 1 CHECK (counted IN (0, 1)),
    PRIMARY KEY (site_id, reader, slug)
) WITHOUT ROWID;
INSERT INTO meter_reads_keyed (site_id, reader, slug, read_at, counted)
    SELECT site_id, reader, slug, read_at, counted FROM meter_reads;
DROP TABLE meter_reads;
ALTER TABLE meter_reads_keyed RENAME TO meter_reads;
