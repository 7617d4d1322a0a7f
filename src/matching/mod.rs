//! The matching engine: which offers may serve which requests (hard rules), how well
//! (an explainable score), the best few for one side (grid indexes), and the optimal set of
//! pairs for a batch run (an exact min-cost-flow solver). Pure: no I/O, no database, no HTTP.
//!
//! - [`model`]: what matching needs of requests and offers;
//! - [`rules`]: the terms of the hard rules ([`Ctx`], [`Proposer`], [`Exclusions`],
//!   [`Infeasible`]); [`feasibility`]: the rules for one pair ([`check_feasible`]);
//! - [`score`]: the 0–100 score and its [`Reasons`]; [`config`]: `[matching]` with the
//!   score [`Weights`];
//! - `core` (private): the one implementation of the rules and the score that every entry
//!   point goes through;
//! - [`index`]: top-k suggestions ([`OfferIndex`], [`RequestIndex`]) and the full-scan oracle;
//! - [`live`]: the state an instance keeps in memory and changes record by record
//!   ([`LiveIndex`]);
//! - [`solver`]: the exact assignment ([`solve`], incremental [`Solver`]);
//! - [`batch`]: a matching run ([`plan_batch`]); [`cli`]: `wijkmatch solve` ([`run_solve`]);
//! - [`time`]: overlap in Europe/Amsterdam time; [`synthetic`]: test and benchmark data.

pub mod batch;
pub mod cli;
pub mod config;
mod core;
pub mod feasibility;
pub mod index;
pub mod live;
pub mod model;
mod packed;
pub mod rules;
pub mod score;
pub mod solver;
pub mod synthetic;
pub mod time;

#[cfg(test)]
mod tests;

pub use batch::{BatchPlan, Proposal, Unmatched, plan_batch};
pub use cli::run_solve;
pub use config::{MatchingConfig, Weights};
pub use feasibility::check_feasible;
pub use index::{
    Grid, OfferIndex, RequestIndex, RequestSuggestion, SearchStats, Suggestion,
    full_scan_top_k_offers,
};
pub use live::{LiveIndex, Pair};
pub use model::{
    ContactPreference, GeoPoint, Mode, OfferSpec, RequestSpec, Schedule, Urgency, WeeklySlot,
};
pub use rules::{Ctx, ExclusionSet, Exclusions, Infeasible, NoExclusions, Proposer};
pub use score::{Reasons, Scored, score};
pub use solver::{Edge, Instance, MAX_SCORE, Objective, Solution, Solver, solve};
