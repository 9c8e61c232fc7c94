-- Users: every browser gets an anonymous profile through its session.
CREATE TABLE user_profiles (
    id           UUID PRIMARY KEY,
    display_name TEXT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    last_seen_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

-- Rotations: built-ins seeded from the engine catalogue, and players' own APLs.
CREATE TABLE rotations (
    id         UUID PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    class      TEXT NOT NULL,
    spec       TEXT NOT NULL,
    spec_id    TEXT NOT NULL,
    apl        TEXT NOT NULL,
    builtin    BOOLEAN NOT NULL DEFAULT FALSE,
    owner_id   UUID REFERENCES user_profiles(id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_rotations_owner ON rotations(owner_id);
