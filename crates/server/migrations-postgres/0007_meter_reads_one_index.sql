-- Every query on the meter's reads asks by (site, reader), which the primary key's prefix
-- answers: the second index only cost each new reader's read one more random insert
-- (BENCHMARKS.md, "metered reads"; SQLite's table became keyed by the same columns).
DROP INDEX meter_reads_by_reader;
