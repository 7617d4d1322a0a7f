//! The score (0–100) of a pair and the reasons that explain it.
//!
//! The score is the weighted mean of six parts, each between 0 and 1:
//! distance `1 / (1 + km / distance_half_km)`; time: per occasion, the share of the time
//! needed (`hours_estimate`, at most the window) that the availability covers, averaged over
//! occasions (1 without a schedule); skills: the share of the request's skills the offer has
//! (1 when none are asked); language: 1 when the volunteer speaks the request's first
//! language or none is named, 0.5 when only another; waiting: days waited / `waiting_full_days`
//! (at most 1); urgency: low 0, normal 0.5, high 1.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::config::Weights;
use super::core::{self, Interner, POffer, PRequest};
use super::model::{OfferSpec, RequestSpec, Urgency};

/// Why a pair scored what it did (API `reasons`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reasons {
    /// Great-circle distance, rounded to 0.01 km.
    pub distance_km: f64,
    pub overlap_minutes: u32,
    pub skills_matched: Vec<String>,
    pub skills_missing: Vec<String>,
    pub shared_languages: Vec<String>,
    pub waiting_days: u32,
    pub urgency: Urgency,
}

/// A score with its explanation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scored {
    pub score: u8,
    pub reasons: Reasons,
}

/// Builds the reasons of a measured pair.
pub(crate) fn reasons(req: &PRequest, off: &POffer, e: &core::Eval) -> Reasons {
    let spec = req.spec;
    let mut skills_matched = Vec::new();
    let mut skills_missing = Vec::new();
    for (code, name) in req.skills.iter().zip(&spec.skills) {
        if off.skills.binary_search(code).is_ok() {
            skills_matched.push(name.clone());
        } else {
            skills_missing.push(name.clone());
        }
    }
    let shared_languages = req
        .langs
        .iter()
        .zip(&spec.languages)
        .filter(|(c, _)| off.langs.binary_search(c).is_ok())
        .map(|(_, n)| n.clone())
        .collect();
    Reasons {
        distance_km: (e.distance_km * 100.0).round() / 100.0,
        overlap_minutes: e.overlap_minutes,
        skills_matched,
        skills_missing,
        shared_languages,
        waiting_days: req.waiting_days,
        urgency: spec.urgency,
    }
}

pub(crate) fn scored(req: &PRequest, off: &POffer, e: &core::Eval, w: &Weights) -> Scored {
    Scored {
        score: core::combine(&core::parts(req, off, e, w), w),
        reasons: reasons(req, off, e),
    }
}

/// The score of a pair at `now`, whether or not it is feasible (check that with
/// [`super::check_feasible`]).
pub fn score(
    request: &RequestSpec,
    offer: &OfferSpec,
    now: DateTime<Utc>,
    weights: &Weights,
) -> Scored {
    let mut int = Interner::default();
    let o = POffer::new(offer, &mut int);
    let r = PRequest::new(request, &int, now);
    let e = core::measure(&r, &o);
    scored(&r, &o, &e, weights)
}
