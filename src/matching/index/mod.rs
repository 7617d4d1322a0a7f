//! Top-k suggestions without scanning everything.
//!
//! Offers (and requests) are kept in a uniform grid of 2 km cells: for offers one list per
//! lane (category and mode) and cell, packed row by row (`matching::packed`), plus one list
//! per lane and wijk for offers that reach a wijk by name.
//! A query walks rings of cells outward from the point and stops as soon as no cell further
//! out can be reached (beyond the largest travel radius in the category) or could beat the
//! k-th best score found (the score falls with distance, so the best an offer in a ring can
//! reach is bounded by the ring's nearest possible distance). Every candidate goes through
//! the same rules and score as [`super::check_feasible`] and [`super::score`].
//!
//! - `grid`: cells, rings and distance bounds; the keys of the cell and wijk lists;
//! - `week`: bitsets of the week and of small code sets;
//! - `bounds`: the 48-byte record in the lists, cheap refusals and the score bound;
//! - `topk`: the best k by a total order;
//! - `offers`: [`OfferIndex`] (a request's best offers) and [`Suggestion`];
//! - `requests`: [`RequestIndex`] (an offer's best requests) and [`RequestSuggestion`];
//! - `oracle`: [`full_scan_top_k_offers`], the answer the indexes must give.

mod bounds;
mod grid;
mod offers;
mod oracle;
mod requests;
mod topk;
mod week;

pub use grid::Grid;
pub use offers::{OfferIndex, Suggestion};
pub use oracle::full_scan_top_k_offers;
pub use requests::{RequestIndex, RequestSuggestion};

/// The work one top-k search took.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SearchStats {
    /// Rings of cells walked outward from the query point.
    pub rings: usize,
    /// Non-empty cell lists opened.
    pub cells: usize,
    /// Offers read from the lists.
    pub scanned: usize,
    /// Offers that passed the cheap rules (and got a score bound).
    pub passed: usize,
    /// Offers that went through all rules and the score.
    pub evaluated: usize,
}
