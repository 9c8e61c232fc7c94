-- Scale-out (worker processes): the worker that claimed a running job and until when its lease
-- holds (renewed while it runs; an expired lease is re-queued by any instance's reaper), and the
-- claim order's index (priority, then age) over queued jobs only.
ALTER TABLE simulation_jobs ADD COLUMN worker_id TEXT;
ALTER TABLE simulation_jobs ADD COLUMN lease_until TIMESTAMPTZ;
CREATE INDEX idx_jobs_claim ON simulation_jobs(priority DESC, created_at, id) WHERE status = 'queued';
CREATE INDEX idx_jobs_lease ON simulation_jobs(lease_until) WHERE status = 'running';
