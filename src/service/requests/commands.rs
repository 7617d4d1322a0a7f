//! The use cases of requests: file, read, list, change, close, delete, and the erasure of
//! private parts past their retention.

use super::input::{NewRequest, PrivateDetails, RequestChange};
use super::projection::{Relation, present, present_one, visible};
use super::views::RequestView;
use super::{LIST_KIND, SUBJECT};
use crate::config::LimitSettings;
use crate::db::requests::{
    self as repo, PrivateColumns, RequestChangeset, RequestFilter, RequestRow,
};
use crate::db::{DbConnection, initiatives, matches, new_id, now};
use crate::domain::account::Caller;
use crate::domain::changes::{ChangeKind, Entity};
use crate::domain::codes::{Code, Codes};
use crate::domain::paging::{CursorCodec, Page, PageRequest};
use crate::domain::status::RequestStatus;
use crate::domain::validation::{Checker, one_of};
use crate::domain::vocabulary::{Category, WijkCode};
use crate::error::{AppError, AppResult};
use crate::i18n::{FieldText, Noun, Text};
use crate::parse_fields;
use crate::service::audit::{self, Action};
use crate::service::changes;
use crate::service::usage::{self, Limited};

/// Who may file requests at all (a worker of a team covering some wijk, a coordinator of
/// some initiative, an admin): the others hear 403 before any word about the body.
pub fn require_filer(conn: &mut DbConnection, caller: &Caller) -> AppResult<Relation> {
    let rel = Relation::of(conn, caller)?;
    if !rel.admin && rel.covered.is_empty() && rel.coordinated.is_empty() {
        return Err(AppError::Forbidden(Text::RequestFilers));
    }
    Ok(rel)
}

/// File a request: a team worker for a wijk their team covers, a coordinator of
/// `initiative_id`, or an admin. Answers the full view.
pub fn create(
    conn: &mut DbConnection,
    caller: &Caller,
    input: &NewRequest,
    limits: &LimitSettings,
) -> AppResult<RequestView> {
    let rel = require_filer(conn, caller)?;
    // Anyone can start an initiative and so file for it; vetted staff are not counted.
    if !caller.is_admin() && caller.team().is_none() {
        usage::consume(conn, caller, Limited::RequestByNonStaff, limits, now())?;
    }
    if let Some(i) = &input.initiative_id {
        if initiatives::find(conn, i.as_str())?.is_none() {
            return Err(AppError::field(
                "initiative_id",
                FieldText::NoSuchInitiative,
            ));
        }
    }
    let allowed = rel.admin
        || rel.covered.contains(input.wijk_code.as_str())
        || input
            .initiative_id
            .as_ref()
            .is_some_and(|i| rel.coordinated.contains(i.as_str()));
    if !allowed {
        return Err(AppError::Forbidden(Text::RequestFilers));
    }
    let at = now();
    let private = input
        .private
        .as_ref()
        .map(private_columns)
        .unwrap_or_default();
    let row = RequestRow {
        id: new_id(),
        title: input.title.as_str().to_owned(),
        description: input.description.as_str().to_owned(),
        category: input.category.as_str().to_owned(),
        skills: codes(&input.skills),
        languages: codes(&input.languages),
        wijk_code: input.wijk_code.as_str().to_owned(),
        mode: input.mode,
        schedule: input.schedule.clone(),
        hours_estimate: input.hours_estimate.get(),
        helpers_needed: input.helpers_needed.get(),
        places_held: 0,
        urgency: input.urgency,
        status: RequestStatus::Open,
        initiative_id: input.initiative_id.as_ref().map(|i| i.to_string()),
        created_by: Some(caller.user_id.clone()),
        created_at: at,
        updated_at: at,
        closed_at: None,
        requester_name: private.requester_name,
        requester_contact: private.requester_contact,
        private_notes: private.private_notes,
        address: private.address,
        lat: private.lat,
        lon: private.lon,
        private_erased_at: None,
    };
    conn.write_tx(|conn| {
        repo::insert(conn, &row)?;
        audit::record(conn, Some(caller), Action::Create, SUBJECT, &row.id)?;
        changes::record(conn, ChangeKind::Created, Entity::Request, &row.id, &[])
    })?;
    present_one(conn, caller, &rel, row)
}

/// A set of typed codes as a row stores it.
fn codes<T: Code>(set: &crate::domain::codes::CodeSet<T>) -> Codes {
    Codes::new(set.iter().map(|c| c.code().to_owned()))
}

fn private_columns(p: &PrivateDetails) -> PrivateColumns {
    PrivateColumns {
        requester_name: Some(p.requester_name.as_str().to_owned()),
        requester_contact: p.requester_contact.as_ref().map(|v| v.as_str().to_owned()),
        private_notes: p.private_notes.as_ref().map(|v| v.as_str().to_owned()),
        address: p.address.as_ref().map(|v| v.as_str().to_owned()),
        lat: p.location.map(|l| l.lat),
        lon: p.location.map(|l| l.lon),
    }
}

