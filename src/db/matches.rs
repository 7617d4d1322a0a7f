//! Matches between offers and requests. Every state change is one guarded UPDATE (`WHERE
//! status IN (…)`), so two callers racing on one match cannot both move it.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::requests::ManagedScope;
use super::schema::{matches, requests};
use super::{DbConnection, DbResult};
use crate::domain::status::{InitiatedBy, MatchStatus};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = matches, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct MatchRow {
    pub id: String,
    pub request_id: String,
    pub offer_id: String,
    pub volunteer_id: String,
    pub status: MatchStatus,
    pub initiated_by: InitiatedBy,
    pub score: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub confirmed_at: Option<NaiveDateTime>,
    pub completed_at: Option<NaiveDateTime>,
}

/// The parts of earlier matches that rule pairs out.
#[derive(Debug, Clone, Queryable)]
pub struct PairState {
    pub request_id: String,
    pub offer_id: String,
    pub volunteer_id: String,
    pub status: MatchStatus,
}

pub fn insert(conn: &mut DbConnection, row: &MatchRow) -> DbResult<()> {
    diesel::insert_into(matches::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: &str) -> DbResult<Option<MatchRow>> {
    Ok(matches::table
        .find(id)
        .select(MatchRow::as_select())
        .get_result(conn)
        .optional()?)
}

/// Move a match from one of `from` to `to`; false when it was in another state.
pub fn transition(
    conn: &mut DbConnection,
    id: &str,
    from: &[MatchStatus],
    to: MatchStatus,
    at: NaiveDateTime,
) -> DbResult<bool> {
    let target = matches::table
        .filter(matches::id.eq(id))
        .filter(matches::status.eq_any(from));
    let changed = match to {
        MatchStatus::Confirmed => diesel::update(target)
            .set((
                matches::status.eq(to),
                matches::updated_at.eq(at),
                matches::confirmed_at.eq(Some(at)),
            ))
            .execute(conn)?,
        MatchStatus::Completed => diesel::update(target)
            .set((
                matches::status.eq(to),
                matches::updated_at.eq(at),
                matches::completed_at.eq(Some(at)),
            ))
            .execute(conn)?,
        _ => diesel::update(target)
            .set((matches::status.eq(to), matches::updated_at.eq(at)))
            .execute(conn)?,
    };
    Ok(changed == 1)
}

/// Cancel the pending matches of a request; returns their ids.
pub fn cancel_pending_for_request(
    conn: &mut DbConnection,
    request_id: &str,
    at: NaiveDateTime,
) -> DbResult<Vec<String>> {
    let ids: Vec<String> = matches::table
        .filter(matches::request_id.eq(request_id))
        .filter(matches::status.eq_any(MatchStatus::PENDING))
        .select(matches::id)
        .load(conn)?;
    cancel(conn, ids, at)
}

/// Cancel the pending matches of offers; returns their ids.
pub fn cancel_pending_for_offers(
    conn: &mut DbConnection,
    offer_ids: &[String],
    at: NaiveDateTime,
) -> DbResult<Vec<String>> {
    let mut ids = Vec::new();
    for chunk in offer_ids.chunks(super::bulk::CHUNK) {
        ids.extend(
            matches::table
                .filter(matches::offer_id.eq_any(chunk.to_vec()))
                .filter(matches::status.eq_any(MatchStatus::PENDING))
                .select(matches::id)
                .load::<String>(conn)?,
        );
    }
    cancel(conn, ids, at)
}

fn cancel(conn: &mut DbConnection, ids: Vec<String>, at: NaiveDateTime) -> DbResult<Vec<String>> {
    for chunk in ids.chunks(super::bulk::CHUNK) {
        diesel::update(
            matches::table
                .filter(matches::id.eq_any(chunk.to_vec()))
                .filter(matches::status.eq_any(MatchStatus::PENDING)),
        )
        .set((
            matches::status.eq(MatchStatus::Cancelled),
            matches::updated_at.eq(at),
        ))
        .execute(conn)?;
    }
    Ok(ids)
}

/// A volunteer's live (pending or confirmed) matches.
pub fn live_for_volunteer(conn: &mut DbConnection, volunteer_id: &str) -> DbResult<Vec<MatchRow>> {
    Ok(matches::table
        .filter(matches::volunteer_id.eq(volunteer_id))
        .filter(matches::status.eq_any(MatchStatus::LIVE))
        .select(MatchRow::as_select())
        .load(conn)?)
}

/// Every match of a volunteer, newest first (export).
pub fn all_for_volunteer(conn: &mut DbConnection, volunteer_id: &str) -> DbResult<Vec<MatchRow>> {
    Ok(matches::table
        .filter(matches::volunteer_id.eq(volunteer_id))
        .select(MatchRow::as_select())
        .order((matches::created_at.desc(), matches::id.desc()))
        .load(conn)?)
}

/// The matches that bear on pairs with these requests.
pub fn states_for_requests(
    conn: &mut DbConnection,
    request_ids: &[String],
) -> DbResult<Vec<PairState>> {
    let mut out = Vec::new();
    // Chunked: SQLite limits bound parameters per statement.
    for chunk in request_ids.chunks(super::bulk::CHUNK) {
        out.extend(
            matches::table
                .filter(matches::request_id.eq_any(chunk.to_vec()))
                .select((
                    matches::request_id,
                    matches::offer_id,
                    matches::volunteer_id,
                    matches::status,
                ))
                .load::<PairState>(conn)?,
        );
    }
    Ok(out)
}

/// How many pending (`proposed`, `applied`) matches each of these requests has; a request
/// without any is left out.
pub fn pending_per_request(
    conn: &mut DbConnection,
    request_ids: &[String],
) -> DbResult<HashMap<String, i64>> {
    let mut out = HashMap::new();
    for chunk in request_ids.chunks(super::bulk::CHUNK) {
        out.extend(
            matches::table
                .filter(matches::request_id.eq_any(chunk.to_vec()))
                .filter(matches::status.eq_any(MatchStatus::PENDING))
                .group_by(matches::request_id)
                .select((matches::request_id, diesel::dsl::count_star()))
                .load::<(String, i64)>(conn)?,
        );
    }
    Ok(out)
}

/// How many pending (`proposed`, `applied`) matches each of these offers has; an offer
/// without any is left out.
pub fn pending_per_offer(
    conn: &mut DbConnection,
    offer_ids: &[String],
) -> DbResult<HashMap<String, i64>> {
    let mut out = HashMap::new();
    for chunk in offer_ids.chunks(super::bulk::CHUNK) {
        out.extend(
            matches::table
                .filter(matches::offer_id.eq_any(chunk.to_vec()))
                .filter(matches::status.eq_any(MatchStatus::PENDING))
                .group_by(matches::offer_id)
                .select((matches::offer_id, diesel::dsl::count_star()))
                .load::<(String, i64)>(conn)?,
        );
    }
    Ok(out)
}

/// The matches of these requests, oldest first, then id.
pub fn of_requests(conn: &mut DbConnection, request_ids: &[String]) -> DbResult<Vec<MatchRow>> {
    let mut out = Vec::new();
    for chunk in request_ids.chunks(super::bulk::CHUNK) {
        out.extend(
            matches::table
                .filter(matches::request_id.eq_any(chunk.to_vec()))
                .select(MatchRow::as_select())
                .load::<MatchRow>(conn)?,
        );
    }
    out.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
    Ok(out)
}

/// The matches that bear on pairs with this offer's volunteer.
pub fn states_for_volunteer(
    conn: &mut DbConnection,
    volunteer_id: &str,
) -> DbResult<Vec<PairState>> {
    Ok(matches::table
        .filter(matches::volunteer_id.eq(volunteer_id))
        .select((
            matches::request_id,
            matches::offer_id,
            matches::volunteer_id,
            matches::status,
        ))
        .load(conn)?)
}

/// Requests whose private part a volunteer may read through a match: confirmed, or
/// completed after `completed_since`.
pub fn private_access(
    conn: &mut DbConnection,
    volunteer_id: &str,
    completed_since: NaiveDateTime,
) -> DbResult<Vec<String>> {
    Ok(matches::table
        .filter(matches::volunteer_id.eq(volunteer_id))
        .filter(
            matches::status
                .eq(MatchStatus::Confirmed)
                .or(matches::status
                    .eq(MatchStatus::Completed)
                    .and(matches::completed_at.ge(completed_since))),
        )
        .select(matches::request_id)
        .load(conn)?)
}

/// An offer's matches with requests in `scope`, each with its request's wijk.
pub fn offer_matches_in_scope(
    conn: &mut DbConnection,
    offer_id: &str,
    scope: &ManagedScope,
) -> DbResult<Vec<(MatchRow, String)>> {
    let mut query = matches::table
        .inner_join(requests::table)
        .filter(matches::offer_id.eq(offer_id.to_owned()))
        .select((MatchRow::as_select(), requests::wijk_code))
        .into_boxed();
    if !scope.all {
        query = query.filter(
            requests::initiative_id
                .assume_not_null()
                .eq_any(scope.initiative_ids.clone())
                .or(requests::wijk_code.eq_any(scope.wijk_codes.clone())),
        );
    }
    Ok(query.load(conn)?)
}

/// The (request, volunteer) pairs among these requests where the volunteer made themselves
/// known: they applied, or accepted (a match that was ever confirmed).
pub fn consented_pairs(
    conn: &mut DbConnection,
    request_ids: &[String],
) -> DbResult<Vec<(String, String)>> {
    let mut out = Vec::new();
    for chunk in request_ids.chunks(super::bulk::CHUNK) {
        out.extend(
            matches::table
                .filter(matches::request_id.eq_any(chunk.to_vec()))
                .filter(
                    matches::initiated_by
                        .eq(InitiatedBy::Volunteer)
                        .or(matches::confirmed_at.is_not_null()),
                )
                .select((matches::request_id, matches::volunteer_id))
                .distinct()
                .load::<(String, String)>(conn)?,
        );
    }
    Ok(out)
}

/// The caller's own matches and those of requests they manage, newest first, then id; each
/// with its request's wijk.
pub fn list(
    conn: &mut DbConnection,
    scope: &ManagedScope,
    status: Option<MatchStatus>,
    after: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> DbResult<Vec<(MatchRow, String)>> {
    let mut query = matches::table
        .inner_join(requests::table)
        .select((MatchRow::as_select(), requests::wijk_code))
        .order((matches::created_at.desc(), matches::id.desc()))
        .limit(limit)
        .into_boxed();
    if !scope.all {
        query = query.filter(
            matches::volunteer_id
                .eq(scope.user_id.clone())
                .or(requests::initiative_id
                    .assume_not_null()
                    .eq_any(scope.initiative_ids.clone()))
                .or(requests::wijk_code.eq_any(scope.wijk_codes.clone())),
        );
    }
    if let Some(s) = status {
        query = query.filter(matches::status.eq(s));
    }
    if let Some((at, id)) = after {
        query = query.filter(
            matches::created_at
                .lt(at)
                .or(matches::created_at.eq(at).and(matches::id.lt(id))),
        );
    }
    Ok(query.load(conn)?)
}

/// Every match of one request, newest first, then id.
pub fn of_request(conn: &mut DbConnection, request_id: &str) -> DbResult<Vec<MatchRow>> {
    Ok(matches::table
        .filter(matches::request_id.eq(request_id))
        .select(MatchRow::as_select())
        .order((matches::created_at.desc(), matches::id.desc()))
        .load(conn)?)
}
