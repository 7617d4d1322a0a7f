DROP TABLE volunteer_aliases;
