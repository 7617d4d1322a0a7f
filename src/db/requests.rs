//! Support requests: the public face and the private part in one row; the private columns
//! are nulled (and `private_erased_at` set) on deletion and after the retention period.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{initiative_coordinators, requests, wij_team_wijken};
use super::{DbConnection, DbResult};
use crate::domain::codes::Codes;
use crate::domain::schedule::Schedule;
use crate::domain::status::RequestStatus;
use crate::matching::{Mode, Urgency};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = requests, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct RequestRow {
    pub id: String,
    pub title: String,
    pub description: String,
    pub category: String,
    pub skills: Codes,
    pub languages: Codes,
    pub wijk_code: String,
    pub mode: Mode,
    pub schedule: Option<Schedule>,
    pub hours_estimate: f64,
    pub helpers_needed: i32,
    pub places_held: i32,
    pub urgency: Urgency,
    pub status: RequestStatus,
    pub initiative_id: Option<String>,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub closed_at: Option<NaiveDateTime>,
    pub requester_name: Option<String>,
    pub requester_contact: Option<String>,
    pub private_notes: Option<String>,
    pub address: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub private_erased_at: Option<NaiveDateTime>,
}

/// The private columns as one value; `None` fields clear them.
#[derive(Debug, Clone, Default, AsChangeset)]
#[diesel(table_name = requests, treat_none_as_null = true)]
pub struct PrivateColumns {
    pub requester_name: Option<String>,
    pub requester_contact: Option<String>,
    pub private_notes: Option<String>,
    pub address: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// Public-face changes of a PATCH; `None` leaves a column as it is.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = requests)]
pub struct RequestChangeset<'a> {
    pub title: Option<&'a str>,
    pub description: Option<&'a str>,
    pub category: Option<&'a str>,
    pub skills: Option<&'a Codes>,
    pub languages: Option<&'a Codes>,
    pub wijk_code: Option<&'a str>,
    pub mode: Option<Mode>,
    pub schedule: Option<Option<&'a Schedule>>,
    pub hours_estimate: Option<f64>,
    pub helpers_needed: Option<i32>,
    pub urgency: Option<Urgency>,
    pub updated_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConnection, row: &RequestRow) -> DbResult<()> {
    diesel::insert_into(requests::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: &str) -> DbResult<Option<RequestRow>> {
    Ok(requests::table
        .find(id)
        .select(RequestRow::as_select())
        .get_result(conn)
        .optional()?)
}

/// Apply a PATCH to a request that is not closed, never taking `helpers_needed` below
/// `places_held`: the guard is part of the UPDATE, so no concurrent accept can slip in
/// between a check and the write. Returns whether a row changed.
pub fn update_guarded(
    conn: &mut DbConnection,
    id: &str,
    changes: &RequestChangeset<'_>,
) -> DbResult<bool> {
    let open = requests::table
        .filter(requests::id.eq(id))
        .filter(requests::status.ne(RequestStatus::Closed));
    let changed = match changes.helpers_needed {
        Some(n) => diesel::update(open.filter(requests::places_held.le(n)))
            .set(changes)
            .execute(conn)?,
        None => diesel::update(open).set(changes).execute(conn)?,
    };
    Ok(changed == 1)
}

/// Keep `status` in step with the places: `filled` when every place is held, `open` again
/// when one frees. Closed requests are left alone. Returns whether the request just filled.
pub fn sync_filled(conn: &mut DbConnection, id: &str) -> DbResult<bool> {
    let filled = diesel::update(
        requests::table
            .filter(requests::id.eq(id))
            .filter(requests::status.eq(RequestStatus::Open))
            .filter(requests::places_held.ge(requests::helpers_needed)),
    )
    .set(requests::status.eq(RequestStatus::Filled))
    .execute(conn)?
        == 1;
    diesel::update(
        requests::table
            .filter(requests::id.eq(id))
            .filter(requests::status.eq(RequestStatus::Filled))
            .filter(requests::places_held.lt(requests::helpers_needed)),
    )
    .set(requests::status.eq(RequestStatus::Open))
    .execute(conn)?;
    Ok(filled)
}

pub fn set_private(conn: &mut DbConnection, id: &str, private: &PrivateColumns) -> DbResult<()> {
    diesel::update(requests::table.find(id))
        .set(private)
        .execute(conn)?;
    Ok(())
}

/// Close a request that is not closed yet; false when it already was.
pub fn close(conn: &mut DbConnection, id: &str, at: NaiveDateTime) -> DbResult<bool> {
    Ok(diesel::update(
        requests::table
            .filter(requests::id.eq(id))
            .filter(requests::status.ne(RequestStatus::Closed)),
    )
    .set((
        requests::status.eq(RequestStatus::Closed),
        requests::closed_at.eq(Some(at)),
        requests::updated_at.eq(at),
    ))
    .execute(conn)?
        == 1)
}

/// Null the private part of one request and mark it erased.
pub fn erase_private(conn: &mut DbConnection, id: &str, at: NaiveDateTime) -> DbResult<()> {
    diesel::update(requests::table.find(id))
        .set((
            &PrivateColumns::default(),
            requests::private_erased_at.eq(Some(at)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Ids of closed requests whose private part is still stored and that closed before `cutoff`.
pub fn closed_with_private_before(
    conn: &mut DbConnection,
    cutoff: NaiveDateTime,
) -> DbResult<Vec<String>> {
    Ok(requests::table
        .filter(requests::status.eq(RequestStatus::Closed))
        .filter(requests::closed_at.lt(cutoff))
        .filter(requests::private_erased_at.is_null())
        .select(requests::id)
        .load(conn)?)
}

/// Which requests a caller may see beyond the open ones: those they manage.
#[derive(Debug, Clone, Default)]
pub struct ManagedScope {
    /// Admins manage every request.
    pub all: bool,
    pub user_id: String,
    pub initiative_ids: Vec<String>,
    pub wijk_codes: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct RequestFilter {
    pub wijk_code: Option<String>,
    pub category: Option<String>,
    pub status: Option<RequestStatus>,
}

/// Requests newest first, then id: the open ones plus those in `scope`.
pub fn list(
    conn: &mut DbConnection,
    filter: &RequestFilter,
    scope: &ManagedScope,
    after: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> DbResult<Vec<RequestRow>> {
    let mut query = requests::table
        .select(RequestRow::as_select())
        .order((requests::created_at.desc(), requests::id.desc()))
        .limit(limit)
        .into_boxed();
    if !scope.all {
        query = query.filter(
            requests::status
                .eq(RequestStatus::Open)
                .or(requests::initiative_id
                    .assume_not_null()
                    .eq_any(scope.initiative_ids.clone()))
                .or(requests::wijk_code.eq_any(scope.wijk_codes.clone())),
        );
    }
    if let Some(w) = &filter.wijk_code {
        query = query.filter(requests::wijk_code.eq(w.clone()));
    }
    if let Some(c) = &filter.category {
        query = query.filter(requests::category.eq(c.clone()));
    }
    if let Some(s) = &filter.status {
        query = query.filter(requests::status.eq(*s));
    }
    if let Some((at, id)) = after {
        query = query.filter(
            requests::created_at
                .lt(at)
                .or(requests::created_at.eq(at).and(requests::id.lt(id))),
        );
    }
    Ok(query.load(conn)?)
}

/// The requests filed for these initiatives that are not closed, newest first, then id.
pub fn of_initiatives(
    conn: &mut DbConnection,
    initiative_ids: &[String],
) -> DbResult<Vec<RequestRow>> {
    let mut out = Vec::new();
    for chunk in initiative_ids.chunks(super::bulk::CHUNK) {
        out.extend(
            requests::table
                .filter(requests::initiative_id.eq_any(chunk.to_vec()))
                .filter(requests::status.ne(RequestStatus::Closed))
                .select(RequestRow::as_select())
                .load::<RequestRow>(conn)?,
        );
    }
    out.sort_by(|a, b| (b.created_at, &b.id).cmp(&(a.created_at, &a.id)));
    Ok(out)
}

/// The initiatives a user coordinates.
pub fn coordinated_by(conn: &mut DbConnection, user_id: &str) -> DbResult<Vec<String>> {
    Ok(initiative_coordinators::table
        .filter(initiative_coordinators::user_id.eq(user_id))
        .select(initiative_coordinators::initiative_id)
        .load(conn)?)
}

/// The wijken a team covers right now.
pub fn covered_by(conn: &mut DbConnection, team_id: &str) -> DbResult<Vec<String>> {
    Ok(wij_team_wijken::table
        .filter(wij_team_wijken::team_id.eq(team_id))
        .select(wij_team_wijken::wijk_code)
        .load(conn)?)
}

/// Take one of the request's places, if it is open and has a free one. The condition is part
/// of the UPDATE: concurrent accepts cannot overbook.
pub fn take_place(conn: &mut DbConnection, id: &str) -> DbResult<bool> {
    Ok(diesel::update(
        requests::table
            .filter(requests::id.eq(id))
            .filter(requests::status.eq(RequestStatus::Open))
            .filter(requests::places_held.lt(requests::helpers_needed)),
    )
    .set(requests::places_held.eq(requests::places_held + 1))
    .execute(conn)?
        == 1)
}

/// Give back one place (a confirmed match was cancelled).
pub fn release_place(conn: &mut DbConnection, id: &str) -> DbResult<()> {
    diesel::update(
        requests::table
            .filter(requests::id.eq(id))
            .filter(requests::places_held.gt(0)),
    )
    .set(requests::places_held.eq(requests::places_held - 1))
    .execute(conn)?;
    Ok(())
}

/// Open requests with a free place in one of `wijk_codes` (and, when given, one of
/// `categories`).
pub fn open_with_free_places(
    conn: &mut DbConnection,
    wijk_codes: &[String],
    categories: Option<&[String]>,
) -> DbResult<Vec<RequestRow>> {
    let mut query = requests::table
        .filter(requests::status.eq(RequestStatus::Open))
        .filter(requests::places_held.lt(requests::helpers_needed))
        .filter(requests::wijk_code.eq_any(wijk_codes.to_vec()))
        .select(RequestRow::as_select())
        .into_boxed();
    if let Some(c) = categories {
        query = query.filter(requests::category.eq_any(c.to_vec()));
    }
    Ok(query.load(conn)?)
}

/// Open requests with a free place: all of them, or those among `ids`.
pub fn open_with_free_places_among(
    conn: &mut DbConnection,
    ids: Option<&[String]>,
) -> DbResult<Vec<RequestRow>> {
    let query = || {
        requests::table
            .filter(requests::status.eq(RequestStatus::Open))
            .filter(requests::places_held.lt(requests::helpers_needed))
            .select(RequestRow::as_select())
            .into_boxed()
    };
    match ids {
        None => Ok(query().load(conn)?),
        Some(ids) => {
            let mut rows = Vec::new();
            for chunk in ids.chunks(super::bulk::CHUNK) {
                rows.extend(
                    query()
                        .filter(requests::id.eq_any(chunk.to_vec()))
                        .load::<RequestRow>(conn)?,
                );
            }
            Ok(rows)
        }
    }
}

/// The requests with these ids (those that exist), in no particular order.
pub fn find_many(conn: &mut DbConnection, ids: &[String]) -> DbResult<Vec<RequestRow>> {
    let mut rows = Vec::new();
    for chunk in ids.chunks(super::bulk::CHUNK) {
        rows.extend(
            requests::table
                .filter(requests::id.eq_any(chunk.to_vec()))
                .select(RequestRow::as_select())
                .load::<RequestRow>(conn)?,
        );
    }
    Ok(rows)
}

/// Coordinators of each of these initiatives.
pub fn coordinators_of(
    conn: &mut DbConnection,
    initiative_ids: &[String],
) -> DbResult<Vec<(String, String)>> {
    let mut out = Vec::new();
    for chunk in initiative_ids.chunks(super::bulk::CHUNK) {
        out.extend(
            initiative_coordinators::table
                .filter(initiative_coordinators::initiative_id.eq_any(chunk.to_vec()))
                .select((
                    initiative_coordinators::initiative_id,
                    initiative_coordinators::user_id,
                ))
                .load::<(String, String)>(conn)?,
        );
    }
    Ok(out)
}

/// Open requests in these wijken, oldest first (the longest waiting), then id.
pub fn open_in_wijken(
    conn: &mut DbConnection,
    wijk_codes: &[String],
    limit: i64,
) -> DbResult<Vec<RequestRow>> {
    Ok(requests::table
        .filter(requests::status.eq(RequestStatus::Open))
        .filter(requests::wijk_code.eq_any(wijk_codes))
        .select(RequestRow::as_select())
        .order((requests::created_at.asc(), requests::id.asc()))
        .limit(limit)
        .load(conn)?)
}