/// One request, full or public; a request that is not open is 404 to non-managers.
pub fn get(conn: &mut DbConnection, caller: &Caller, id: &str) -> AppResult<RequestView> {
    let rel = Relation::of(conn, caller)?;
    let row = repo::find(conn, id)?
        .filter(|r| visible(&rel, r))
        .ok_or(AppError::NotFound(Noun::Request))?;
    present_one(conn, caller, &rel, row)
}

/// One list, newest first then id: every open request, plus (for managers) the requests they
/// manage in any status. Each item is projected for the caller on its own: full for the
/// requests they manage, the public face for the rest.
/// The list's filters as the caller wrote them.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub wijk_code: Option<String>,
    pub category: Option<String>,
    pub status: Option<String>,
}

pub fn list(
    conn: &mut DbConnection,
    caller: &Caller,
    filter: &ListFilter,
    page: &PageRequest,
    cursors: &CursorCodec,
) -> AppResult<Page<RequestView>> {
    let mut check = Checker::new();
    let wijk = filter
        .wijk_code
        .as_deref()
        .map(|w| WijkCode::parse("wijk", w));
    let category = filter
        .category
        .as_deref()
        .map(|c| Category::parse("category", c));
    let status = filter
        .status
        .as_deref()
        .map(|s| one_of::<RequestStatus>("status", s));
    let filter = parse_fields!(
        check,
        RequestFilter {
            wijk_code: wijk.transpose().map(|w| w.map(|w| w.as_str().to_owned())),
            category: category
                .transpose()
                .map(|c| c.map(|c| c.as_str().to_owned())),
            status: status.transpose(),
        }
    )?;
    let rel = Relation::of(conn, caller)?;
    let after = page
        .after
        .as_deref()
        .map(audit::parse_time_id)
        .transpose()?;
    let rows = repo::list(conn, &filter, &rel.scope(), after, page.fetch_limit())?;
    let page = Page::from_rows(rows, page, cursors, LIST_KIND, |r| {
        vec![r.created_at.and_utc().to_rfc3339(), r.id.clone()]
    });
    let next_cursor = page.next_cursor;
    let items = present(conn, caller, &rel, page.items)?;
    Ok(Page { items, next_cursor })
}

/// The request, when the caller manages it: 404 if they may not know it exists, else 403.
pub fn managed(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
) -> AppResult<(RequestRow, Relation)> {
    let rel = Relation::of(conn, caller)?;
    let row = repo::find(conn, id)?
        .filter(|r| visible(&rel, r))
        .ok_or(AppError::NotFound(Noun::Request))?;
    if !rel.manages(&row) {
        return Err(AppError::Forbidden(Text::RequestManagersOnly));
    }
    Ok((row, rel))
}

pub fn update(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    change: &RequestChange,
) -> AppResult<RequestView> {
    let (current, rel) = managed(conn, caller, id)?;
    if let Some(w) = change.wijk_code {
        let w = w.as_str();
        if w != current.wijk_code && !rel.admin && !rel.covered.contains(w) {
            return Err(AppError::Forbidden(Text::RequestMovesWithinTeam));
        }
    }
    let skills = change.skills.as_ref().map(codes);
    let languages = change.languages.as_ref().map(codes);
    conn.write_tx(|conn| {
        let changed = repo::update_guarded(
            conn,
            id,
            &RequestChangeset {
                title: change.title.as_ref().map(|v| v.as_str()),
                description: change.description.as_ref().map(|v| v.as_str()),
                category: change.category.map(|v| v.as_str()),
                skills: skills.as_ref(),
                languages: languages.as_ref(),
                wijk_code: change.wijk_code.map(|v| v.as_str()),
                mode: change.mode,
                schedule: change.schedule.as_ref().map(|s| s.as_ref()),
                hours_estimate: change.hours_estimate.map(|v| v.get()),
                helpers_needed: change.helpers_needed.map(|v| v.get()),
                urgency: change.urgency,
                updated_at: Some(now()),
            },
        )?;
        if !changed {
            let now_row = repo::find(conn, id)?.ok_or(AppError::NotFound(Noun::Request))?;
            return Err(AppError::Conflict(
                if now_row.status == RequestStatus::Closed {
                    Text::RequestClosed
                } else {
                    Text::HelpersBelowHeld {
                        held: now_row.places_held.into(),
                    }
                },
            ));
        }
        if let Some(private) = &change.private {
            repo::set_private(conn, id, &private_columns(private))?;
        }
        settle_places(conn, id, now())?;
        audit::record(conn, Some(caller), Action::Update, SUBJECT, id)?;
        changes::record(
            conn,
            ChangeKind::Updated,
            Entity::Request,
            id,
            &change.fields(),
        )
    })?;
    let row = repo::find(conn, id)?.ok_or(AppError::NotFound(Noun::Request))?;
    present_one(conn, caller, &rel, row)
}

