//! The match lifecycle, a small state machine:
//!
//! ```text
//! proposed (by a manager) ──accept by the volunteer──▶ confirmed ──▶ completed
//! applied (by the volunteer) ──accept by a manager──▶ confirmed ──▶ cancelled
//! proposed | applied ──decline by the other side──▶ declined
//! proposed | applied ──request filled/closed, offer withdrawn/expired──▶ cancelled
//! ```
//!
//! Capacity is taken only at accept, in the same transaction as the state change, through
//! guarded UPDATEs of the request's `places_held` and the offer's `confirmed_matches`: the
//! database refuses an overbooking whatever the concurrency, and a refused accept rolls back
//! and changes nothing.
//!
//! - [`input`]: the pair a client names and the domain value it parses into;
//! - [`views`]: what a caller reads, and whether it shows who the volunteer is;
//! - [`commands`]: the use cases.

pub mod commands;
pub mod input;
pub mod views;

pub use commands::*;
pub use input::{NewMatch, NewMatchInput};
pub use views::{MatchView, view, volunteer_shown};

/// The audit log's name for a match.
pub const SUBJECT: &str = "match";
/// The cursor kind of the match list.
pub const LIST_KIND: &str = "matches";
