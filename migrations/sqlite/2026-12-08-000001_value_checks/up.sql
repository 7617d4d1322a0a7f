-- Every closed set of values gets a CHECK listing its texts, the same lists the Rust types
-- declare. SQLite cannot add a constraint to a table, so each table is rebuilt (the documented
-- way: foreign keys off, copy, drop, rename, indexes back) inside one transaction; rows are
-- copied as they are, and a row with a text outside its set makes the migration fail instead
-- of being dropped.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

CREATE TABLE volunteer_profiles_rebuilt (
    user_id            TEXT PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    wijk_code          TEXT NOT NULL REFERENCES wijken (code),
    lat                DOUBLE,
    lon                DOUBLE,
    max_distance_km    DOUBLE NOT NULL,
    -- comma-separated ISO 639-1 codes and mode ids; availability as JSON slots
    languages          TEXT NOT NULL,
    availability       TEXT NOT NULL,
    hours_per_week     DOUBLE NOT NULL,
    modes              TEXT NOT NULL,
    contact_preference TEXT NOT NULL,
    is_demo            BOOLEAN NOT NULL DEFAULT FALSE,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    CHECK (contact_preference IN ('propose', 'only_when_i_ask'))
);
INSERT INTO volunteer_profiles_rebuilt (user_id, wijk_code, lat, lon, max_distance_km, languages, availability, hours_per_week, modes, contact_preference, is_demo, created_at, updated_at)
    SELECT user_id, wijk_code, lat, lon, max_distance_km, languages, availability, hours_per_week, modes, contact_preference, is_demo, created_at, updated_at FROM volunteer_profiles;
DROP TABLE volunteer_profiles;
ALTER TABLE volunteer_profiles_rebuilt RENAME TO volunteer_profiles;
CREATE INDEX volunteer_profiles_by_wijk ON volunteer_profiles (wijk_code, created_at, user_id);

CREATE TABLE key_figures_rebuilt (
    id                  TEXT PRIMARY KEY NOT NULL,
    name                TEXT NOT NULL,
    description         TEXT NOT NULL,
    organisation        TEXT NOT NULL,
    wijk_code           TEXT NOT NULL REFERENCES wijken (code),
    connects            TEXT NOT NULL,
    contact             TEXT NOT NULL,
    visibility          TEXT NOT NULL,
    consent_given_at    TIMESTAMP NOT NULL,
    consent_recorded_by TEXT,
    -- the account that recorded the key figure (kept as a bare id)
    recorded_by_user_id TEXT,
    is_demo             BOOLEAN NOT NULL DEFAULT FALSE,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    CHECK (visibility IN ('team_only', 'public'))
);
INSERT INTO key_figures_rebuilt (id, name, description, organisation, wijk_code, connects, contact, visibility, consent_given_at, consent_recorded_by, recorded_by_user_id, is_demo, created_at, updated_at)
    SELECT id, name, description, organisation, wijk_code, connects, contact, visibility, consent_given_at, consent_recorded_by, recorded_by_user_id, is_demo, created_at, updated_at FROM key_figures;
DROP TABLE key_figures;
ALTER TABLE key_figures_rebuilt RENAME TO key_figures;
CREATE INDEX key_figures_by_time ON key_figures (created_at, id);
CREATE INDEX key_figures_by_wijk ON key_figures (wijk_code, created_at, id);

CREATE TABLE partner_links_rebuilt (
    id            TEXT PRIMARY KEY NOT NULL,
    initiative_id TEXT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    -- volunteer | key_figure | wij_contact; partner_id is that record's id
    kind          TEXT NOT NULL,
    partner_id    TEXT NOT NULL,
    role          TEXT NOT NULL,
    -- volunteer links are public only after the volunteer confirms them
    confirmed     BOOLEAN NOT NULL,
    created_by    TEXT,
    created_at    TIMESTAMP NOT NULL,
    UNIQUE (initiative_id, kind, partner_id),
    CHECK (kind IN ('volunteer', 'key_figure', 'wij_contact'))
);
INSERT INTO partner_links_rebuilt (id, initiative_id, kind, partner_id, role, confirmed, created_by, created_at)
    SELECT id, initiative_id, kind, partner_id, role, confirmed, created_by, created_at FROM partner_links;
DROP TABLE partner_links;
ALTER TABLE partner_links_rebuilt RENAME TO partner_links;
CREATE INDEX partner_links_by_partner ON partner_links (kind, partner_id);
CREATE INDEX partner_links_by_initiative ON partner_links (initiative_id, created_at, id);
CREATE INDEX partner_links_unconfirmed ON partner_links (created_at) WHERE confirmed = FALSE;

