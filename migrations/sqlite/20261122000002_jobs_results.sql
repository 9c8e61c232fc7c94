-- Completed simulations (the seed's rotation_sim_results plus the full report).
CREATE TABLE rotation_sim_results (
    id           TEXT PRIMARY KEY NOT NULL,                      -- UUID
    rotation_id  TEXT REFERENCES rotations(id) ON DELETE SET NULL,
    user_id      TEXT REFERENCES user_profiles(id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    duration     INTEGER NOT NULL,
    iterations   INTEGER NOT NULL,
    fight_type   TEXT NOT NULL,
    scenario     TEXT,                                           -- JSON: targets, seed, target error…
    gear_set     TEXT,                                           -- JSON: the character simulated
    patch        TEXT,
    sim_version  TEXT,
    mean_dps     REAL NOT NULL,
    min_dps      REAL NOT NULL,
    max_dps      REAL NOT NULL,
    std_dev      REAL NOT NULL,
    stat_weights TEXT,                                           -- JSON
    timeline     TEXT,                                           -- JSON
    charts       TEXT,                                           -- JSON: histogram, abilities, buffs
    report       TEXT NOT NULL                                   -- JSON: the full SimReport
);
CREATE INDEX idx_sim_results_rotation ON rotation_sim_results(rotation_id);
CREATE INDEX idx_sim_results_user ON rotation_sim_results(user_id);
CREATE INDEX idx_sim_results_created ON rotation_sim_results(created_at DESC);

-- Simulation jobs: every state transition is written here before it is announced.
CREATE TABLE simulation_jobs (
    id               TEXT PRIMARY KEY NOT NULL,
    user_id          TEXT REFERENCES user_profiles(id) ON DELETE CASCADE,
    status           TEXT NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
    rotation_id      TEXT NOT NULL,
    duration         INTEGER NOT NULL,
    iterations       INTEGER NOT NULL,
    fight_type       TEXT NOT NULL,
    character_data   TEXT,                                       -- JSON
    config           TEXT NOT NULL,                              -- JSON: the validated request
    progress_current INTEGER NOT NULL DEFAULT 0,
    progress_total   INTEGER NOT NULL,
    created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    started_at       TEXT,
    completed_at     TEXT,
    result_id        TEXT REFERENCES rotation_sim_results(id) ON DELETE SET NULL,
    error_message    TEXT,
    error_code       TEXT,
    attempts         INTEGER NOT NULL DEFAULT 0,
    seed             INTEGER NOT NULL,
    priority         INTEGER NOT NULL DEFAULT 0,
    heartbeat_at     TEXT
);
CREATE INDEX idx_jobs_user_created ON simulation_jobs(user_id, created_at DESC, id DESC);
CREATE INDEX idx_jobs_status ON simulation_jobs(status);
CREATE INDEX idx_jobs_created ON simulation_jobs(created_at DESC);
