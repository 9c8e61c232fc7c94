-- Users: every browser gets an anonymous profile through its session.
CREATE TABLE user_profiles (
    id           TEXT PRIMARY KEY NOT NULL,          -- UUID, hyphenated
    display_name TEXT,
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    last_seen_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- Rotations: built-ins seeded from the engine catalogue, and players' own APLs.
CREATE TABLE rotations (
    id         TEXT PRIMARY KEY NOT NULL,            -- UUID
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    class      TEXT NOT NULL,
    spec       TEXT NOT NULL,
    spec_id    TEXT NOT NULL,                         -- engine spec id
    apl        TEXT NOT NULL,
    builtin    INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
    owner_id   TEXT REFERENCES user_profiles(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX idx_rotations_owner ON rotations(owner_id);
