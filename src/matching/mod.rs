//! The matching engine: which offers may serve which requests (hard rules), how well
//! (an explainable score), the best few for one side (grid indexes), and the optimal set of
//! pairs for a batch run (an exact min-cost-flow solver). Pure: no I/O, no database, no HTTP.
//!
//! - [`model`]: what matching needs of requests and offers;
//! - [`feasibility`]: the hard rules ([`check_feasible`], [`Infeasible`], [`Ctx`]);
//! - [`score`]: the 0–100 score and its [`Reasons`], [`Weights`] from `[matching.weights]`;
//! - [`index`]: top-k suggestions ([`OfferIndex`], [`RequestIndex`]) and the full-scan oracle;
//! - [`solver`]: the exact assignment ([`solve`], incremental [`Solver`]);
//! - [`batch`]: a matching run ([`plan_batch`]); [`cli`]: `wijkmatch solve` ([`run_solve`]);
//! - [`time`]: overlap in Europe/Amsterdam time; [`synthetic`]: test and benchmark data.

pub mod batch;
pub mod cli;
pub mod config;
mod core;
pub mod feasibility;
pub mod index;
pub mod model;
mod packed;
pub mod score;
pub mod solver;
pub mod synthetic;
pub mod time;

#[cfg(test)]
mod tests;

pub use batch::{BatchPlan, Proposal, Unmatched, plan_batch};
pub use cli::run_solve;
pub use config::MatchingConfig;
pub use feasibility::{
    Ctx, ExclusionSet, Exclusions, Infeasible, NoExclusions, Proposer, check_feasible,
};
pub use index::{
    Grid, OfferIndex, RequestIndex, RequestSuggestion, SearchStats, Suggestion,
    full_scan_top_k_offers,
};
pub use model::{
    ContactPreference, GeoPoint, Mode, OfferSpec, RequestSpec, Schedule, Urgency, WeeklySlot,
};
pub use score::{Reasons, Scored, Weights, score};
pub use solver::{Edge, Instance, MAX_SCORE, Objective, Solution, Solver, solve};
