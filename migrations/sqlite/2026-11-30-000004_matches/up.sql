-- Help offers, the wijken and categories each can serve, matches between offers and
-- requests, and the hours volunteers log on their matches.
CREATE TABLE offers (
    id                TEXT PRIMARY KEY NOT NULL,
    volunteer_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title             TEXT NOT NULL,
    -- comma-separated category ids, skill ids, wijk codes and mode ids
    categories        TEXT NOT NULL,
    skills            TEXT NOT NULL,
    wijk_codes        TEXT NOT NULL,
    max_distance_km   DOUBLE NOT NULL,
    -- weekly slots as JSON; [] = any time
    availability      TEXT NOT NULL,
    hours_per_week    DOUBLE NOT NULL,
    max_matches       INTEGER NOT NULL,
    -- places held on this offer: its confirmed matches (a guarded counter)
    confirmed_matches INTEGER NOT NULL DEFAULT 0,
    modes             TEXT NOT NULL,
    valid_until       TIMESTAMP NOT NULL,
    status            TEXT NOT NULL,
    is_demo           BOOLEAN NOT NULL DEFAULT FALSE,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    CHECK (confirmed_matches >= 0 AND confirmed_matches <= max_matches)
);
CREATE INDEX offers_by_volunteer ON offers (volunteer_id, created_at, id);
CREATE INDEX offers_by_expiry ON offers (status, valid_until);

-- Which (wijk, category) pairs an offer can serve: its wijken, plus every wijk whose centroid
-- lies within its radius of the volunteer's home-wijk centroid. Kept up to date on every
-- offer and profile write, so finding candidates is one indexed range read.
CREATE TABLE offer_reach (
    wijk_code TEXT NOT NULL REFERENCES wijken (code),
    category  TEXT NOT NULL,
    offer_id  TEXT NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
    PRIMARY KEY (wijk_code, category, offer_id)
);
CREATE INDEX offer_reach_by_offer ON offer_reach (offer_id);

-- offer_id and volunteer_id are bare ids: a match outlives an erased volunteer's offer,
-- without personal fields.
CREATE TABLE matches (
    id           TEXT PRIMARY KEY NOT NULL,
    request_id   TEXT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    offer_id     TEXT NOT NULL,
    volunteer_id TEXT NOT NULL,
    status       TEXT NOT NULL,
    initiated_by TEXT NOT NULL,
    score        INTEGER NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    confirmed_at TIMESTAMP,
    completed_at TIMESTAMP
);
-- At most one live (pending or confirmed) match per pair, whoever races to create it.
CREATE UNIQUE INDEX matches_one_live_per_pair ON matches (request_id, offer_id)
    WHERE status IN ('proposed', 'applied', 'confirmed');
CREATE INDEX matches_by_request ON matches (request_id, status);
CREATE INDEX matches_by_offer ON matches (offer_id, status);
CREATE INDEX matches_by_volunteer ON matches (volunteer_id, created_at, id);
CREATE INDEX matches_by_time ON matches (created_at, id);
CREATE INDEX matches_by_confirmation ON matches (confirmed_at);

CREATE TABLE hours (
    id           TEXT PRIMARY KEY NOT NULL,
    match_id     TEXT NOT NULL REFERENCES matches (id) ON DELETE CASCADE,
    volunteer_id TEXT NOT NULL,
    request_id   TEXT NOT NULL,
    date         DATE NOT NULL,
    -- hundredths of an hour, so sums are exact
    centi_hours  INTEGER NOT NULL,
    note         TEXT,
    status       TEXT NOT NULL,
    confirmed_by TEXT,
    created_at   TIMESTAMP NOT NULL,
    decided_at   TIMESTAMP,
    CHECK (centi_hours > 0 AND centi_hours <= 2400)
);
CREATE INDEX hours_by_match ON hours (match_id, date, id);
CREATE INDEX hours_by_volunteer ON hours (volunteer_id, date, id);
CREATE INDEX hours_by_decision ON hours (status, decided_at);
