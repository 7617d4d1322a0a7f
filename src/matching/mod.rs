//! The matching engine: which offers may serve which requests (hard rules), how well
//! (an explainable score), the best few for one side (grid indexes), and the optimal set of
//! pairs for a batch run (an exact min-cost-flow solver). Pure: no I/O, no database, no HTTP.

mod core;
pub mod feasibility;
pub mod model;
pub mod score;
pub mod time;

pub use feasibility::{
    Ctx, ExclusionSet, Exclusions, Infeasible, NoExclusions, Proposer, check_feasible,
};
pub use model::{
    ContactPreference, GeoPoint, Mode, OfferSpec, RequestSpec, Schedule, Urgency, WeeklySlot,
};
pub use score::{Reasons, Scored, Weights, score};
pub mod index;
pub use index::{
    Grid, OfferIndex, RequestIndex, RequestSuggestion, Suggestion, full_scan_top_k_offers,
};
pub mod solver;
pub use solver::{Edge, Instance, MAX_SCORE, Objective, Solution, Solver, solve};
pub mod cli;
pub use cli::run_solve;

pub mod batch;
pub mod synthetic;
#[cfg(test)]
mod tests;
pub use batch::{BatchPlan, Proposal, Unmatched, plan_batch};
