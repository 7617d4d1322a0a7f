ALTER TABLE wij_contacts DROP COLUMN is_demo;
DROP TABLE partner_links;
DROP TABLE key_figures;
DROP TABLE volunteer_reach;
DROP TABLE volunteer_skills;
DROP TABLE volunteer_profiles;
DROP TABLE initiative_coordinators;
DROP TABLE initiative_themes;
DROP TABLE initiatives;
