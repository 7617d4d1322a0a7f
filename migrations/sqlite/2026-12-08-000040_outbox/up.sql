-- Notifications: each account's language and the notices it turned off, a transactional
-- outbox, and password reset tokens.
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'nl' CHECK (language IN ('nl', 'en'));
-- comma-separated notices the person turned off (empty: every notice on)
ALTER TABLE users ADD COLUMN notices_off TEXT NOT NULL DEFAULT '';

-- Written in the same transaction as the change that causes it, delivered after commit by
-- the outbox worker. `kind` says how (an e-mail now; a webhook delivery later), `event` what
-- happened; `payload` holds the ids the message is written from at delivery (never a
-- private part, a note or a secret). A worker claims a due row until `claimed_until` (a
-- lease: a crashed worker's claim runs out and another retries), marks it `sent_at` in its
-- own transaction once the server accepted it, or sets `next_attempt_at` with backoff.
-- `dedupe_key` makes an event that a periodic job finds again (a daily digest, an offer
-- about to expire) one row.
CREATE TABLE outbox (
    id              TEXT PRIMARY KEY NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('email')),
    event           TEXT NOT NULL CHECK (event IN ('proposal', 'application', 'confirmation', 'cancellation', 'hours_to_confirm', 'offer_expiring', 'password_reset')),
    recipient_id    TEXT,
    payload         TEXT NOT NULL,
    dedupe_key      TEXT UNIQUE,
    created_at      TIMESTAMP NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    claimed_until   TIMESTAMP,
    sent_at         TIMESTAMP,
    failed_at       TIMESTAMP,
    last_error      TEXT
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX outbox_created ON outbox (created_at);

-- A reset link's token is stored as its SHA-256 only; single use, short-lived.
CREATE TABLE password_resets (
    id          TEXT PRIMARY KEY NOT NULL,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  TIMESTAMP NOT NULL,
    expires_at  TIMESTAMP NOT NULL,
    used_at     TIMESTAMP
);
CREATE INDEX password_resets_by_user ON password_resets (user_id);
