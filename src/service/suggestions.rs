//! Suggestions through the matching engine: the best offers for a request (for its
//! managers) and the best requests for an offer (for its volunteer).
//!
//! The database narrows the candidates with one indexed read (offers that reach the
//! request's wijk in its category, or open requests in the wijken and categories an offer
//! reaches); the engine applies every hard rule and ranks. Both sides are placed at public
//! locations (see [`super::engine`]), so nothing here reveals an exact address, and only
//! public faces of requests leave this module.

use std::collections::HashMap;

use serde::Serialize;
use utoipa::ToSchema;

use super::engine;
use super::offers::{self as offers_service, OfferStatus};
use super::requests::{self as requests_service, PublicRequestView, Urgency};
use crate::db::requests::{OPEN, RequestRow};
use crate::db::{DbConnection, matches, now, offers, requests};
use crate::domain::account::Caller;
use crate::error::AppResult;
use crate::matching::{self, Ctx, Grid, OfferIndex, Proposer, RequestIndex, Weights};

/// Why a pair scored what it did.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReasonsView {
    /// Between public locations (wijk centroids), whole km.
    pub distance_km: f64,
    /// Minutes per week the schedule and the availability share.
    pub overlap_minutes: u32,
    pub skills_matched: Vec<String>,
    pub skills_missing: Vec<String>,
    pub shared_languages: Vec<String>,
    pub waiting_days: u32,
    pub urgency: Urgency,
}

impl From<&matching::Reasons> for ReasonsView {
    fn from(r: &matching::Reasons) -> Self {
        ReasonsView {
            distance_km: crate::domain::geo::public_km(r.distance_km),
            overlap_minutes: r.overlap_minutes,
            skills_matched: r.skills_matched.clone(),
            skills_missing: r.skills_missing.clone(),
            shared_languages: r.shared_languages.clone(),
            waiting_days: r.waiting_days,
            urgency: match r.urgency {
                matching::Urgency::Low => Urgency::Low,
                matching::Urgency::Normal => Urgency::Normal,
                matching::Urgency::High => Urgency::High,
            },
        }
    }
}

/// One offer suggested for a request.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OfferSuggestionView {
    pub offer_id: String,
    pub volunteer_id: String,
    pub display_name: String,
    /// 0–100.
    pub score: i64,
    pub reasons: ReasonsView,
}

/// One request suggested for an offer: its public face, with the score.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RequestSuggestionView {
    #[serde(flatten)]
    pub request: PublicRequestView,
    /// 0–100.
    pub score: i64,
    pub reasons: ReasonsView,
}

/// The best `limit` feasible offers for a request (its managers). Volunteers who only want
/// to be matched when they ask are never suggested.
pub fn for_request(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    limit: u32,
    weights: &Weights,
) -> AppResult<Vec<OfferSuggestionView>> {
    let (row, _) = requests_service::managed(conn, caller, id)?;
    if row.status != OPEN || row.places_held >= row.helpers_needed {
        return Ok(Vec::new());
    }
    let candidates = offers::candidates(
        conn,
        std::slice::from_ref(&row.wijk_code),
        std::slice::from_ref(&row.category),
        now(),
        true,
    )?;
    let request = engine::request_specs(conn, std::slice::from_ref(&row))?
        .pop()
        .ok_or_else(|| crate::error::AppError::internal("no spec"))?;
    let specs = candidates
        .iter()
        .map(engine::offer_spec)
        .collect::<AppResult<Vec<_>>>()?;
    let states = matches::states_for_requests(conn, std::slice::from_ref(&row.id))?;
    let exclusions = engine::exclusions(&states, false)?;
    let ctx = Ctx::new(engine::now_utc(), Proposer::Others, &exclusions);
    let index = OfferIndex::from_offers(Grid::default(), &specs);
    let top = index.top_k_offers(&request, limit as usize, &ctx, weights);
    let volunteers: Vec<String> = top.iter().map(|s| s.volunteer_id.to_string()).collect();
    let names = offers::display_names(conn, &volunteers)?;
    Ok(top
        .into_iter()
        .map(|s| OfferSuggestionView {
            offer_id: s.offer_id.to_string(),
            volunteer_id: s.volunteer_id.to_string(),
            display_name: names
                .get(&s.volunteer_id.to_string())
                .cloned()
                .unwrap_or_default(),
            score: i64::from(s.scored.score),
            reasons: ReasonsView::from(&s.scored.reasons),
        })
        .collect())
}

/// The best `limit` feasible open requests for an offer (its volunteer), as public faces.
pub fn for_offer(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    limit: u32,
    weights: &Weights,
) -> AppResult<Vec<RequestSuggestionView>> {
    let row = offers_service::owned(conn, caller, id)?;
    if offers_service::status_at(&row, now()) != OfferStatus::Active {
        return Ok(Vec::new());
    }
    let Some(candidate) = offers::candidate(conn, id)? else {
        return Ok(Vec::new());
    };
    let offer = engine::offer_spec(&candidate)?;
    let reach = offers::reach_of(conn, id)?;
    let mut wijken: Vec<String> = reach.iter().map(|(w, _)| w.clone()).collect();
    let mut categories: Vec<String> = reach.into_iter().map(|(_, c)| c).collect();
    for v in [&mut wijken, &mut categories] {
        v.sort_unstable();
        v.dedup();
    }
    let rows = requests::open_with_free_places(conn, &wijken, Some(&categories))?;
    let specs = engine::request_specs(conn, &rows)?;
    let by_id: HashMap<uuid::Uuid, &RequestRow> =
        specs.iter().zip(&rows).map(|(s, r)| (s.id, r)).collect();
    let states = matches::states_for_volunteer(conn, &row.volunteer_id)?;
    let exclusions = engine::exclusions(&states, false)?;
    let ctx = Ctx::new(engine::now_utc(), Proposer::Volunteer, &exclusions);
    let index = RequestIndex::from_requests(Grid::default(), &specs);
    index
        .top_k_requests(&offer, limit as usize, &ctx, weights)
        .into_iter()
        .filter_map(|s| by_id.get(&s.request_id).map(|r| (s, *r)))
        .map(|(s, r)| {
            Ok(RequestSuggestionView {
                request: requests_service::public_face(r)?,
                score: i64::from(s.scored.score),
                reasons: ReasonsView::from(&s.scored.reasons),
            })
        })
        .collect()
}
