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

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::audit::{self, Action};
use super::engine;
use super::requests::{self as requests_service, Relation};
use super::usage::{self, Limited};
use crate::config::LimitSettings;
use crate::db::matches::{self as repo, MatchRow};
use crate::db::requests::RequestRow;
use crate::db::{self, DbConnection, new_id, now, offers};
use crate::domain::account::Caller;
use crate::domain::id::RecordId;
use crate::domain::paging::{CursorCodec, Page, PageRequest};
use crate::domain::status::{InitiatedBy, MatchStatus, RequestStatus};
use crate::domain::validation::{Checker, Invalid};
use crate::error::{AppError, AppResult};
use crate::i18n::{Noun, Reason, Text};
use crate::matching::{self, Ctx, Proposer, Weights};
use crate::parse_fields;

pub const SUBJECT: &str = "match";
pub const LIST_KIND: &str = "matches";

/// A request and an offer to match; both must exist and be visible to the caller (404
/// otherwise, which the schema cannot state).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMatchInput {
    #[schema(schema_with = RecordId::schema)]
    pub request_id: String,
    #[schema(schema_with = RecordId::schema)]
    pub offer_id: String,
}

/// The pair to match, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMatch {
    pub request_id: RecordId,
    pub offer_id: RecordId,
}

impl TryFrom<&NewMatchInput> for NewMatch {
    type Error = Invalid;

