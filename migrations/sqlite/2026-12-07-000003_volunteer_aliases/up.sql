-- Per-request aliases of volunteers ("Vrijwilliger A") for managers who are not vetted.
-- `tag` is a keyed hash of (request, volunteer): no volunteer id is stored, and a tag cannot
-- be tied to the same volunteer's tag on another request without the server's secret.
CREATE TABLE volunteer_aliases (
    request_id TEXT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    tag        TEXT NOT NULL,
    -- 0 = "A", 1 = "B", …; handed out in order, once per (request, volunteer)
    ordinal    INTEGER NOT NULL CHECK (ordinal >= 0),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (request_id, tag),
    UNIQUE (request_id, ordinal)
);

-- Housekeeping finds unconfirmed volunteer invitations by age.
CREATE INDEX partner_links_unconfirmed ON partner_links (created_at) WHERE confirmed = FALSE;
