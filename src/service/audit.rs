//! Writing and reading the audit log.

use chrono_tz::Europe::Amsterdam;
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::audit::{self as repo, NewAuditEntry};
use crate::db::{DbConnection, new_id, now};
use crate::domain::account::Caller;
use crate::domain::paging::{CursorCodec, Page, PageRequest};
use crate::error::{AppError, AppResult};
use crate::i18n::{FieldText, Text};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    ReadPrivate,
    Create,
    Update,
    Delete,
    Erase,
    RoleChange,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ReadPrivate => "read_private",
            Self::Create => "create",
            Self::Update => "update",
            Self::Delete => "delete",
            Self::Erase => "erase",
            Self::RoleChange => "role_change",
        }
    }
}

/// Record one action by `actor` (None: the system or an operator) on a subject, in the
/// actor's strongest account role.
pub fn record(
    conn: &mut DbConnection,
    actor: Option<&Caller>,
    action: Action,
    subject_type: &str,
    subject_id: &str,
) -> AppResult<()> {
    let role = actor.map(|c| c.roles.strongest().as_str());
    record_as(conn, actor, role, action, subject_type, subject_id)
}

/// Record one action in the role the actor acted in (e.g. `coordinator`, `team_worker`).
pub fn record_as(
    conn: &mut DbConnection,
    actor: Option<&Caller>,
    role: Option<&str>,
    action: Action,
    subject_type: &str,
    subject_id: &str,
) -> AppResult<()> {
    let at = now();
    let entry = NewAuditEntry {
        id: new_id(),
        at,
        actor_id: actor.map(|c| c.user_id.as_str()),
        actor_role: role,
        action: action.as_str(),
        subject_type,
        subject_id,
    };
    match (action, actor) {
        // A list read a hundred times must not write a hundred entries per request: the
        // reads of one request by one actor (in one role) on one day are one entry.
        (Action::ReadPrivate, Some(caller)) => {
            let day = at.and_utc().with_timezone(&Amsterdam).date_naive();
            let key = format!(
                "{}|{}|{}|{subject_type}|{subject_id}|{day}",
                action.as_str(),
                caller.user_id,
                role.unwrap_or("-"),
            );
            repo::record_folded(conn, &entry, &key)?;
        }
        _ => repo::insert(conn, &[entry])?,
    }
    Ok(())
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditEntryView {
    pub id: String,
    pub at: chrono::DateTime<chrono::Utc>,
    pub actor_id: Option<String>,
    pub actor_role: Option<String>,
    pub action: String,
    pub subject_type: String,
    pub subject_id: String,
    /// How many reads this entry stands for: repeated reads of one private part by one
    /// actor on one day (Europe/Amsterdam) fold into that day's entry. 1 for other actions.
    pub count: i64,
    /// The latest of those reads (equal to `at` for a single action).
    pub last_at: chrono::DateTime<chrono::Utc>,
}

pub const LIST_KIND: &str = "audit";

pub fn list(
    conn: &mut DbConnection,
    caller: &Caller,
    subject: Option<&str>,
    page: &PageRequest,
    cursors: &CursorCodec,
) -> AppResult<Page<AuditEntryView>> {
    if !caller.is_admin() {
        return Err(AppError::Forbidden(Text::AuditForAdmins));
    }
    let after = page.after.as_deref().map(parse_time_id).transpose()?;
    let rows = repo::list(conn, subject, after, page.fetch_limit())?;
    let page = Page::from_rows(rows, page, cursors, LIST_KIND, |r| {
        vec![r.at.and_utc().to_rfc3339(), r.id.clone()]
    });
    Ok(page.map(AuditEntryView::from))
}

impl From<repo::AuditRow> for AuditEntryView {
    fn from(r: repo::AuditRow) -> Self {
        Self {
            id: r.id,
            at: r.at.and_utc(),
            actor_id: r.actor_id,
            actor_role: r.actor_role,
            action: r.action,
            subject_type: r.subject_type,
            subject_id: r.subject_id,
            count: i64::from(r.read_count),
            last_at: r.last_at.unwrap_or(r.at).and_utc(),
        }
    }
}

/// A (timestamp, id) cursor key.
pub fn parse_time_id(parts: &[String]) -> AppResult<(chrono::NaiveDateTime, String)> {
    let bad = || AppError::field("cursor", FieldText::Cursor);
    match parts {
        [at, id] => {
            let at = chrono::DateTime::parse_from_rfc3339(at)
                .map_err(|_| bad())?
                .naive_utc();
            Ok((at, id.clone()))
        }
        _ => Err(bad()),
    }
}
