//! The change feed: every write that matters to matching, the registry or the outside world
//! appends what happened (kind, entity, id, and the names of the fields that changed — never
//! their values, so the feed holds no personal data) in the same transaction as the write.
//! It is the one source from which in-memory state, other instances, notifications and
//! webhooks learn what happened; a rolled-back write leaves no trace in it.

use crate::db::changes::{self as repo, ChangeRow, NewChange};
use crate::db::{DbConnection, now};
use crate::domain::changes::{ChangeKind, Entity};
use crate::domain::codes::Codes;
use crate::error::AppResult;

/// The names of the fields a parsed change sets (those that are `Some`), as the feed
/// reports them: `set_fields!(change; title, description)`.
#[macro_export]
macro_rules! set_fields {
    ($change:expr; $($field:ident),+ $(,)?) => {{
        let mut names: Vec<&'static str> = Vec::new();
        $( if $change.$field.is_some() { names.push(stringify!($field)); } )+
        names
    }};
}

thread_local! {
    /// Whether the work on this thread recorded a change since [`take_recorded`] last
    /// asked: the edge then brings this instance's live index up to date before it answers.
    static RECORDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether a change was recorded on this thread since the last call (which resets it).
pub fn take_recorded() -> bool {
    RECORDED.with(|r| r.replace(false))
}

/// Record a change, inside the writing transaction (ideally as its last statement).
pub fn record(
    conn: &mut DbConnection,
    kind: ChangeKind,
    entity: Entity,
    id: &str,
    fields: &[&str],
) -> AppResult<i64> {
    let fields = Codes::new(fields.iter().map(|f| (*f).to_owned()));
    RECORDED.with(|r| r.set(true));
    Ok(repo::append(
        conn,
        &NewChange {
            at: now(),
            kind,
            entity,
            entity_id: id,
            fields: &fields,
        },
    )?)
}

/// Record the same change for each of several records (the matches a write cancelled, the
/// offers that expired), inside the writing transaction.
pub fn record_each(
    conn: &mut DbConnection,
    kind: ChangeKind,
    entity: Entity,
    ids: &[String],
    fields: &[&str],
) -> AppResult<()> {
    for id in ids {
        record(conn, kind, entity, id, fields)?;
    }
    Ok(())
}

/// Changes after `seq`, oldest first, at most `limit`.
pub fn after(conn: &mut DbConnection, seq: i64, limit: i64) -> AppResult<Vec<ChangeRow>> {
    Ok(repo::after(conn, seq, limit)?)
}

/// Where a reader that last saw `seq` stands: caught up from the feed, or too far behind
/// (its next rows were pruned) and so must rebuild from the tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    CanCatchUp,
    MustRebuild,
}

pub fn position(conn: &mut DbConnection, seq: i64) -> AppResult<Position> {
    Ok(match repo::first_seq(conn)? {
        Some(first) if first > seq + 1 => Position::MustRebuild,
        _ => Position::CanCatchUp,
    })
}
