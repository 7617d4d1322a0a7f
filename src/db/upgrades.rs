//! Which one-off data upgrades a database has had.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::data_upgrades;
use super::{DbConnection, DbResult};

pub fn is_applied(conn: &mut DbConnection, name: &str) -> DbResult<bool> {
    Ok(data_upgrades::table
        .find(name)
        .select(data_upgrades::name)
        .first::<String>(conn)
        .optional()?
        .is_some())
}

/// Mark an upgrade done; a second mark of the same name is a unique violation.
pub fn mark_applied(conn: &mut DbConnection, name: &str, at: NaiveDateTime) -> DbResult<()> {
    diesel::insert_into(data_upgrades::table)
        .values((
            data_upgrades::name.eq(name),
            data_upgrades::applied_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}
