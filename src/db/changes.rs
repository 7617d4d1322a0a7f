//! The change feed's table: appended in the writing transaction, read by `seq`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::changes;
use super::{DbConnection, DbResult};
use crate::domain::changes::{ChangeKind, Entity};
use crate::domain::codes::Codes;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = changes, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct ChangeRow {
    pub seq: i64,
    pub at: NaiveDateTime,
    pub kind: ChangeKind,
    pub entity: Entity,
    pub entity_id: String,
    /// The names of the fields that changed (empty when created or deleted).
    pub fields: Codes,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = changes)]
pub struct NewChange<'a> {
    pub at: NaiveDateTime,
    pub kind: ChangeKind,
    pub entity: Entity,
    pub entity_id: &'a str,
    pub fields: &'a Codes,
}

/// Append one change. Call it inside the writing transaction, as its last statement: on
/// PostgreSQL it takes a transaction-scoped lock that serialises appends until commit, so
/// rows become visible in `seq` order and a reader past `seq` n never misses a row below n
/// that commits later. (SQLite has one writer at a time already.)
pub fn append(conn: &mut DbConnection, change: &NewChange<'_>) -> DbResult<i64> {
    if let DbConnection::Postgres(pg) = conn {
        diesel::sql_query("SELECT pg_advisory_xact_lock(hashtext('wijkmatch.changes'))")
            .execute(pg)?;
        // Delivered at commit, once per transaction (same channel and payload), to every
        // instance that listens: they read the feed at once instead of at their next poll.
        diesel::sql_query(format!("SELECT pg_notify('{CHANNEL}', '')")).execute(pg)?;
    }
    Ok(diesel::insert_into(changes::table)
        .values(change)
        .returning(changes::seq)
        .get_result(conn)?)
}

/// The PostgreSQL channel on which committed appends are announced (no payload).
pub const CHANNEL: &str = "wijkmatch_changes";

/// Listen for appends on this (dedicated, unpooled) connection; false on SQLite, which has
/// no notifications (one process serves it: its own writes catch up directly).
pub fn listen(conn: &mut DbConnection) -> DbResult<bool> {
    match conn {
        DbConnection::Postgres(pg) => {
            diesel::sql_query(format!("LISTEN {CHANNEL}")).execute(pg)?;
            Ok(true)
        }
        DbConnection::Sqlite(_) => Ok(false),
    }
}

/// Whether an append was announced since the last call, without waiting (reads what the
/// socket holds). An error means the connection broke: open another and listen again.
pub fn announced(conn: &mut DbConnection) -> DbResult<bool> {
    let mut any = false;
    if let DbConnection::Postgres(pg) = conn {
        for n in pg.notifications_iter() {
            n?;
            any = true;
        }
    }
    Ok(any)
}

/// Up to `limit` changes after `seq`, oldest first.
pub fn after(conn: &mut DbConnection, seq: i64, limit: i64) -> DbResult<Vec<ChangeRow>> {
    Ok(changes::table
        .filter(changes::seq.gt(seq))
        .order(changes::seq.asc())
        .limit(limit)
        .select(ChangeRow::as_select())
        .load(conn)?)
}

/// The newest `seq`, or 0 on an empty feed.
pub fn last_seq(conn: &mut DbConnection) -> DbResult<i64> {
    let last: Option<i64> = changes::table
        .select(diesel::dsl::max(changes::seq))
        .first(conn)?;
    Ok(last.unwrap_or(0))
}

/// The oldest `seq` still kept, if any: a reader whose last `seq` is below it has missed
/// pruned rows and must rebuild.
pub fn first_seq(conn: &mut DbConnection) -> DbResult<Option<i64>> {
    Ok(changes::table
        .select(diesel::dsl::min(changes::seq))
        .first(conn)?)
}

/// Remove changes older than `before`; returns how many. The newest row always stays, so
/// `seq` keeps growing on SQLite's AUTOINCREMENT and PostgreSQL's identity alike.
pub fn prune_before(conn: &mut DbConnection, before: NaiveDateTime) -> DbResult<usize> {
    let newest = last_seq(conn)?;
    Ok(diesel::delete(
        changes::table
            .filter(changes::at.lt(before))
            .filter(changes::seq.lt(newest)),
    )
    .execute(conn)?)
}
