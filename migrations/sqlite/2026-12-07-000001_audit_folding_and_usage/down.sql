DROP TABLE data_upgrades;
DROP TABLE usage_events;
DROP INDEX audit_log_fold;
ALTER TABLE audit_log DROP COLUMN fold_key;
ALTER TABLE audit_log DROP COLUMN last_at;
ALTER TABLE audit_log DROP COLUMN read_count;
