-- Foundation: reference data (wijken, WIJ-teams), accounts, sessions and the audit log.
-- Ids are UUID text; timestamps are UTC.
CREATE TABLE wijken (
    code        TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    former_name TEXT,
    population  BIGINT NOT NULL,
    lat         DOUBLE NOT NULL,
    lon         DOUBLE NOT NULL
);

CREATE TABLE wij_teams (
    id            TEXT PRIMARY KEY NOT NULL,
    name          TEXT NOT NULL,
    address       TEXT,
    walk_in_hours TEXT,
    -- set for teams from the bundled reference data, so seeding is idempotent
    seed_key      TEXT UNIQUE,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);

CREATE TABLE wij_team_wijken (
    team_id   TEXT NOT NULL REFERENCES wij_teams (id) ON DELETE CASCADE,
    wijk_code TEXT NOT NULL REFERENCES wijken (code),
    PRIMARY KEY (team_id, wijk_code)
);
CREATE INDEX wij_team_wijken_by_wijk ON wij_team_wijken (wijk_code);

CREATE TABLE wij_contacts (
    id         TEXT PRIMARY KEY NOT NULL,
    team_id    TEXT NOT NULL REFERENCES wij_teams (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL,
    email      TEXT NOT NULL,
    phone      TEXT NOT NULL,
    expertise  TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX wij_contacts_by_team ON wij_contacts (team_id, created_at, id);

CREATE TABLE users (
    id            TEXT PRIMARY KEY NOT NULL,
    email         TEXT NOT NULL,
    -- lowercased email: the uniqueness and lookup key (emails compare case-insensitively)
    email_key     TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    -- comma-separated subset of volunteer,team_worker,admin
    roles         TEXT NOT NULL,
    wij_team_id   TEXT REFERENCES wij_teams (id),
    is_demo       BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX users_by_team ON users (wij_team_id);

CREATE TABLE sessions (
    id           TEXT PRIMARY KEY NOT NULL,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    revoked_at   TIMESTAMP
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE audit_log (
    id           TEXT PRIMARY KEY NOT NULL,
    at           TIMESTAMP NOT NULL,
    actor_id     TEXT,
    actor_role   TEXT,
    action       TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    subject_id   TEXT NOT NULL
);
CREATE INDEX audit_log_by_subject ON audit_log (subject_id, at, id);
CREATE INDEX audit_log_by_time ON audit_log (at, id);
