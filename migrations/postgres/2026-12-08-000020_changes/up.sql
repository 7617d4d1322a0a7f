-- The change feed: one row per write that matters to matching, the registry or the outside
-- world, appended in the writing transaction. `seq` only grows; appends are serialised by a
-- transaction-scoped advisory lock, so rows become visible in `seq` order and a reader that
-- remembers the last `seq` it saw never misses one. `fields` names what changed, never a value.
CREATE TABLE changes (
    seq        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         TIMESTAMP NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('created', 'updated', 'deleted')),
    entity     TEXT NOT NULL CHECK (entity IN ('request', 'offer', 'match', 'volunteer', 'initiative', 'team', 'key_figure', 'hours')),
    entity_id  TEXT NOT NULL,
    fields     TEXT NOT NULL
);
CREATE INDEX changes_at ON changes (at);
