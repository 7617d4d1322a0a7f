//! The outbox: items written in the transaction of the change that causes them, claimed and
//! delivered after commit.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::outbox;
use super::{DbConnection, DbResult};
use crate::domain::notices::{OutboxEvent, OutboxKind};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = outbox, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct OutboxRow {
    pub id: String,
    pub kind: OutboxKind,
    pub event: OutboxEvent,
    pub recipient_id: Option<String>,
    pub payload: String,
    pub dedupe_key: Option<String>,
    pub created_at: NaiveDateTime,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub claimed_until: Option<NaiveDateTime>,
    pub sent_at: Option<NaiveDateTime>,
    pub failed_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = outbox)]
pub struct NewItem<'a> {
    pub id: &'a str,
    pub kind: OutboxKind,
    pub event: OutboxEvent,
    pub recipient_id: Option<&'a str>,
    pub payload: &'a str,
    pub dedupe_key: Option<&'a str>,
    pub created_at: NaiveDateTime,
    pub next_attempt_at: NaiveDateTime,
}

/// Add an item; one with a `dedupe_key` already present is left out (returns false).
pub fn insert(conn: &mut DbConnection, item: &NewItem<'_>) -> DbResult<bool> {
    if item.dedupe_key.is_none() {
        diesel::insert_into(outbox::table)
            .values(item)
            .execute(conn)?;
        return Ok(true);
    }
    // MultiConnection has no ON CONFLICT; each backend's own connection runs the same
    // statement.
    macro_rules! insert_once {
        ($c:expr) => {
            diesel::insert_into(outbox::table)
                .values(item)
                .on_conflict(outbox::dedupe_key)
                .do_nothing()
                .execute($c)
        };
    }
    let inserted = match conn {
        DbConnection::Sqlite(c) => insert_once!(c),
        DbConnection::Postgres(c) => insert_once!(c),
    }?;
    Ok(inserted == 1)
}

/// Claim up to `limit` due items until `lease_until`, oldest first, counting an attempt for
/// each. Call it inside a write transaction: on PostgreSQL the rows are locked with SKIP
/// LOCKED, so instances claiming at once take different items; SQLite has one writer.
pub fn claim_due(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
    limit: i64,
) -> DbResult<Vec<OutboxRow>> {
    let due = outbox::table
        .filter(outbox::sent_at.is_null())
        .filter(outbox::failed_at.is_null())
        .filter(outbox::next_attempt_at.le(now))
        .filter(
            outbox::claimed_until
                .is_null()
                .or(outbox::claimed_until.le(now)),
        )
        .order((outbox::created_at.asc(), outbox::id.asc()))
        .limit(limit)
        .select(outbox::id);
    let ids: Vec<String> = match conn {
        DbConnection::Postgres(pg) => due.for_update().skip_locked().load(pg)?,
        DbConnection::Sqlite(c) => due.load(c)?,
    };
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    diesel::update(outbox::table.filter(outbox::id.eq_any(&ids)))
        .set((
            outbox::claimed_until.eq(lease_until),
            outbox::attempts.eq(outbox::attempts + 1),
        ))
        .execute(conn)?;
    Ok(outbox::table
        .filter(outbox::id.eq_any(&ids))
        .order((outbox::created_at.asc(), outbox::id.asc()))
        .select(OutboxRow::as_select())
        .load(conn)?)
}

/// The server accepted the item: it is never sent again.
pub fn mark_sent(conn: &mut DbConnection, id: &str, at: NaiveDateTime) -> DbResult<bool> {
    Ok(diesel::update(
        outbox::table
            .filter(outbox::id.eq(id))
            .filter(outbox::sent_at.is_null()),
    )
    .set((
        outbox::sent_at.eq(at),
        outbox::claimed_until.eq(None::<NaiveDateTime>),
        outbox::last_error.eq(None::<String>),
    ))
    .execute(conn)?
        == 1)
}

/// Try again at `next`; `error` says why not now (never a person's data).
pub fn retry_at(
    conn: &mut DbConnection,
    id: &str,
    next: NaiveDateTime,
    error: &str,
) -> DbResult<()> {
    diesel::update(outbox::table.filter(outbox::id.eq(id)))
        .set((
            outbox::next_attempt_at.eq(next),
            outbox::claimed_until.eq(None::<NaiveDateTime>),
            outbox::last_error.eq(error),
        ))
        .execute(conn)?;
    Ok(())
}

/// Never to be delivered: attempts used up, or nobody left to send it to.
pub fn give_up(conn: &mut DbConnection, id: &str, at: NaiveDateTime, error: &str) -> DbResult<()> {
    diesel::update(outbox::table.filter(outbox::id.eq(id)))
        .set((
            outbox::failed_at.eq(at),
            outbox::claimed_until.eq(None::<NaiveDateTime>),
            outbox::last_error.eq(error),
        ))
        .execute(conn)?;
    Ok(())
}

/// Items waiting for delivery, and when the oldest of them was written.
pub fn backlog(conn: &mut DbConnection) -> DbResult<(i64, Option<NaiveDateTime>)> {
    Ok(outbox::table
        .filter(outbox::sent_at.is_null())
        .filter(outbox::failed_at.is_null())
        .select((
            diesel::dsl::count_star(),
            diesel::dsl::min(outbox::created_at),
        ))
        .first(conn)?)
}

/// Remove delivered and abandoned items written before `before`.
pub fn prune_done_before(conn: &mut DbConnection, before: NaiveDateTime) -> DbResult<usize> {
    Ok(diesel::delete(
        outbox::table.filter(outbox::created_at.lt(before)).filter(
            outbox::sent_at
                .is_not_null()
                .or(outbox::failed_at.is_not_null()),
        ),
    )
    .execute(conn)?)
}

/// Erasure: the account's items go (delivered or not).
pub fn delete_for_recipient(conn: &mut DbConnection, recipient: &str) -> DbResult<usize> {
    Ok(diesel::delete(outbox::table.filter(outbox::recipient_id.eq(recipient))).execute(conn)?)
}
