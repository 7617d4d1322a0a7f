//! wijkmatch: a neighbourhood initiative registry and matchmaking service.
//!
//! Layers: `api` (HTTP, JSON) and `web` (HTTP, HTML pages) → `service` (use cases) → `domain` (types and rules) and `db`
//! (storage). `matching` is the pure engine (no I/O); `reference` holds the compiled-in
//! Groningen data; `jobs` runs background work and `demo` seeds a deterministic demo set.

#[macro_use]
pub mod text_enum;

pub mod api;
pub mod auth;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod jobs;
pub mod mail;
pub mod matching;
pub mod metrics;
pub mod reference;
pub mod service;
pub mod startup;
pub mod telemetry;
pub mod web;
