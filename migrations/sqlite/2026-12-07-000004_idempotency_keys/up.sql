-- Answers to POSTs sent with an Idempotency-Key, kept 24 hours so a retry gets the first
-- answer instead of doing the work twice. `scope` is the caller: a user id, or the client
-- address for anonymous calls. `status` is NULL while the first request is in progress.
CREATE TABLE idempotency_keys (
    scope         TEXT NOT NULL,
    idem_key      TEXT NOT NULL,
    user_id       TEXT REFERENCES users (id) ON DELETE CASCADE,
    request_hash  TEXT NOT NULL,
    status        INTEGER,
    content_type  TEXT,
    body          TEXT,
    created_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (scope, idem_key)
);
CREATE INDEX idempotency_keys_by_time ON idempotency_keys (created_at);
