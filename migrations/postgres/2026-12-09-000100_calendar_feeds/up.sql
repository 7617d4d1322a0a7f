-- Secret calendar feeds: one per account at most. Only the SHA-256 of the feed's token is
-- kept (hex), so the database alone cannot rebuild a feed URL; a new feed replaces the row,
-- revoking removes it, and erasing the account removes it with the account.
CREATE TABLE calendar_feeds (
    user_id     TEXT PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash  TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    created_at  TIMESTAMP NOT NULL
);
