//! The audit log: who did what to which record, never with personal data in it.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::audit_log;
use super::{DbConnection, DbResult};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_log, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct AuditRow {
    pub id: String,
    pub at: NaiveDateTime,
    pub actor_id: Option<String>,
    pub actor_role: Option<String>,
    pub action: String,
    pub subject_type: String,
    pub subject_id: String,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = audit_log)]
pub struct NewAuditEntry<'a> {
    pub id: String,
    pub at: NaiveDateTime,
    pub actor_id: Option<&'a str>,
    pub actor_role: Option<&'a str>,
    pub action: &'a str,
    pub subject_type: &'a str,
    pub subject_id: &'a str,
}

pub fn insert(conn: &mut DbConnection, entries: &[NewAuditEntry<'_>]) -> DbResult<()> {
    if entries.is_empty() {
        return Ok(());
    }
    // MultiConnection has no batch insert; callers pass few rows inside one transaction.
    for entry in entries {
        diesel::insert_into(audit_log::table)
            .values(entry)
            .execute(conn)?;
    }
    Ok(())
}

/// Entries newest first, then id; optionally about one subject.
pub fn list(
    conn: &mut DbConnection,
    subject: Option<&str>,
    after: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> DbResult<Vec<AuditRow>> {
    let mut query = audit_log::table
        .select(AuditRow::as_select())
        .order((audit_log::at.desc(), audit_log::id.desc()))
        .limit(limit)
        .into_boxed();
    if let Some(subject) = subject {
        query = query.filter(audit_log::subject_id.eq(subject.to_owned()));
    }
    if let Some((at, id)) = after {
        query = query.filter(
            audit_log::at
                .lt(at)
                .or(audit_log::at.eq(at).and(audit_log::id.lt(id))),
        );
    }
    Ok(query.load(conn)?)
}

pub fn delete_older_than(conn: &mut DbConnection, cutoff: NaiveDateTime) -> DbResult<usize> {
    Ok(diesel::delete(audit_log::table.filter(audit_log::at.lt(cutoff))).execute(conn)?)
}
