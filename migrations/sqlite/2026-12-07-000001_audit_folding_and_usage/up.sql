-- Repeated reads of one request's private part by one actor on one day fold into one
-- entry: `fold_key` names that (actor, role, request, day), `read_count` counts the reads
-- and `last_at` is the latest. Other entries have no fold key and stay one per action.
ALTER TABLE audit_log ADD COLUMN read_count INTEGER NOT NULL DEFAULT 1;
ALTER TABLE audit_log ADD COLUMN last_at TIMESTAMP;
ALTER TABLE audit_log ADD COLUMN fold_key TEXT;
CREATE UNIQUE INDEX audit_log_fold ON audit_log (fold_key);

-- Per-user limits on costly or abusable operations (exports, applications, matching runs,
-- requests by non-staff): one row per use, counted over a sliding window, pruned daily.
CREATE TABLE usage_events (
    id      TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    action  TEXT NOT NULL,
    at      TIMESTAMP NOT NULL
);
CREATE INDEX usage_events_by_user ON usage_events (user_id, action, at);

-- Derived data recomputed once in Rust at start when the rule that derives it changes.
CREATE TABLE data_upgrades (
    name       TEXT PRIMARY KEY NOT NULL,
    applied_at TIMESTAMP NOT NULL
);
