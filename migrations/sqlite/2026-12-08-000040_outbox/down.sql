DROP TABLE password_resets;
DROP TABLE outbox;
ALTER TABLE users DROP COLUMN notices_off;
ALTER TABLE users DROP COLUMN language;
