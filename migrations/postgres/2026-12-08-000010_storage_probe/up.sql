-- Room for the probe write that tells whether the database can grow again after its disk
-- was full: a row of 16 KB is written and removed at once, so the table stays empty.
CREATE TABLE storage_probe (
    id      INTEGER PRIMARY KEY,
    filler  TEXT NOT NULL
);