CREATE TABLE requests_rebuilt (
    id                TEXT PRIMARY KEY NOT NULL,
    title             TEXT NOT NULL,
    description       TEXT NOT NULL,
    category          TEXT NOT NULL,
    -- comma-separated skill ids and ISO 639-1 codes
    skills            TEXT NOT NULL,
    languages         TEXT NOT NULL,
    wijk_code         TEXT NOT NULL REFERENCES wijken (code),
    mode              TEXT NOT NULL,
    -- the wire form as JSON; NULL = any time
    schedule          TEXT,
    hours_estimate    DOUBLE NOT NULL,
    helpers_needed    INTEGER NOT NULL,
    places_held       INTEGER NOT NULL DEFAULT 0,
    urgency           TEXT NOT NULL,
    status            TEXT NOT NULL,
    initiative_id     TEXT REFERENCES initiatives (id) ON DELETE SET NULL,
    -- the account that filed it (kept as a bare id)
    created_by        TEXT,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    closed_at         TIMESTAMP,
    requester_name    TEXT,
    requester_contact TEXT,
    private_notes     TEXT,
    address           TEXT,
    lat               DOUBLE,
    lon               DOUBLE,
    private_erased_at TIMESTAMP,
    CHECK (places_held >= 0 AND places_held <= helpers_needed),
    CHECK (status IN ('open', 'filled', 'closed')),
    CHECK (mode IN ('one_off', 'recurring', 'project')),
    CHECK (urgency IN ('low', 'normal', 'high'))
);
INSERT INTO requests_rebuilt (id, title, description, category, skills, languages, wijk_code, mode, schedule, hours_estimate, helpers_needed, places_held, urgency, status, initiative_id, created_by, created_at, updated_at, closed_at, requester_name, requester_contact, private_notes, address, lat, lon, private_erased_at)
    SELECT id, title, description, category, skills, languages, wijk_code, mode, schedule, hours_estimate, helpers_needed, places_held, urgency, status, initiative_id, created_by, created_at, updated_at, closed_at, requester_name, requester_contact, private_notes, address, lat, lon, private_erased_at FROM requests;
DROP TABLE requests;
ALTER TABLE requests_rebuilt RENAME TO requests;
CREATE INDEX requests_by_time ON requests (created_at, id);
CREATE INDEX requests_by_status ON requests (status, created_at, id);
CREATE INDEX requests_by_wijk ON requests (wijk_code, status, created_at, id);
CREATE INDEX requests_by_category ON requests (category, status, created_at, id);
CREATE INDEX requests_by_initiative ON requests (initiative_id);
CREATE INDEX requests_by_creator ON requests (created_by);
CREATE INDEX requests_by_closed ON requests (closed_at);

CREATE TABLE offers_rebuilt (
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
    CHECK (confirmed_matches >= 0 AND confirmed_matches <= max_matches),
    CHECK (status IN ('active', 'expired', 'withdrawn'))
);
INSERT INTO offers_rebuilt (id, volunteer_id, title, categories, skills, wijk_codes, max_distance_km, availability, hours_per_week, max_matches, confirmed_matches, modes, valid_until, status, is_demo, created_at, updated_at)
    SELECT id, volunteer_id, title, categories, skills, wijk_codes, max_distance_km, availability, hours_per_week, max_matches, confirmed_matches, modes, valid_until, status, is_demo, created_at, updated_at FROM offers;
DROP TABLE offers;
ALTER TABLE offers_rebuilt RENAME TO offers;
CREATE INDEX offers_by_volunteer ON offers (volunteer_id, created_at, id);
CREATE INDEX offers_by_expiry ON offers (status, valid_until);

CREATE TABLE matches_rebuilt (
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
    completed_at TIMESTAMP,
    CHECK (status IN ('proposed', 'applied', 'confirmed', 'declined', 'completed', 'cancelled')),
    CHECK (initiated_by IN ('team', 'volunteer'))
);
INSERT INTO matches_rebuilt (id, request_id, offer_id, volunteer_id, status, initiated_by, score, created_at, updated_at, confirmed_at, completed_at)
    SELECT id, request_id, offer_id, volunteer_id, status, initiated_by, score, created_at, updated_at, confirmed_at, completed_at FROM matches;
DROP TABLE matches;
ALTER TABLE matches_rebuilt RENAME TO matches;
CREATE UNIQUE INDEX matches_one_live_per_pair ON matches (request_id, offer_id)
    WHERE status IN ('proposed', 'applied', 'confirmed');
CREATE INDEX matches_by_request ON matches (request_id, status);
CREATE INDEX matches_by_offer ON matches (offer_id, status);
CREATE INDEX matches_by_volunteer ON matches (volunteer_id, created_at, id);
CREATE INDEX matches_by_time ON matches (created_at, id);
CREATE INDEX matches_by_confirmation ON matches (confirmed_at);

CREATE TABLE hours_rebuilt (
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
    CHECK (centi_hours > 0 AND centi_hours <= 2400),
    CHECK (status IN ('logged', 'confirmed', 'rejected'))
);
INSERT INTO hours_rebuilt (id, match_id, volunteer_id, request_id, date, centi_hours, note, status, confirmed_by, created_at, decided_at)
    SELECT id, match_id, volunteer_id, request_id, date, centi_hours, note, status, confirmed_by, created_at, decided_at FROM hours;
DROP TABLE hours;
ALTER TABLE hours_rebuilt RENAME TO hours;
CREATE INDEX hours_by_match ON hours (match_id, date, id);
CREATE INDEX hours_by_volunteer ON hours (volunteer_id, date, id);
CREATE INDEX hours_by_decision ON hours (status, decided_at);

COMMIT;
PRAGMA foreign_keys = ON;
