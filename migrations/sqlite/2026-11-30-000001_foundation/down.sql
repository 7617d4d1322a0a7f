DROP TABLE audit_log;
DROP TABLE sessions;
DROP TABLE users;
DROP TABLE wij_contacts;
DROP TABLE wij_team_wijken;
DROP TABLE wij_teams;
DROP TABLE wijken;
