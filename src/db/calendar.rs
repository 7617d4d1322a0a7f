//! Calendar feeds (one per account, stored as the hash of its token) and what a volunteer's
//! calendar shows: the public face of the requests of their confirmed matches.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{calendar_feeds, matches, requests};
use super::{DbConnection, DbResult};
use crate::domain::schedule::Schedule;
use crate::domain::status::MatchStatus;

/// Replace the account's feed (if any) by one with this token hash.
pub fn replace(
    conn: &mut DbConnection,
    user_id: &str,
    token_hash: &str,
    at: NaiveDateTime,
) -> DbResult<()> {
    diesel::delete(calendar_feeds::table.find(user_id)).execute(conn)?;
    diesel::insert_into(calendar_feeds::table)
        .values((
            calendar_feeds::user_id.eq(user_id),
            calendar_feeds::token_hash.eq(token_hash),
            calendar_feeds::created_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// Remove the account's feed; whether there was one.
pub fn remove(conn: &mut DbConnection, user_id: &str) -> DbResult<bool> {
    Ok(diesel::delete(calendar_feeds::table.find(user_id)).execute(conn)? > 0)
}

/// The account a feed token hash belongs to.
pub fn owner(conn: &mut DbConnection, token_hash: &str) -> DbResult<Option<String>> {
    Ok(calendar_feeds::table
        .filter(calendar_feeds::token_hash.eq(token_hash))
        .select(calendar_feeds::user_id)
        .get_result(conn)
        .optional()?)
}

/// One confirmed match as the calendar shows it: nothing of the request's private part.
#[derive(Debug, Clone, Queryable)]
pub struct CalendarRow {
    pub match_id: String,
    pub confirmed_at: Option<NaiveDateTime>,
    pub match_updated_at: NaiveDateTime,
    pub title: String,
    pub wijk_code: String,
    pub schedule: Option<Schedule>,
    pub request_updated_at: NaiveDateTime,
}

/// The volunteer's confirmed matches, oldest confirmation first.
pub fn confirmed_for_volunteer(
    conn: &mut DbConnection,
    volunteer_id: &str,
) -> DbResult<Vec<CalendarRow>> {
    Ok(matches::table
        .inner_join(requests::table)
        .filter(matches::volunteer_id.eq(volunteer_id))
        .filter(matches::status.eq(MatchStatus::Confirmed))
        .select((
            matches::id,
            matches::confirmed_at,
            matches::updated_at,
            requests::title,
            requests::wijk_code,
            requests::schedule,
            requests::updated_at,
        ))
        .order((matches::confirmed_at.asc(), matches::id.asc()))
        .load(conn)?)
}
