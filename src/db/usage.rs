//! Uses of per-user limited operations, counted over a sliding window.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::usage_events;
use super::{DbConnection, DbResult, new_id};

/// How many uses of `action` by `user_id` since `since`, and the earliest of them.
pub fn since(
    conn: &mut DbConnection,
    user_id: &str,
    action: &str,
    since: NaiveDateTime,
) -> DbResult<(i64, Option<NaiveDateTime>)> {
    let (count, earliest) = usage_events::table
        .filter(usage_events::user_id.eq(user_id))
        .filter(usage_events::action.eq(action))
        .filter(usage_events::at.ge(since))
        .select((
            diesel::dsl::count_star(),
            diesel::dsl::min(usage_events::at),
        ))
        .first::<(i64, Option<NaiveDateTime>)>(conn)?;
    Ok((count, earliest))
}

pub fn record(
    conn: &mut DbConnection,
    user_id: &str,
    action: &str,
    at: NaiveDateTime,
) -> DbResult<()> {
    diesel::insert_into(usage_events::table)
        .values((
            usage_events::id.eq(new_id()),
            usage_events::user_id.eq(user_id),
            usage_events::action.eq(action),
            usage_events::at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// Forget uses older than every window (housekeeping).
pub fn delete_before(conn: &mut DbConnection, cutoff: NaiveDateTime) -> DbResult<usize> {
    Ok(diesel::delete(usage_events::table.filter(usage_events::at.lt(cutoff))).execute(conn)?)
}
