-- The rotation workshop: players' own rotations (forks keep their source), saved characters, and
-- a snapshot of what every job ran so a result keeps its meaning after its rotation changes.
ALTER TABLE rotations ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE rotations ADD COLUMN forked_from TEXT;                 -- the source rotation's id (no FK: it may be deleted)
ALTER TABLE rotations ADD COLUMN version INTEGER NOT NULL DEFAULT 1; -- +1 whenever the APL text changes
ALTER TABLE rotations ADD COLUMN updated_at TEXT;
UPDATE rotations SET updated_at = created_at;
CREATE INDEX idx_rotations_owner_spec ON rotations(owner_id, spec_id, created_at);

-- Named characters (the stats of the simulate form), per spec.
CREATE TABLE characters (
    id         TEXT PRIMARY KEY NOT NULL,                              -- UUID
    owner_id   TEXT NOT NULL REFERENCES user_profiles(id) ON DELETE CASCADE,
    spec_id    TEXT NOT NULL,
    name       TEXT NOT NULL,
    stats      TEXT NOT NULL,                                          -- JSON: the engine's Character
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX idx_characters_owner ON characters(owner_id, spec_id, created_at);

-- The job's snapshot (the APL text, character and seed are in `config`): which rotation version,
-- the rotation's name then, the spec and its data version. rotation_id is '' for an inline APL.
ALTER TABLE simulation_jobs ADD COLUMN rotation_version INTEGER;
ALTER TABLE simulation_jobs ADD COLUMN rotation_label TEXT;
ALTER TABLE simulation_jobs ADD COLUMN spec_id TEXT;
ALTER TABLE simulation_jobs ADD COLUMN spec_version TEXT;
CREATE INDEX idx_jobs_rotation ON simulation_jobs(rotation_id, user_id, created_at DESC);
