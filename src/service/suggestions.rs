//! Suggestions through the matching engine: the best offers for a request (for its
//! managers) and the best requests for an offer (for its volunteer).
//!
//! The database narrows the candidates with one indexed read (offers that reach the
//! request's wijk in its category, or open requests in the wijken and categories an offer
//! reaches); the engine applies every hard rule and ranks. Both sides are placed at public
//! locations (see [`super::engine`]), so nothing here reveals an exact address, and only
//! public faces of requests leave this module.
//!
//! Managers who are not vetted (coordinators) see a volunteer under a per-request
//! alias, without id, until the volunteer applies to or accepts a match with the request:
//! running a request must not become a way to harvest the volunteer directory.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use utoipa::ToSchema;

use super::engine;
use super::live::Live;
use super::offers as offers_service;
use super::requests::{self as requests_service, PublicRequestView};
use crate::db::aliases::{self, AliasRow};
use crate::db::requests::RequestRow;
use crate::db::{DbConnection, matches, now, offers, requests};
use crate::domain::account::Caller;
use crate::domain::alias::{self, AliasKey};
use crate::domain::status::{OfferStatus, RequestStatus};
use crate::error::{AppError, AppResult};
use crate::i18n::Text;
use crate::matching::{
    self, Ctx, Grid, OfferIndex, Proposer, RequestIndex, RequestSuggestion, Suggestion, Weights,
};

/// Where the ranking comes from: this instance's live index, or the tables read for the
/// call (the oracle the live index must equal, and the way when the index does not hold
/// the record yet). Access rules, projections and aliases are the same either way.
#[derive(Debug, Clone, Copy)]
pub enum Source<'a> {
    Live(&'a Live),
    Tables,
}

impl<'a> Source<'a> {
    /// The live index when it is switched on (`matching.live_index`), else the tables.
    pub fn of(live: &'a Live, enabled: bool) -> Self {
        if enabled {
            Source::Live(live)
        } else {
            Source::Tables
        }
    }
}

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
    pub urgency: matching::Urgency,
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
            urgency: r.urgency,
        }
    }
}

/// One offer suggested for a request.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OfferSuggestionView {
    pub offer_id: String,
    /// The volunteer's user id; `null` for a manager who is not vetted (not an admin, nor a
    /// worker of a team covering the request's wijk) until the volunteer applies to or
    /// accepts a match with the request.
    #[schema(required = true)]
    pub volunteer_id: Option<String>,
    /// The volunteer's display name; for a manager who is not vetted, until then, an alias
    /// that is the same on every call for this request and unrelated to the volunteer's
    /// alias on any other request.
    #[schema(example = "Vrijwilliger A")]
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

/// How a suggested volunteer is shown.
#[derive(Debug, Clone)]
enum Shown {
    Named {
        volunteer_id: String,
        name: String,
    },
    /// Under the alias with this tag.
    Aliased {
        tag: String,
    },
}

/// A request's suggestions as ranked, before they are shown: aliases seen for the first
/// time must be stored ([`store_new_aliases`]) so they stay the same on the next call.
#[derive(Debug)]
struct RequestSuggestions {
    request_id: String,
    items: Vec<(OfferSuggestion, Shown)>,
    /// Ordinals of the aliases already stored, by tag.
    ordinals: HashMap<String, i32>,
}

#[derive(Debug)]
struct OfferSuggestion {
    offer_id: String,
    score: i64,
    reasons: ReasonsView,
}

impl RequestSuggestions {
    /// Tags shown for the first time, in tag order (a keyed hash, so the letters say
    /// nothing about rank or identity).
    fn new_tags(&self) -> Vec<String> {
        let mut tags: Vec<String> = self
            .items
            .iter()
            .filter_map(|(_, shown)| match shown {
                Shown::Aliased { tag } if !self.ordinals.contains_key(tag) => Some(tag.clone()),
                _ => None,
            })
            .collect();
        tags.sort_unstable();
        tags.dedup();
        tags
    }

