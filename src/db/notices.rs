//! What the periodic notices read: hours waiting per request, offers about to end.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{hours, offers, requests};
use super::{DbConnection, DbResult};
use crate::domain::status::{HoursStatus, OfferStatus};

/// Per request with hours waiting for a decision: its wijk, initiative and how many entries.
pub fn hours_waiting(conn: &mut DbConnection) -> DbResult<Vec<(String, Option<String>, i64)>> {
    Ok(hours::table
        .inner_join(requests::table)
        .filter(hours::status.eq(HoursStatus::Logged))
        .group_by((requests::id, requests::wijk_code, requests::initiative_id))
        .select((
            requests::wijk_code,
            requests::initiative_id,
            diesel::dsl::count_star(),
        ))
        .load(conn)?)
}

/// Active offers whose end lies in `(from, until]`: id, volunteer, end.
pub fn offers_ending(
    conn: &mut DbConnection,
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> DbResult<Vec<(String, String, NaiveDateTime)>> {
    Ok(offers::table
        .filter(offers::status.eq(OfferStatus::Active))
        .filter(offers::valid_until.gt(from))
        .filter(offers::valid_until.le(until))
        .select((offers::id, offers::volunteer_id, offers::valid_until))
        .load(conn)?)
}
