-- Every closed set of values gets a CHECK listing its texts, the same lists the Rust types
-- declare. Existing rows are kept; a row outside its set makes the migration fail.

ALTER TABLE volunteer_profiles ADD CONSTRAINT volunteer_profiles_contact_preference_check CHECK (contact_preference IN ('propose', 'only_when_i_ask'));
ALTER TABLE key_figures ADD CONSTRAINT key_figures_visibility_check CHECK (visibility IN ('team_only', 'public'));
ALTER TABLE partner_links ADD CONSTRAINT partner_links_kind_check CHECK (kind IN ('volunteer', 'key_figure', 'wij_contact'));
ALTER TABLE requests ADD CONSTRAINT requests_status_check CHECK (status IN ('open', 'filled', 'closed'));
ALTER TABLE requests ADD CONSTRAINT requests_mode_check CHECK (mode IN ('one_off', 'recurring', 'project'));
ALTER TABLE requests ADD CONSTRAINT requests_urgency_check CHECK (urgency IN ('low', 'normal', 'high'));
ALTER TABLE offers ADD CONSTRAINT offers_status_check CHECK (status IN ('active', 'expired', 'withdrawn'));
ALTER TABLE matches ADD CONSTRAINT matches_status_check CHECK (status IN ('proposed', 'applied', 'confirmed', 'declined', 'completed', 'cancelled'));
ALTER TABLE matches ADD CONSTRAINT matches_initiated_by_check CHECK (initiated_by IN ('team', 'volunteer'));
ALTER TABLE hours ADD CONSTRAINT hours_status_check CHECK (status IN ('logged', 'confirmed', 'rejected'));
