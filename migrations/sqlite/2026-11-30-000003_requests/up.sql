-- Support requests: the public face, and the private part (about the resident) in nullable
-- columns that are erased on DELETE and after the retention period.
CREATE TABLE requests (
    id                TEXT PRIMARY KEY NOT NULL,
    title             TEXT NOT NULL,
    description       TEXT NOT NULL,
    category          TEXT NOT NULL,
    -- comma-separated skill ids and ISO 639-1 codes
    skills            TEXT NOT NULL,
    languages         TEXT NOT NULL,
    wijk_code         TEXT NOT NULL REFERENCES wijken (code),
    mode              TEXT NOT NULL,
    -- the wire form as JSON; NULL = any time
    schedule          TEXT,
    hours_estimate    DOUBLE NOT NULL,
    helpers_needed    INTEGER NOT NULL,
    places_held       INTEGER NOT NULL DEFAULT 0,
    urgency           TEXT NOT NULL,
    status            TEXT NOT NULL,
    initiative_id     TEXT REFERENCES initiatives (id) ON DELETE SET NULL,
    -- the account that filed it (kept as a bare id)
    created_by        TEXT,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    closed_at         TIMESTAMP,
    requester_name    TEXT,
    requester_contact TEXT,
    private_notes     TEXT,
    address           TEXT,
    lat               DOUBLE,
    lon               DOUBLE,
    private_erased_at TIMESTAMP,
    CHECK (places_held >= 0 AND places_held <= helpers_needed)
);
CREATE INDEX requests_by_time ON requests (created_at, id);
CREATE INDEX requests_by_status ON requests (status, created_at, id);
CREATE INDEX requests_by_wijk ON requests (wijk_code, status, created_at, id);
CREATE INDEX requests_by_category ON requests (category, status, created_at, id);
CREATE INDEX requests_by_initiative ON requests (initiative_id);
CREATE INDEX requests_by_creator ON requests (created_by);
CREATE INDEX requests_by_closed ON requests (closed_at);
