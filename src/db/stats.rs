//! Per-wijk aggregates for the public statistics. Only counts and durations leave here.

use crate::domain::status::{HoursStatus, RequestStatus};
use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::dsl::{count_star, min};
use diesel::prelude::*;

use super::schema::{hours, initiatives, matches, requests, users, volunteer_profiles};
use super::{DbConnection, DbResult};

fn counts(rows: Vec<(String, i64)>) -> HashMap<String, i64> {
    rows.into_iter().collect()
}

/// Volunteer profiles per home wijk.
pub fn volunteers(conn: &mut DbConnection) -> DbResult<HashMap<String, i64>> {
    Ok(counts(
        volunteer_profiles::table
            .group_by(volunteer_profiles::wijk_code)
            .select((volunteer_profiles::wijk_code, count_star()))
            .load(conn)?,
    ))
}

pub fn initiatives(conn: &mut DbConnection) -> DbResult<HashMap<String, i64>> {
    Ok(counts(
        initiatives::table
            .group_by(initiatives::wijk_code)
            .select((initiatives::wijk_code, count_star()))
            .load(conn)?,
    ))
}

pub fn open_requests(conn: &mut DbConnection) -> DbResult<HashMap<String, i64>> {
    Ok(counts(
        requests::table
            .filter(requests::status.eq(RequestStatus::Open))
            .group_by(requests::wijk_code)
            .select((requests::wijk_code, count_star()))
            .load(conn)?,
    ))
}

/// Matches confirmed since `since`, by the wijk of their request.
pub fn confirmed_matches(
    conn: &mut DbConnection,
    since: NaiveDateTime,
) -> DbResult<HashMap<String, i64>> {
    Ok(counts(
        matches::table
            .inner_join(requests::table)
            .filter(matches::confirmed_at.ge(since))
            .group_by(requests::wijk_code)
            .select((requests::wijk_code, count_star()))
            .load(conn)?,
    ))
}

/// Per request ever confirmed: its wijk, when it was created and its first confirmation.
pub fn first_confirmations(
    conn: &mut DbConnection,
) -> DbResult<Vec<(String, NaiveDateTime, Option<NaiveDateTime>)>> {
    Ok(matches::table
        .inner_join(requests::table)
        .filter(matches::confirmed_at.is_not_null())
        .group_by((requests::id, requests::wijk_code, requests::created_at))
        .select((
            requests::wijk_code,
            requests::created_at,
            min(matches::confirmed_at),
        ))
        .load(conn)?)
}

/// Hours confirmed since `since` by someone who holds a vetted role now (a team worker or an
/// admin): (wijk, volunteer, hundredths of an hour).
pub fn confirmed_hours(
    conn: &mut DbConnection,
    since: NaiveDateTime,
) -> DbResult<Vec<(String, String, i32)>> {
    Ok(hours::table
        .inner_join(requests::table)
        .inner_join(users::table.on(hours::confirmed_by.eq(users::id.nullable())))
        .filter(hours::status.eq(HoursStatus::Confirmed))
        .filter(hours::decided_at.ge(since))
        .filter(
            users::roles
                .like("%team_worker%")
                .or(users::roles.like("%admin%")),
        )
        .select((requests::wijk_code, hours::volunteer_id, hours::centi_hours))
        .load(conn)?)
}
