-- Sessions (tower-sessions' SQLite store layout), so a browser keeps its profile across restarts.
CREATE TABLE IF NOT EXISTS tower_sessions (
    id          TEXT PRIMARY KEY NOT NULL,
    data        BLOB NOT NULL,
    expiry_date INTEGER NOT NULL                                 -- unix seconds
);
CREATE INDEX IF NOT EXISTS idx_tower_sessions_expiry ON tower_sessions(expiry_date);

-- Share links: a token grants read-only access to one result.
CREATE TABLE share_tokens (
    token      TEXT PRIMARY KEY NOT NULL,
    result_id  TEXT NOT NULL REFERENCES rotation_sim_results(id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES user_profiles(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    expires_at TEXT,
    revoked_at TEXT
);
CREATE INDEX idx_share_tokens_result ON share_tokens(result_id);

-- A retried job remembers the job it repeats.
ALTER TABLE simulation_jobs ADD COLUMN retry_of TEXT REFERENCES simulation_jobs(id) ON DELETE SET NULL;
-- Recovery reads unfinished jobs in order of creation.
CREATE INDEX idx_jobs_unfinished ON simulation_jobs(created_at, id) WHERE status IN ('queued', 'running');
