//! The terms of the hard rules: who asks for a match ([`Proposer`]), which earlier matches
//! rule a pair out ([`Exclusions`]), the context of a decision ([`Ctx`]) and why a pair is
//! refused ([`Infeasible`]). The rules themselves are applied in `core`, which every entry
//! point shares; [`super::check_feasible`] asks them for one pair.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

/// Who is asking for the match: it decides whether rule 10 (consent) applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proposer {
    /// Manager suggestions and batch runs: only volunteers with `contact_preference = propose`.
    Others,
    /// The volunteer's own suggestions and applications.
    Volunteer,
}

/// Pairs that earlier matches rule out (rule 9). The service fills this from the database.
pub trait Exclusions {
    /// An earlier `declined` match between this request and any offer of this volunteer.
    fn declined(&self, request_id: Uuid, volunteer_id: Uuid) -> bool;
    /// A pending (`proposed`, `applied`) or `confirmed` match for this request and offer.
    fn live_match(&self, request_id: Uuid, offer_id: Uuid) -> bool;
}

/// No earlier matches at all.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoExclusions;

impl Exclusions for NoExclusions {
    fn declined(&self, _: Uuid, _: Uuid) -> bool {
        false
    }
    fn live_match(&self, _: Uuid, _: Uuid) -> bool {
        false
    }
}

/// Exclusions held in memory.
#[derive(Debug, Default, Clone)]
pub struct ExclusionSet {
    /// (request_id, volunteer_id) with an earlier `declined` match.
    pub declined: HashSet<(Uuid, Uuid)>,
    /// (request_id, offer_id) with a pending or confirmed match.
    pub live: HashSet<(Uuid, Uuid)>,
}

impl Exclusions for ExclusionSet {
    fn declined(&self, request_id: Uuid, volunteer_id: Uuid) -> bool {
        !self.declined.is_empty() && self.declined.contains(&(request_id, volunteer_id))
    }
    fn live_match(&self, request_id: Uuid, offer_id: Uuid) -> bool {
        !self.live.is_empty() && self.live.contains(&(request_id, offer_id))
    }
}

/// The context of a feasibility decision.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub now: DateTime<Utc>,
    pub proposer: Proposer,
    pub exclusions: &'a dyn Exclusions,
}

impl std::fmt::Debug for Ctx<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ctx")
            .field("now", &self.now)
            .field("proposer", &self.proposer)
            .finish()
    }
}

impl<'a> Ctx<'a> {
    pub fn new(now: DateTime<Utc>, proposer: Proposer, exclusions: &'a dyn Exclusions) -> Self {
        Ctx {
            now,
            proposer,
            exclusions,
        }
    }
}

/// Why an offer may not be matched with a request: one variant per hard rule
/// (rule 3 has two: no overlap, or a `once` window that has already ended). Serialises to the
/// snake_case reason string used in a batch run's `unmatched`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum Infeasible {
    /// Rule 1: the request's category is not among the offer's categories.
    #[error("the request's category is not among the offer's categories")]
    CategoryMismatch,
    /// Rule 2: the request's wijk is not among the offer's wijken and it is beyond the radius.
    #[error("the request is outside the offer's wijken and travel radius")]
    OutOfReach,
    /// Rule 3: less than min(30 minutes, the window) of overlap with the availability.
    #[error("the request's schedule does not overlap the offer's availability")]
    NoTimeOverlap,
    /// Rule 3: the request's `once` window has ended.
    #[error("the request's time window has ended")]
    WindowEnded,
    /// Rule 4: the request names languages and the volunteer speaks none of them.
    #[error("the volunteer speaks none of the request's languages")]
    NoSharedLanguage,
    /// Rule 5: the request's mode is not among the offer's modes.
    #[error("the request's mode is not among the offer's modes")]
    ModeMismatch,
    /// Rule 6: the request has no free place or the offer no free match.
    #[error("no free place on the request or no free match on the offer")]
    NoCapacity,
    /// Rule 7: the offer is inactive, expired, or expires before the `once` window starts.
    #[error("the offer is not active or not valid at that time")]
    OfferNotValid,
    /// Rule 8: the volunteer created the request or coordinates its initiative.
    #[error("the volunteer created the request or coordinates its initiative")]
    OwnRequest,
    /// Rule 9: an earlier declined match with this volunteer, or a live match for the pair.
    #[error("an earlier declined match or a live match exists for this pair")]
    PreviousMatch,
    /// Rule 10: proposed by others while the volunteer only wants to be matched when asking.
    #[error("the volunteer does not want to receive proposals")]
    NotProposable,
}

impl Infeasible {
    /// The snake_case reason code.
    pub fn code(self) -> &'static str {
        match self {
            Infeasible::CategoryMismatch => "category_mismatch",
            Infeasible::OutOfReach => "out_of_reach",
            Infeasible::NoTimeOverlap => "no_time_overlap",
            Infeasible::WindowEnded => "window_ended",
            Infeasible::NoSharedLanguage => "no_shared_language",
            Infeasible::ModeMismatch => "mode_mismatch",
            Infeasible::NoCapacity => "no_capacity",
            Infeasible::OfferNotValid => "offer_not_valid",
            Infeasible::OwnRequest => "own_request",
            Infeasible::PreviousMatch => "previous_match",
            Infeasible::NotProposable => "not_proposable",
        }
    }
}