    fn into_views(self) -> AppResult<Vec<OfferSuggestionView>> {
        let ordinals = self.ordinals;
        self.items
            .into_iter()
            .map(|(s, shown)| {
                let (volunteer_id, display_name) = match shown {
                    Shown::Named { volunteer_id, name } => (Some(volunteer_id), name),
                    Shown::Aliased { tag } => {
                        let ordinal = ordinals
                            .get(&tag)
                            .and_then(|o| u32::try_from(*o).ok())
                            .ok_or_else(|| AppError::internal("an alias was not stored"))?;
                        (None, alias::display(ordinal))
                    }
                };
                Ok(OfferSuggestionView {
                    offer_id: s.offer_id,
                    volunteer_id,
                    display_name,
                    score: s.score,
                    reasons: s.reasons,
                })
            })
            .collect()
    }
}

/// The best `limit` feasible offers for a request (its managers). Volunteers who only want
/// to be matched when they ask are never suggested. Reads, and writes only the aliases of
/// volunteers shown for the first time, in one short transaction after the reads.
pub fn for_request(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    limit: u32,
    weights: &Weights,
    key: &AliasKey,
) -> AppResult<Vec<OfferSuggestionView>> {
    for_request_from(conn, Source::Tables, caller, id, limit, weights, key)
}

/// [`for_request`], ranked by `source`.
pub fn for_request_from(
    conn: &mut DbConnection,
    source: Source<'_>,
    caller: &Caller,
    id: &str,
    limit: u32,
    weights: &Weights,
    key: &AliasKey,
) -> AppResult<Vec<OfferSuggestionView>> {
    let mut found = rank(conn, source, caller, id, limit, weights, key)?;
    store_new_aliases(conn, &mut found)?;
    found.into_views()
}

/// The best `limit` offers for an open request with a free place, from the tables: the
/// offers that reach its wijk in its category, through a fresh index.
fn offers_from_tables(
    conn: &mut DbConnection,
    row: &RequestRow,
    limit: u32,
    weights: &Weights,
) -> AppResult<Vec<Suggestion>> {
    let candidates = offers::candidates(
        conn,
        std::slice::from_ref(&row.wijk_code),
        std::slice::from_ref(&row.category),
        now(),
        true,
    )?;
    let request = engine::request_specs(conn, std::slice::from_ref(row))?
        .pop()
        .ok_or_else(|| AppError::internal("no spec"))?;
    let specs = candidates
        .iter()
        .map(engine::offer_spec)
        .collect::<AppResult<Vec<_>>>()?;
    let states = matches::states_for_requests(conn, std::slice::from_ref(&row.id))?;
    let exclusions = engine::exclusions(&states, false)?;
    let ctx = Ctx::new(engine::now_utc(), Proposer::Others, &exclusions);
    let index = OfferIndex::from_offers(Grid::default(), &specs);
    Ok(index.top_k_offers(&request, limit as usize, &ctx, weights))
}

