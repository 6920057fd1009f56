-- Jobs that one server at a time must run (the purge, the feed imports, the reminders): the
-- server holding a job's lease runs it until `until`; a server that dies leaves a lease that
-- expires, and another takes the job.
CREATE TABLE job_leases (
    name   TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    until  INTEGER NOT NULL
);
