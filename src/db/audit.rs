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
    pub read_count: i32,
    pub last_at: Option<NaiveDateTime>,
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

/// Record a read that folds into the entry with the same `fold_key`: the first read of
/// the key inserts it, later ones count and move `last_at`. One statement, so concurrent
/// reads neither lose a count nor write two entries.
pub fn record_folded(
    conn: &mut DbConnection,
    entry: &NewAuditEntry<'_>,
    fold_key: &str,
) -> DbResult<()> {
    use diesel::upsert::excluded;
    let values = (entry, audit_log::fold_key.eq(fold_key));
    // MultiConnection has no ON CONFLICT; each backend's own connection runs the same
    // statement.
    macro_rules! upsert {
        ($c:expr) => {
            diesel::insert_into(audit_log::table)
                .values(values)
                .on_conflict(audit_log::fold_key)
                .do_update()
                .set((
                    audit_log::read_count.eq(audit_log::read_count + 1),
                    audit_log::last_at.eq(excluded(audit_log::at).nullable()),
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
