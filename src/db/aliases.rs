//! Per-request volunteer aliases, by keyed tag (see `domain::alias`).

use crate::domain::status::RequestStatus;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{requests, volunteer_aliases};
use super::{DbConnection, DbResult};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = volunteer_aliases, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct AliasRow {
    pub request_id: String,
    pub tag: String,
    pub ordinal: i32,
    pub created_at: NaiveDateTime,
}

/// The ordinals already handed out for these tags on one request.
pub fn ordinals(
    conn: &mut DbConnection,
    request_id: &str,
    tags: &[String],
) -> DbResult<Vec<(String, i32)>> {
    let mut out = Vec::with_capacity(tags.len());
    // Chunked: SQLite limits bound parameters per statement.
    for chunk in tags.chunks(super::bulk::CHUNK) {
        out.extend(
            volunteer_aliases::table
                .filter(volunteer_aliases::request_id.eq(request_id.to_owned()))
                .filter(volunteer_aliases::tag.eq_any(chunk.to_vec()))
                .select((volunteer_aliases::tag, volunteer_aliases::ordinal))
                .load::<(String, i32)>(conn)?,
        );
    }
    Ok(out)
}

/// The next free ordinal of a request.
pub fn next_ordinal(conn: &mut DbConnection, request_id: &str) -> DbResult<i32> {
    let max: Option<i32> = volunteer_aliases::table
        .filter(volunteer_aliases::request_id.eq(request_id.to_owned()))
        .select(diesel::dsl::max(volunteer_aliases::ordinal))
        .first(conn)?;
    Ok(max.map_or(0, |m| m + 1))
}

/// Insert new aliases; a concurrent writer that took a tag or an ordinal first makes this a
/// `UniqueViolation`.
pub fn insert(conn: &mut DbConnection, rows: &[AliasRow]) -> DbResult<usize> {
    crate::insert_batch!(conn, volunteer_aliases::table, rows)
}

/// Aliases of closed requests are never shown again.
pub fn delete_for_closed_requests(conn: &mut DbConnection) -> DbResult<usize> {
    let closed = requests::table
        .filter(requests::status.eq(RequestStatus::Closed))
        .select(requests::id);
    Ok(diesel::delete(
        volunteer_aliases::table.filter(volunteer_aliases::request_id.eq_any(closed)),
    )
    .execute(conn)?)
}