/// After a request's places or capacity changed: `filled` when every place is held (its
/// pending matches are then cancelled: they could never be accepted), `open` again when
/// a place frees. In the caller's transaction. (A request that was filled already has no
/// pending matches: they went when it filled, and matches are made for open requests only.)
pub fn settle_places(
    conn: &mut DbConnection,
    id: &str,
    at: chrono::NaiveDateTime,
) -> AppResult<()> {
    let before = repo::find(conn, id)?.map(|r| r.status);
    if repo::sync_filled(conn, id)? {
        let cancelled = matches::cancel_pending_for_request(conn, id, at)?;
        changes::record_each(
            conn,
            ChangeKind::Updated,
            Entity::Match,
            &cancelled,
            &["status"],
        )?;
    }
    let after = repo::find(conn, id)?.map(|r| r.status);
    if before != after {
        changes::record(conn, ChangeKind::Updated, Entity::Request, id, &["status"])?;
    }
    Ok(())
}

/// Close a request (managers); already closed → 409.
pub fn close(conn: &mut DbConnection, caller: &Caller, id: &str) -> AppResult<RequestView> {
    let (_, rel) = managed(conn, caller, id)?;
    conn.write_tx(|conn| {
        let at = now();
        if !repo::close(conn, id, at)? {
            return Err(AppError::Conflict(Text::RequestAlreadyClosed));
        }
        let cancelled = matches::cancel_pending_for_request(conn, id, at)?;
        crate::service::notify::cancelled(
            conn,
            &cancelled,
            crate::domain::notices::CancelCause::RequestClosed,
            crate::service::notify::Side::Volunteer,
        )?;
        changes::record_each(
            conn,
            ChangeKind::Updated,
            Entity::Match,
            &cancelled,
            &["status"],
        )?;
        audit::record(conn, Some(caller), Action::Update, SUBJECT, id)?;
        changes::record(conn, ChangeKind::Updated, Entity::Request, id, &["status"])
    })?;
    let row = repo::find(conn, id)?.ok_or(AppError::NotFound(Noun::Request))?;
    present_one(conn, caller, &rel, row)
}

/// Delete a request (managers): the private part is erased and the request closed.
pub fn delete(conn: &mut DbConnection, caller: &Caller, id: &str) -> AppResult<()> {
    managed(conn, caller, id)?;
    conn.write_tx(|conn| {
        let at = now();
        repo::close(conn, id, at)?;
        let cancelled = matches::cancel_pending_for_request(conn, id, at)?;
        crate::service::notify::cancelled(
            conn,
            &cancelled,
            crate::domain::notices::CancelCause::RequestClosed,
            crate::service::notify::Side::Volunteer,
        )?;
        changes::record_each(
            conn,
            ChangeKind::Updated,
            Entity::Match,
            &cancelled,
            &["status"],
        )?;
        repo::erase_private(conn, id, at)?;
        audit::record(conn, Some(caller), Action::Delete, SUBJECT, id)?;
        changes::record(conn, ChangeKind::Deleted, Entity::Request, id, &[])?;
        Ok(())
    })
}

/// Erase the private part of requests closed more than `retention_days` before `at`; each
/// erasure is audited (actor: the system). Returns how many were erased.
pub fn erase_expired_private(
    conn: &mut DbConnection,
    at: chrono::NaiveDateTime,
    retention_days: i64,
) -> AppResult<usize> {
    let cutoff = at - chrono::Duration::days(retention_days);
    conn.write_tx(|conn| {
        let ids = repo::closed_with_private_before(conn, cutoff)?;
        for id in &ids {
            repo::erase_private(conn, id, at)?;
            audit::record(conn, None, Action::Erase, SUBJECT, id)?;
            changes::record(conn, ChangeKind::Updated, Entity::Request, id, &["private"])?;
        }
        Ok(ids.len())
    })
}

/// A team worker's queue: the open requests in the wijken their team covers, the longest
/// waiting first, as public faces (nothing private is read, so nothing is audited).
pub fn team_queue(
    conn: &mut DbConnection,
    caller: &Caller,
    limit: i64,
) -> AppResult<Vec<super::views::PublicRequestView>> {
    let rel = Relation::of(conn, caller)?;
    let wijken: Vec<String> = rel.covered.iter().cloned().collect();
    repo::open_in_wijken(conn, &wijken, limit)?
        .iter()
        .map(super::views::public_face)
        .collect()
}

/// The public faces of those of `ids` the caller manages (others are left out).
pub fn managed_faces(
    conn: &mut DbConnection,
    caller: &Caller,
    ids: &[String],
) -> AppResult<Vec<super::views::PublicRequestView>> {
    let rel = Relation::of(conn, caller)?;
    repo::find_many(conn, ids)?
        .iter()
        .filter(|r| rel.manages(r))
        .map(super::views::public_face)
        .collect()
}
