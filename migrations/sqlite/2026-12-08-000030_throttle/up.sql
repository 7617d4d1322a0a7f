-- Login and registration throttling, kept in the database so that every instance serving it
-- counts the same failures. `key` is a lowercased email (whether or not an account has it)
-- or `user:<id>` for password changes; `address` a client address.
CREATE TABLE login_failures (
    key          TEXT PRIMARY KEY,
    consecutive  INTEGER NOT NULL,
    last_at      TIMESTAMP NOT NULL
);
CREATE TABLE address_attempts (
    id       TEXT PRIMARY KEY,
    kind     TEXT NOT NULL CHECK (kind IN ('login_failure', 'registration')),
    address  TEXT NOT NULL,
    at       TIMESTAMP NOT NULL
);
CREATE INDEX address_attempts_by_address ON address_attempts (kind, address, at);
CREATE INDEX address_attempts_at ON address_attempts (at);
