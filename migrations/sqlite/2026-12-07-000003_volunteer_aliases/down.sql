DROP INDEX partner_links_unconfirmed;
DROP TABLE volunteer_aliases;
