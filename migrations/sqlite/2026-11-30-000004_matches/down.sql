DROP TABLE hours;
DROP TABLE matches;
DROP TABLE offer_reach;
DROP TABLE offers;
