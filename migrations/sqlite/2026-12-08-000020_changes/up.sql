-- The change feed: one row per write that matters to matching, the registry or the outside
-- world, appended in the writing transaction. `seq` only grows (AUTOINCREMENT never reuses a
-- number, even after the newest rows were pruned). `fields` names what changed, never a value.
CREATE TABLE changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    at         TIMESTAMP NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('created', 'updated', 'deleted')),
    entity     TEXT NOT NULL CHECK (entity IN ('request', 'offer', 'match', 'volunteer', 'initiative', 'team', 'key_figure', 'hours')),
    entity_id  TEXT NOT NULL,
    fields     TEXT NOT NULL
);
CREATE INDEX changes_at ON changes (at);
