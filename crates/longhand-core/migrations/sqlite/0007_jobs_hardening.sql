-- Jobs that failed too often stop being retried: such a job is finished (`done_at`, so no
-- worker claims it again) and marked dead (`dead_at`), with its last error kept, for an admin
-- to see in /readyz and look into.

ALTER TABLE jobs ADD COLUMN dead_at INTEGER;
CREATE INDEX jobs_dead ON jobs (dead_at);
