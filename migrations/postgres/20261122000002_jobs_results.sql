-- Completed simulations (the seed's rotation_sim_results plus the full report).
CREATE TABLE rotation_sim_results (
    id           UUID PRIMARY KEY,
    rotation_id  UUID REFERENCES rotations(id) ON DELETE SET NULL,
    user_id      UUID REFERENCES user_profiles(id) ON DELETE CASCADE,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    duration     INTEGER NOT NULL,
    iterations   INTEGER NOT NULL,
    fight_type   TEXT NOT NULL,
    scenario     JSONB,
    gear_set     JSONB,
    patch        TEXT,
    sim_version  TEXT,
    mean_dps     DOUBLE PRECISION NOT NULL,
    min_dps      DOUBLE PRECISION NOT NULL,
    max_dps      DOUBLE PRECISION NOT NULL,
    std_dev      DOUBLE PRECISION NOT NULL,
    stat_weights JSONB,
    timeline     JSONB,
    charts       JSONB,
    report       JSONB NOT NULL
);
CREATE INDEX idx_sim_results_rotation ON rotation_sim_results(rotation_id);
CREATE INDEX idx_sim_results_user ON rotation_sim_results(user_id);
CREATE INDEX idx_sim_results_created ON rotation_sim_results(created_at DESC);

-- Simulation jobs: every state transition is written here before it is announced.
CREATE TABLE simulation_jobs (
    id               TEXT PRIMARY KEY,
    user_id          UUID REFERENCES user_profiles(id) ON DELETE CASCADE,
    status           TEXT NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
    rotation_id      TEXT NOT NULL,
    duration         INTEGER NOT NULL,
    iterations       INTEGER NOT NULL,
    fight_type       TEXT NOT NULL,
    character_data   JSONB,
    config           JSONB NOT NULL,
    progress_current INTEGER NOT NULL DEFAULT 0,
    progress_total   INTEGER NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    started_at       TIMESTAMPTZ,
    completed_at     TIMESTAMPTZ,
    result_id        UUID REFERENCES rotation_sim_results(id) ON DELETE SET NULL,
    error_message    TEXT,
    error_code       TEXT,
    attempts         INTEGER NOT NULL DEFAULT 0,
    seed             BIGINT NOT NULL,
    priority         INTEGER NOT NULL DEFAULT 0,
    heartbeat_at     TIMESTAMPTZ
);
CREATE INDEX idx_jobs_user_created ON simulation_jobs(user_id, created_at DESC, id DESC);
CREATE INDEX idx_jobs_status ON simulation_jobs(status);
CREATE INDEX idx_jobs_created ON simulation_jobs(created_at DESC);
