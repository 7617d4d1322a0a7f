//! The match use cases: propose or apply, read, list, and each step of the lifecycle.

use super::input::NewMatch;
use super::views::{MatchView, view_as, view_for, volunteer_shown};
use super::{LIST_KIND, SUBJECT};
use crate::config::LimitSettings;
use crate::db::matches::{self as repo, MatchRow};
use crate::db::requests::RequestRow;
use crate::db::{self, DbConnection, new_id, now, offers};
use crate::domain::account::Caller;
use crate::domain::changes::{ChangeKind, Entity};
use crate::domain::notices::CancelCause;
use crate::domain::paging::{CursorCodec, Page, PageRequest};
use crate::domain::status::{InitiatedBy, MatchStatus, RequestStatus};
use crate::error::{AppError, AppResult};
use crate::i18n::{Noun, Reason, Text};
use crate::matching::{self, Ctx, Proposer, Weights};
use crate::service::audit::{self, Action};
use crate::service::changes;
use crate::service::engine;
use crate::service::notify;
use crate::service::requests::{self as requests_service, Relation};
use crate::service::usage::{self, Limited};

/// Which side of a match the caller is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sides {
    pub volunteer: bool,
    pub manager: bool,
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
        match proposer {
            Proposer::Volunteer => notify::applied(conn, &row, &request)?,
            Proposer::Others => notify::proposed(conn, &row)?,
        }
        audit::record(conn, Some(caller), Action::Create, SUBJECT, &row.id)?;
        changes::record(conn, ChangeKind::Created, Entity::Match, &row.id, &[])
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
        notify::confirmed(conn, &row, &request)?;
        audit::record(conn, Some(caller), Action::Update, SUBJECT, id)?;
        held_places(conn, &row)?;
        changes::record(conn, ChangeKind::Updated, Entity::Match, id, &["status"])
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
        audit::record(conn, Some(caller), Action::Update, SUBJECT, id)?;
        changes::record(conn, ChangeKind::Updated, Entity::Match, id, &["status"])
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
        audit::record(conn, Some(caller), Action::Update, SUBJECT, id)?;
        changes::record(
            conn,
            ChangeKind::Updated,
            Entity::Offer,
            &row.offer_id,
            &["confirmed_matches"],
        )?;
        changes::record(conn, ChangeKind::Updated, Entity::Match, id, &["status"])
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
        // The other side hears of it: a manager or admin cancelling tells the volunteer.
        let to = if row.volunteer_id == caller.user_id {
            notify::Side::Managers
        } else {
            notify::Side::Volunteer
        };
        notify::cancelled(
            conn,
            std::slice::from_ref(&row.id),
            CancelCause::Cancelled,
            to,
        )?;
        audit::record(conn, Some(caller), Action::Update, SUBJECT, id)?;
        changes::record(conn, ChangeKind::Updated, Entity::Match, id, &["status"])
    })?;
    get_row(conn, caller, &rel, &request, id)
}

/// Free the places a confirmed match held, in the caller's transaction (and tell the feed).
pub fn release_both(
    conn: &mut DbConnection,
    row: &MatchRow,
    at: chrono::NaiveDateTime,
) -> AppResult<()> {
    db::requests::release_place(conn, &row.request_id)?;
    offers::release_place(conn, &row.offer_id)?;
    requests_service::settle_places(conn, &row.request_id, at)?;
    held_places(conn, row)
}

/// The feed's word that a match took or freed a place on its request and its offer.
fn held_places(conn: &mut DbConnection, row: &MatchRow) -> AppResult<()> {
    changes::record(
        conn,
        ChangeKind::Updated,
        Entity::Request,
        &row.request_id,
        &["places_held"],
    )?;
    changes::record(
        conn,
        ChangeKind::Updated,
        Entity::Offer,
        &row.offer_id,
        &["confirmed_matches"],
    )?;
    Ok(())
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
        if !repo::transition(conn, &row.id, MatchStatus::LIVE, MatchStatus::Cancelled, at)? {
            continue;
        }
        if was_confirmed {
            release_both(conn, &row, at)?;
        }
        notify::cancelled(
            conn,
            std::slice::from_ref(&row.id),
            CancelCause::Erased,
            notify::Side::Managers,
        )?;
        changes::record(
            conn,
            ChangeKind::Updated,
            Entity::Match,
            &row.id,
            &["status"],
        )?;
    }
    Ok(())
}

/// One match of a request as its managers see it, with the volunteer's display name when
/// the match may show who the volunteer is, and the offer's title.
#[derive(Debug, Clone)]
pub struct RequestMatch {
    pub view: MatchView,
    pub display_name: Option<String>,
    pub offer_title: String,
}

/// Every match of a request (its managers; 404 or 403 as [`requests_service::managed`]),
/// newest first. Who the volunteer is shows as in [`list`]: a coordinator learns it only
/// once the volunteer came forward.
pub fn for_request(
    conn: &mut DbConnection,
    caller: &Caller,
    request_id: &str,
) -> AppResult<Vec<RequestMatch>> {
    let (request, rel) = requests_service::managed(conn, caller, request_id)?;
    let rows = repo::of_request(conn, request_id)?;
    let pairs: Vec<(&MatchRow, &str)> = rows
        .iter()
        .map(|r| (r, request.wijk_code.as_str()))
        .collect();
    let shown = volunteer_shown(conn, caller, &rel, &pairs)?;
    let known: Vec<String> = rows
        .iter()
        .zip(&shown)
        .filter(|(_, s)| **s)
        .map(|(r, _)| r.volunteer_id.clone())
        .collect();
    let names = if known.is_empty() {
        std::collections::HashMap::new()
    } else {
        offers::display_names(conn, &known)?
    };
    rows.iter()
        .zip(shown)
        .map(|(row, shown)| {
            let offer_title = offers::find(conn, &row.offer_id)?
                .map(|o| o.title)
                .unwrap_or_default();
            Ok(RequestMatch {
                view: view_as(row, shown)?,
                display_name: if shown {
                    names.get(&row.volunteer_id).cloned()
                } else {
                    None
                },
                offer_title,
            })
        })
        .collect()
}