#[allow(clippy::too_many_arguments)]
fn rank(
    conn: &mut DbConnection,
    source: Source<'_>,
    caller: &Caller,
    id: &str,
    limit: u32,
    weights: &Weights,
    key: &AliasKey,
) -> AppResult<RequestSuggestions> {
    let (row, rel) = requests_service::managed(conn, caller, id)?;
    let mut out = RequestSuggestions {
        request_id: row.id.clone(),
        items: Vec::new(),
        ordinals: HashMap::new(),
    };
    if row.status != RequestStatus::Open || row.places_held >= row.helpers_needed {
        return Ok(out);
    }
    let held = match source {
        Source::Live(live) => {
            live.top_offers(conn, &row.id, limit as usize, engine::now_utc(), weights)?
        }
        Source::Tables => None,
    };
    let top = match held {
        Some(top) => top,
        None => offers_from_tables(conn, &row, limit, weights)?,
    };
    if top.is_empty() {
        return Ok(out);
    }
    // Who the caller may know by name: everyone when vetted; else themselves and the
    // volunteers who came forward on this request.
    let known: Option<HashSet<String>> = if rel.vetted_for(&row) {
        None
    } else {
        let mut known: HashSet<String> =
            matches::consented_pairs(conn, std::slice::from_ref(&row.id))?
                .into_iter()
                .map(|(_, volunteer)| volunteer)
                .collect();
        known.insert(caller.user_id.clone());
        Some(known)
    };
    let is_known = |volunteer: &str| known.as_ref().is_none_or(|k| k.contains(volunteer));
    let mut named: Vec<String> = top
        .iter()
        .map(|s| s.volunteer_id.to_string())
        .filter(|v| is_known(v))
        .collect();
    named.sort_unstable();
    named.dedup();
    // Names are read only for those the caller may know.
    let names = if named.is_empty() {
        HashMap::new()
    } else {
        offers::display_names(conn, &named)?
    };
    for s in top {
        let volunteer_id = s.volunteer_id.to_string();
        let shown = if is_known(&volunteer_id) {
            Shown::Named {
                name: names.get(&volunteer_id).cloned().unwrap_or_default(),
                volunteer_id,
            }
        } else {
            Shown::Aliased {
                tag: key.tag(&row.id, &volunteer_id),
            }
        };
        out.items.push((
            OfferSuggestion {
                offer_id: s.offer_id.to_string(),
                score: i64::from(s.scored.score),
                reasons: ReasonsView::from(&s.scored.reasons),
            },
            shown,
        ));
    }
    let tags: Vec<String> = out
        .items
        .iter()
        .filter_map(|(_, shown)| match shown {
            Shown::Aliased { tag } => Some(tag.clone()),
            Shown::Named { .. } => None,
        })
        .collect();
    if !tags.is_empty() {
        out.ordinals = aliases::ordinals(conn, &row.id, &tags)?
            .into_iter()
            .collect();
    }
    Ok(out)
}

/// Store the aliases shown for the first time, in one write transaction, so every later
/// call shows the same letters; nothing when there are none. Concurrent callers (other
/// instances on PostgreSQL) may take the same ordinal; the loser reads theirs and tries
/// again.
fn store_new_aliases(conn: &mut DbConnection, s: &mut RequestSuggestions) -> AppResult<()> {
    const ATTEMPTS: usize = 3;
    for attempt in 1..=ATTEMPTS {
        let new_tags = s.new_tags();
        if new_tags.is_empty() {
            return Ok(());
        }
        let request_id = s.request_id.clone();
        let stored = conn.write_tx(|conn| -> AppResult<Vec<(String, i32)>> {
            let mut stored = aliases::ordinals(conn, &request_id, &new_tags)?;
            let taken: HashSet<&String> = stored.iter().map(|(tag, _)| tag).collect();
            let next = aliases::next_ordinal(conn, &request_id)?;
            let at = now();
            let rows: Vec<AliasRow> = new_tags
                .iter()
                .filter(|tag| !taken.contains(tag))
                .zip(next..)
                .map(|(tag, ordinal)| AliasRow {
                    request_id: request_id.clone(),
                    tag: tag.clone(),
                    ordinal,
                    created_at: at,
                })
                .collect();
            aliases::insert(conn, &rows)?;
            stored.extend(rows.into_iter().map(|r| (r.tag, r.ordinal)));
            Ok(stored)
        });
        match stored {
            Ok(stored) => {
                s.ordinals.extend(stored);
                return Ok(());
            }
            Err(AppError::Conflict(_)) if attempt < ATTEMPTS => {}
            Err(e) => return Err(e),
        }
    }
    Err(AppError::Conflict(Text::SuggestionsChanged))
}