    fn try_from(raw: &NewMatchInput) -> Result<Self, Invalid> {
        let mut check = Checker::new();
        parse_fields!(
            check,
            NewMatch {
                request_id: RecordId::parse("request_id", &raw.request_id),
                offer_id: RecordId::parse("offer_id", &raw.offer_id),
            }
        )
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MatchView {
    pub id: String,
    pub request_id: String,
    pub offer_id: String,
    /// The volunteer's user id. `null` for a manager who is not vetted (not an admin, nor a
    /// worker of a team covering the request's wijk) until the volunteer applies to or
    /// accepts a match with the request.
    #[schema(required = true)]
    pub volunteer_id: Option<String>,
    pub status: MatchStatus,
    pub initiated_by: InitiatedBy,
    /// 0–100, as the engine scored the pair when the match was made.
    pub score: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The whole match: for its volunteer and for vetted managers.
pub fn view(row: &MatchRow) -> AppResult<MatchView> {
    view_as(row, true)
}

fn view_as(row: &MatchRow, shows_volunteer: bool) -> AppResult<MatchView> {
    Ok(MatchView {
        id: row.id.clone(),
        request_id: row.request_id.clone(),
        offer_id: row.offer_id.clone(),
        volunteer_id: shows_volunteer.then(|| row.volunteer_id.clone()),
        status: row.status,
        initiated_by: row.initiated_by,
        score: i64::from(row.score),
        created_at: row.created_at.and_utc(),
        updated_at: row.updated_at.and_utc(),
    })
}

/// Which side of a match the caller is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sides {
    pub volunteer: bool,
    pub manager: bool,
}

/// Has the volunteer of this match made themselves known to the request's managers, by
/// applying or by accepting (a match that was ever confirmed)?
fn volunteer_came_forward(row: &MatchRow) -> bool {
    row.initiated_by == InitiatedBy::Volunteer || row.confirmed_at.is_some()
}

/// For each match (with its request's wijk): may the caller see who its volunteer is? Their
/// own matches, those of requests they are vetted for, and those whose volunteer came
/// forward on that request, through this match or another one. Coordinators thus never
/// learn a volunteer's id from a proposal the volunteer has not answered.
pub fn volunteer_shown(
    conn: &mut DbConnection,
    caller: &Caller,
    rel: &Relation,
    rows: &[(&MatchRow, &str)],
) -> AppResult<Vec<bool>> {
    let mut shown: Vec<bool> = rows
        .iter()
        .map(|(row, wijk)| {
            row.volunteer_id == caller.user_id || rel.vetted_in(wijk) || volunteer_came_forward(row)
        })
        .collect();
    let mut open: Vec<String> = rows
        .iter()
        .zip(&shown)
        .filter(|(_, known)| !**known)
        .map(|((row, _), _)| row.request_id.clone())
        .collect();
    if open.is_empty() {
        return Ok(shown);
    }
    open.sort_unstable();
    open.dedup();
    let came_forward: HashSet<(String, String)> =
        repo::consented_pairs(conn, &open)?.into_iter().collect();
    for ((row, _), known) in rows.iter().zip(shown.iter_mut()) {
        *known =
            *known || came_forward.contains(&(row.request_id.clone(), row.volunteer_id.clone()));
    }
    Ok(shown)
}

/// The match as this caller may see it.
fn view_for(
    conn: &mut DbConnection,
    caller: &Caller,
    rel: &Relation,
    row: &MatchRow,
    request: &RequestRow,
) -> AppResult<MatchView> {
    let shown = volunteer_shown(conn, caller, rel, &[(row, request.wijk_code.as_str())])?;
    view_as(row, shown.first().copied().unwrap_or(false))
}

/// A match with its request and the caller's sides; 404 when the caller is on neither.
pub fn find_for(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
) -> AppResult<(MatchRow, RequestRow, Sides)> {
    let (row, request, sides, _) = find_with_relation(conn, caller, id)?;
    Ok((row, request, sides))
}

fn find_with_relation(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
) -> AppResult<(MatchRow, RequestRow, Sides, Relation)> {
    let row = repo::find(conn, id)?.ok_or(AppError::NotFound(Noun::Match))?;
    let request =
        db::requests::find(conn, &row.request_id)?.ok_or(AppError::NotFound(Noun::Match))?;
    let rel = Relation::of(conn, caller)?;
    let sides = Sides {
        volunteer: row.volunteer_id == caller.user_id,
        manager: rel.manages(&request),
    };
    if !sides.volunteer && !sides.manager {
        return Err(AppError::NotFound(Noun::Match));
    }
    Ok((row, request, sides, rel))
}

/// Propose (a manager of the request) or apply (the offer's volunteer). The pair must be
/// feasible by the engine's hard rules, including consent, earlier declines and live matches
/// (409 with the rule otherwise). Pending matches hold no place.
pub fn create(
    conn: &mut DbConnection,
    caller: &Caller,
    pair: &NewMatch,
    weights: &Weights,
    limits: &LimitSettings,
) -> AppResult<MatchView> {
    let rel = Relation::of(conn, caller)?;
    let request = db::requests::find(conn, pair.request_id.as_str())?
        .filter(|r| requests_service::visible(&rel, r))
        .ok_or(AppError::NotFound(Noun::Request))?;
    let offer =
        offers::candidate(conn, pair.offer_id.as_str())?.ok_or(AppError::NotFound(Noun::Offer))?;
    let (proposer, initiated_by, status) = if offer.offer.volunteer_id == caller.user_id {
        (
            Proposer::Volunteer,
            InitiatedBy::Volunteer,
            MatchStatus::Applied,
        )
    } else if rel.manages(&request) {
        (Proposer::Others, InitiatedBy::Team, MatchStatus::Proposed)
    } else {
        // Someone else's offer, for a request the caller does not manage.
        return Err(AppError::NotFound(Noun::Offer));
    };
    if proposer == Proposer::Volunteer {
        usage::consume(conn, caller, Limited::Application, limits, now())?;
    }
    if request.status != RequestStatus::Open {
        return Err(AppError::Conflict(Text::RequestNotOpen {
            status: request.status.as_str(),
        }));
    }
    let request_spec = engine::request_specs(conn, std::slice::from_ref(&request))?
        .pop()
        .ok_or_else(|| AppError::internal("no spec"))?;
    let offer_spec = engine::offer_spec(&offer)?;
    let states = repo::states_for_requests(conn, std::slice::from_ref(&request.id))?;
    let exclusions = engine::exclusions(&states, false)?;
    let now_utc = engine::now_utc();
    let ctx = Ctx::new(now_utc, proposer, &exclusions);
    matching::check_feasible(&request_spec, &offer_spec, &ctx).map_err(|rule| {
        AppError::Conflict(Text::PairNotMatchable {
            rule: rule.code(),
            reason: Reason::from(rule),
        })
    })?;
    let scored = matching::score(&request_spec, &offer_spec, now_utc, weights);
    let at = now();
    let row = MatchRow {
        id: new_id(),
        request_id: request.id.clone(),
        offer_id: offer.offer.id.clone(),
        volunteer_id: offer.offer.volunteer_id.clone(),
        status: status.to_owned(),
        initiated_by: initiated_by.to_owned(),
        score: i32::from(scored.score),
        created_at: at,
        updated_at: at,
        confirmed_at: None,
        completed_at: None,
    };
    conn.write_tx(|conn| {
        // The partial unique index refuses a second live match for the pair, however the
        // two requests race.
        repo::insert(conn, &row).map_err(|e| match e {
            db::DbError::UniqueViolation => AppError::Conflict(Text::LiveMatchExists),
            other => other.into(),
        })?;
        audit::record(conn, Some(caller), Action::Create, SUBJECT, &row.id)
    })?;
    view_for(conn, caller, &rel, &row, &request)
}

pub fn get(conn: &mut DbConnection, caller: &Caller, id: &str) -> AppResult<MatchView> {
    let (row, request, _, rel) = find_with_relation(conn, caller, id)?;
    view_for(conn, caller, &rel, &row, &request)
}

/// The caller's own matches and those of requests they manage (admins: all), newest first.
pub fn list(
    conn: &mut DbConnection,
    caller: &Caller,
    status: Option<MatchStatus>,
    page: &PageRequest,
    cursors: &CursorCodec,
) -> AppResult<Page<MatchView>> {
    let rel = Relation::of(conn, caller)?;
    let after = page
        .after
        .as_deref()
        .map(audit::parse_time_id)
        .transpose()?;
    let rows = repo::list(conn, &rel.scope(), status, after, page.fetch_limit())?;
    let page = Page::from_rows(rows, page, cursors, LIST_KIND, |(r, _)| {
        vec![r.created_at.and_utc().to_rfc3339(), r.id.clone()]
    });
    let rows: Vec<(&MatchRow, &str)> = page
        .items
        .iter()
        .map(|(row, wijk)| (row, wijk.as_str()))
        .collect();
    let shown = volunteer_shown(conn, caller, &rel, &rows)?;
    let items = rows
        .iter()
        .zip(shown)
        .map(|((row, _), shown)| view_as(row, shown))
        .collect::<AppResult<_>>()?;
    Ok(Page {
        items,
        next_cursor: page.next_cursor,
    })
}

/// The pending state the caller, as "the other side", may accept or decline.
fn awaiting(row: &MatchRow, sides: Sides) -> AppResult<MatchStatus> {
    match row.status {
        MatchStatus::Proposed if sides.volunteer => Ok(MatchStatus::Proposed),
        // Nobody is on both sides of one match: a volunteer who later became a manager
        // of the request (say, added as coordinator) still cannot accept their own application.
        MatchStatus::Applied if sides.manager && !sides.volunteer => Ok(MatchStatus::Applied),
        MatchStatus::Applied if sides.volunteer => Err(AppError::Forbidden(Text::OwnApplication)),
        MatchStatus::Proposed | MatchStatus::Applied => {
            Err(AppError::Forbidden(Text::OtherSideAnswers))
        }
        other => Err(AppError::Conflict(Text::MatchNotAwaiting {
            status: other.as_str(),
        })),
    }
}

/// Accept a pending match: it becomes `confirmed` and takes a place on the request and on
/// the offer, or nothing changes (409) when either has none free.
pub fn accept(conn: &mut DbConnection, caller: &Caller, id: &str) -> AppResult<MatchView> {
    let (row, request, sides, rel) = find_with_relation(conn, caller, id)?;
    let from = awaiting(&row, sides)?;
    // Lock order request → offer → match, the same in every transaction that takes or
    // frees places, so concurrent accepts queue on the request row instead of deadlocking.
    conn.write_tx(|conn| {
        let at = now();
        if !db::requests::take_place(conn, &row.request_id)? {
            return Err(AppError::Conflict(Text::RequestFull));
        }
        if !offers::take_place(conn, &row.offer_id, at)? {
            return Err(AppError::Conflict(Text::OfferFull));
        }
        if !repo::transition(conn, id, &[from], MatchStatus::Confirmed, at)? {
            return Err(AppError::Conflict(Text::MatchChanged));
        }
        requests_service::settle_places(conn, &row.request_id, at)?;
        audit::record(conn, Some(caller), Action::Update, SUBJECT, id)
    })?;
    get_row(conn, caller, &rel, &request, id)
}

/// Decline a pending match (the other side). The volunteer is never matched to this
/// request again.
pub fn decline(conn: &mut DbConnection, caller: &Caller, id: &str) -> AppResult<MatchView> {
    let (row, request, sides, rel) = find_with_relation(conn, caller, id)?;
    let from = awaiting(&row, sides)?;
    conn.write_tx(|conn| {
        if !repo::transition(conn, id, &[from], MatchStatus::Declined, now())? {
            return Err(AppError::Conflict(Text::MatchChanged));
        }
        audit::record(conn, Some(caller), Action::Update, SUBJECT, id)
    })?;
    get_row(conn, caller, &rel, &request, id)
}

/// Complete a confirmed match (either side, admins): the request keeps the place; the
/// offer's match is free again.
pub fn complete(conn: &mut DbConnection, caller: &Caller, id: &str) -> AppResult<MatchView> {
    let (row, request, _, rel) = find_with_relation(conn, caller, id)?;
    conn.write_tx(|conn| {
        if !repo::transition(
            conn,
            id,
            &[MatchStatus::Confirmed],
            MatchStatus::Completed,
            now(),
        )? {
            return Err(illegal(conn, id, MatchStatus::Completed)?);
        }
        offers::release_place(conn, &row.offer_id)?;
        audit::record(conn, Some(caller), Action::Update, SUBJECT, id)
    })?;
    get_row(conn, caller, &rel, &request, id)
}

/// Cancel a confirmed match (either side, admins): both places free again.
pub fn cancel(conn: &mut DbConnection, caller: &Caller, id: &str) -> AppResult<MatchView> {
    let (row, request, _, rel) = find_with_relation(conn, caller, id)?;
    conn.write_tx(|conn| {
        let at = now();
        if !repo::transition(
            conn,
            id,
            &[MatchStatus::Confirmed],
            MatchStatus::Cancelled,
            at,
        )? {
            return Err(illegal(conn, id, MatchStatus::Cancelled)?);
        }
        release_both(conn, &row, at)?;
        audit::record(conn, Some(caller), Action::Update, SUBJECT, id)
    })?;
    get_row(conn, caller, &rel, &request, id)
}

/// Free the places a confirmed match held, in the caller's transaction.
pub fn release_both(
    conn: &mut DbConnection,
    row: &MatchRow,
    at: chrono::NaiveDateTime,
) -> AppResult<()> {
    db::requests::release_place(conn, &row.request_id)?;
    offers::release_place(conn, &row.offer_id)?;
    requests_service::settle_places(conn, &row.request_id, at)
}

fn illegal(conn: &mut DbConnection, id: &str, to: MatchStatus) -> AppResult<AppError> {
    let status = repo::find(conn, id)?.map_or("gone", |r| r.status.as_str());
    Ok(AppError::Conflict(Text::OnlyConfirmedMatch {
        status,
        to: to.as_str(),
    }))
}

fn get_row(
    conn: &mut DbConnection,
    caller: &Caller,
    rel: &Relation,
    request: &RequestRow,
    id: &str,
) -> AppResult<MatchView> {
    let row = repo::find(conn, id)?.ok_or(AppError::NotFound(Noun::Match))?;
    view_for(conn, caller, rel, &row, request)
}

/// Erasure: the user's pending and confirmed matches are cancelled (confirmed ones give their
/// places back). In the caller's transaction.
pub fn cancel_all_of(conn: &mut DbConnection, volunteer_id: &str) -> AppResult<()> {
    let at = now();
    for row in repo::live_for_volunteer(conn, volunteer_id)? {
        let was_confirmed = row.status == MatchStatus::Confirmed;
        if repo::transition(conn, &row.id, MatchStatus::LIVE, MatchStatus::Cancelled, at)?
            && was_confirmed
        {
            release_both(conn, &row, at)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_names_two_record_ids_and_both_are_checked() {
        let raw = |request_id: &str, offer_id: &str| NewMatchInput {
            request_id: request_id.to_owned(),
            offer_id: offer_id.to_owned(),
        };
        let errors = NewMatch::try_from(&raw("", "nope")).unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["request_id", "offer_id"]);
        let (r, o) = (db::new_id(), db::new_id());
        let pair = NewMatch::try_from(&raw(&r, &o)).unwrap();
        assert_eq!(
            (pair.request_id.as_str(), pair.offer_id.as_str()),
            (&*r, &*o)
        );
    }
}
