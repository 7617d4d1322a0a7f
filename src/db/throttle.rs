//! The throttle's counts: runs of failed logins per key, and attempts per client address.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::upsert::excluded;

use super::schema::{address_attempts, login_failures};
use super::{DbConnection, DbResult, new_id};

/// What an address attempted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    LoginFailure,
    Registration,
}

impl Attempt {
    fn as_str(self) -> &'static str {
        match self {
            Self::LoginFailure => "login_failure",
            Self::Registration => "registration",
        }
    }
}

/// The run of failures of `key`: how many in a row, and when the last was.
pub fn failures(conn: &mut DbConnection, key: &str) -> DbResult<Option<(u32, NaiveDateTime)>> {
    let row: Option<(i32, NaiveDateTime)> = login_failures::table
        .find(key)
        .select((login_failures::consecutive, login_failures::last_at))
        .first(conn)
        .optional()?;
    Ok(row.map(|(n, at)| (u32::try_from(n).unwrap_or(0), at)))
}

/// One more failure in `key`'s run, in one statement (concurrent failures all count).
pub fn add_failure(conn: &mut DbConnection, key: &str, at: NaiveDateTime) -> DbResult<()> {
    // MultiConnection has no ON CONFLICT; each backend's own connection runs the same
    // statement.
    macro_rules! upsert {
        ($c:expr) => {
            diesel::insert_into(login_failures::table)
                .values((
                    login_failures::key.eq(key),
                    login_failures::consecutive.eq(1),
                    login_failures::last_at.eq(at),
                ))
                .on_conflict(login_failures::key)
                .do_update()
                .set((
                    login_failures::consecutive.eq(login_failures::consecutive + 1),
                    login_failures::last_at.eq(excluded(login_failures::last_at)),
                ))
                .execute($c)
        };
    }
    match conn {
        DbConnection::Sqlite(c) => upsert!(c),
        DbConnection::Postgres(c) => upsert!(c),
    }?;
    Ok(())
}

pub fn clear_failures(conn: &mut DbConnection, key: &str) -> DbResult<()> {
    diesel::delete(login_failures::table.find(key)).execute(conn)?;
    Ok(())
}

/// How many `attempt`s from `address` since `since`, and the earliest of them.
pub fn attempts_since(
    conn: &mut DbConnection,
    attempt: Attempt,
    address: &str,
    since: NaiveDateTime,
) -> DbResult<(i64, Option<NaiveDateTime>)> {
    Ok(address_attempts::table
        .filter(address_attempts::kind.eq(attempt.as_str()))
        .filter(address_attempts::address.eq(address))
        .filter(address_attempts::at.gt(since))
        .select((
            diesel::dsl::count_star(),
            diesel::dsl::min(address_attempts::at),
        ))
        .first(conn)?)
}

pub fn add_attempt(
    conn: &mut DbConnection,
    attempt: Attempt,
    address: &str,
    at: NaiveDateTime,
) -> DbResult<()> {
    diesel::insert_into(address_attempts::table)
        .values((
            address_attempts::id.eq(new_id()),
            address_attempts::kind.eq(attempt.as_str()),
            address_attempts::address.eq(address),
            address_attempts::at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// Forget attempts and runs of failures last seen before `before`.
pub fn delete_before(conn: &mut DbConnection, before: NaiveDateTime) -> DbResult<usize> {
    let attempts = diesel::delete(address_attempts::table.filter(address_attempts::at.lt(before)))
        .execute(conn)?;
    let runs = diesel::delete(login_failures::table.filter(login_failures::last_at.lt(before)))
        .execute(conn)?;
    Ok(attempts + runs)
}
