//! Black-box tests of the HTTP API: the real application on a random port, a fresh
//! database per test. `TEST_DATABASE_URL=postgres://…` runs the same suite on PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod accounts;
mod admin;
mod authorisation;
mod backup;
mod changes;
mod cli;
mod demo;
mod directory;
mod errors;
mod fixtures;
mod helpers;
mod hours;
mod idempotency;
mod initiatives;
mod insight;
mod key_figures;
mod language;
mod matches;
mod metrics;
mod migrations;
mod offers;
mod operations;
mod partners;
mod reference;
mod requests;
mod runs;
mod safeguards;
mod schema;
mod shutdown;
mod social_map;
mod storage;
mod teams;
mod volunteers;
mod web;