/// Why each of these offers suits a request now, as the engine scores the pair (its
/// managers; 404 or 403 as [`requests_service::managed`]): the reasons shown beside the
/// applications and proposals that wait on the request's page. An offer that no longer
/// exists is left out.
pub fn reasons_for(
    conn: &mut DbConnection,
    caller: &Caller,
    request_id: &str,
    offer_ids: &[String],
    weights: &Weights,
) -> AppResult<Vec<(String, ReasonsView)>> {
    let (row, _) = requests_service::managed(conn, caller, request_id)?;
    if offer_ids.is_empty() {
        return Ok(Vec::new());
    }
    let request = engine::request_specs(conn, std::slice::from_ref(&row))?
        .pop()
        .ok_or_else(|| AppError::internal("no spec"))?;
    let now_utc = engine::now_utc();
    let mut out = Vec::with_capacity(offer_ids.len());
    for id in offer_ids {
        if let Some(candidate) = offers::candidate(conn, id)? {
            let offer = engine::offer_spec(&candidate)?;
            let scored = matching::score(&request, &offer, now_utc, weights);
            out.push((id.clone(), ReasonsView::from(&scored.reasons)));
        }
    }
    Ok(out)
}

/// The best `limit` feasible open requests for an offer (its volunteer), as public faces.
pub fn for_offer(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    limit: u32,
    weights: &Weights,
) -> AppResult<Vec<RequestSuggestionView>> {
    for_offer_from(conn, Source::Tables, caller, id, limit, weights)
}

/// [`for_offer`], ranked by `source`: from the live index, only the rows shown are read.
pub fn for_offer_from(
    conn: &mut DbConnection,
    source: Source<'_>,
    caller: &Caller,
    id: &str,
    limit: u32,
    weights: &Weights,
) -> AppResult<Vec<RequestSuggestionView>> {
    let row = offers_service::owned(conn, caller, id)?;
    if offers_service::status_at(&row, now()) != OfferStatus::Active {
        return Ok(Vec::new());
    }
    let held = match source {
        Source::Live(live) => {
            live.top_requests(conn, id, limit as usize, engine::now_utc(), weights)?
        }
        Source::Tables => None,
    };
    let (top, rows) = match held {
        Some(top) => {
            let ids: Vec<String> = top.iter().map(|s| s.request_id.to_string()).collect();
            (top, requests::find_many(conn, &ids)?)
        }
        None => match requests_from_tables(conn, &row.volunteer_id, id, limit, weights)? {
            Some(found) => found,
            None => return Ok(Vec::new()),
        },
    };
    let by_id: HashMap<String, &RequestRow> = rows.iter().map(|r| (r.id.clone(), r)).collect();
    top.into_iter()
        .filter_map(|s| by_id.get(&s.request_id.to_string()).map(|r| (s, *r)))
        .map(|(s, r)| {
            Ok(RequestSuggestionView {
                request: requests_service::public_face(r)?,
                score: i64::from(s.scored.score),
                reasons: ReasonsView::from(&s.scored.reasons),
            })
        })
        .collect()
}

/// The best `limit` open requests for an active offer, from the tables: those in the wijken
/// and categories it reaches, through a fresh index; with their rows.
fn requests_from_tables(
    conn: &mut DbConnection,
    volunteer_id: &str,
    id: &str,
    limit: u32,
    weights: &Weights,
) -> AppResult<Option<(Vec<RequestSuggestion>, Vec<RequestRow>)>> {
    let Some(candidate) = offers::candidate(conn, id)? else {
        return Ok(None);
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
    let states = matches::states_for_volunteer(conn, volunteer_id)?;
    let exclusions = engine::exclusions(&states, false)?;
    let ctx = Ctx::new(engine::now_utc(), Proposer::Volunteer, &exclusions);
    let index = RequestIndex::from_requests(Grid::default(), &specs);
    let top = index.top_k_requests(&offer, limit as usize, &ctx, weights);
    Ok(Some((top, rows)))
}
