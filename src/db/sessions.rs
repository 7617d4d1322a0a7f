//! Server-side sessions: every token is bound to one row, so revocation is immediate.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{sessions, users};
use super::users::UserRow;
use super::{DbConnection, DbResult};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sessions, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct SessionRow {
    pub id: String,
    pub user_id: String,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = sessions)]
pub struct NewSession<'a> {
    pub id: &'a str,
    pub user_id: &'a str,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, session: &NewSession<'_>) -> DbResult<()> {
    diesel::insert_into(sessions::table)
        .values(session)
        .execute(conn)?;
    Ok(())
}

/// The session and its user, in one round trip.
pub fn find_with_user(
    conn: &mut DbConnection,
    session_id: &str,
) -> DbResult<Option<(SessionRow, UserRow)>> {
    Ok(sessions::table
        .inner_join(users::table)
        .filter(sessions::id.eq(session_id))
        .select((SessionRow::as_select(), UserRow::as_select()))
        .get_result(conn)
        .optional()?)
}

/// Ids of a user's sessions that are still usable at `now` (not revoked, not past their
/// end, seen after `idle_since`), newest login first.
pub fn live_for_user(
    conn: &mut DbConnection,
    user_id: &str,
    now: NaiveDateTime,
    idle_since: NaiveDateTime,
) -> DbResult<Vec<String>> {
    Ok(sessions::table
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(now))
        .filter(sessions::last_seen_at.gt(idle_since))
        .order((sessions::created_at.desc(), sessions::id.desc()))
        .select(sessions::id)
        .load(conn)?)
}

pub fn touch(conn: &mut DbConnection, session_id: &str, now: NaiveDateTime) -> DbResult<()> {
    diesel::update(sessions::table.find(session_id))
        .set(sessions::last_seen_at.eq(now))
        .execute(conn)?;
    Ok(())
}

pub fn revoke(conn: &mut DbConnection, session_id: &str, now: NaiveDateTime) -> DbResult<()> {
    diesel::update(sessions::table.find(session_id))
        .filter(sessions::revoked_at.is_null())
        .set(sessions::revoked_at.eq(now))
        .execute(conn)?;
    Ok(())
}

/// Revoke all of a user's sessions, except `keep` (the caller's own, on a password change).
pub fn revoke_all_for_user(
    conn: &mut DbConnection,
    user_id: &str,
    keep: Option<&str>,
    now: NaiveDateTime,
) -> DbResult<usize> {
    let targets = sessions::table
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::id.ne(keep.unwrap_or("")));
    Ok(diesel::update(targets)
        .set(sessions::revoked_at.eq(now))
        .execute(conn)?)
}

/// Remove sessions that can no longer be used (periodic housekeeping).
pub fn delete_ended(conn: &mut DbConnection, now: NaiveDateTime) -> DbResult<usize> {
    Ok(diesel::delete(
        sessions::table.filter(
            sessions::expires_at
                .lt(now)
                .or(sessions::revoked_at.is_not_null()),
        ),
    )
    .execute(conn)?)
}
