-- Kept in step with PostgreSQL's schema (worker processes need PostgreSQL; on SQLite the
-- columns stay empty): the worker that claimed a running job and until when its lease holds.
ALTER TABLE simulation_jobs ADD COLUMN worker_id TEXT;
ALTER TABLE simulation_jobs ADD COLUMN lease_until TEXT;
CREATE INDEX idx_jobs_claim ON simulation_jobs(priority DESC, created_at, id) WHERE status = 'queued';
CREATE INDEX idx_jobs_lease ON simulation_jobs(lease_until) WHERE status = 'running';
