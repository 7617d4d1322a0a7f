-- The registry: initiatives and their coordinators and partners, volunteer profiles with
-- the wijken they reach, and key figures.
CREATE TABLE initiatives (
    id            TEXT PRIMARY KEY NOT NULL,
    name          TEXT NOT NULL,
    description   TEXT NOT NULL,
    wijk_code     TEXT NOT NULL REFERENCES wijken (code),
    address       TEXT,
    lat           DOUBLE,
    lon           DOUBLE,
    contact_email TEXT,
    website       TEXT,
    -- name and description folded (lowercase, accents removed) in Rust, for portable search
    search_text   TEXT NOT NULL,
    is_demo       BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX initiatives_by_time ON initiatives (created_at, id);
CREATE INDEX initiatives_by_wijk ON initiatives (wijk_code, created_at, id);

CREATE TABLE initiative_themes (
    initiative_id TEXT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    theme         TEXT NOT NULL,
    PRIMARY KEY (initiative_id, theme)
);
CREATE INDEX initiative_themes_by_theme ON initiative_themes (theme, initiative_id);

CREATE TABLE initiative_coordinators (
    initiative_id TEXT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    added_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (initiative_id, user_id)
);
CREATE INDEX initiative_coordinators_by_user ON initiative_coordinators (user_id);

CREATE TABLE volunteer_profiles (
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
    updated_at         TIMESTAMP NOT NULL
);
CREATE INDEX volunteer_profiles_by_wijk ON volunteer_profiles (wijk_code, created_at, user_id);

CREATE TABLE volunteer_skills (
    user_id TEXT NOT NULL REFERENCES volunteer_profiles (user_id) ON DELETE CASCADE,
    skill   TEXT NOT NULL,
    PRIMARY KEY (user_id, skill)
);
CREATE INDEX volunteer_skills_by_skill ON volunteer_skills (skill, user_id);

-- Which wijken a volunteer reaches (home wijk, or the wijk's centroid within their radius),
-- kept up to date on every profile write, so the social map is an indexed range read.
CREATE TABLE volunteer_reach (
    wijk_code   TEXT NOT NULL REFERENCES wijken (code),
    user_id     TEXT NOT NULL REFERENCES volunteer_profiles (user_id) ON DELETE CASCADE,
    distance_km DOUBLE NOT NULL,
    is_home     BOOLEAN NOT NULL,
    PRIMARY KEY (wijk_code, user_id)
);
CREATE INDEX volunteer_reach_by_distance ON volunteer_reach (wijk_code, distance_km, user_id);
CREATE INDEX volunteer_reach_by_user ON volunteer_reach (user_id);

CREATE TABLE key_figures (
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
    updated_at          TIMESTAMP NOT NULL
);
CREATE INDEX key_figures_by_time ON key_figures (created_at, id);
CREATE INDEX key_figures_by_wijk ON key_figures (wijk_code, created_at, id);

CREATE TABLE partner_links (
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
    UNIQUE (initiative_id, kind, partner_id)
);
CREATE INDEX partner_links_by_partner ON partner_links (kind, partner_id);
CREATE INDEX partner_links_by_initiative ON partner_links (initiative_id, created_at, id);

-- Demo contacts (seed-demo) are marked, so they can be told apart and replaced.
ALTER TABLE wij_contacts ADD COLUMN is_demo BOOLEAN NOT NULL DEFAULT FALSE;
