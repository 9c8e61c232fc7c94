-- Sessions (tower-sessions' PostgreSQL store layout), so a browser keeps its profile across restarts.
CREATE SCHEMA IF NOT EXISTS tower_sessions;
CREATE TABLE IF NOT EXISTS tower_sessions.session (
    id          TEXT PRIMARY KEY NOT NULL,
    data        BYTEA NOT NULL,
    expiry_date TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_tower_sessions_expiry ON tower_sessions.session(expiry_date);

-- Share links: a token grants read-only access to one result.
CREATE TABLE share_tokens (
    token      TEXT PRIMARY KEY,
    result_id  UUID NOT NULL REFERENCES rotation_sim_results(id) ON DELETE CASCADE,
    user_id    UUID NOT NULL REFERENCES user_profiles(id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    expires_at TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX idx_share_tokens_result ON share_tokens(result_id);

-- A retried job remembers the job it repeats.
ALTER TABLE simulation_jobs ADD COLUMN retry_of TEXT REFERENCES simulation_jobs(id) ON DELETE SET NULL;
-- Recovery reads unfinished jobs in order of creation.
CREATE INDEX idx_jobs_unfinished ON simulation_jobs(created_at, id) WHERE status IN ('queued', 'running');
