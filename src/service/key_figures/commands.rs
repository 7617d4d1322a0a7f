//! The use cases of key figures.

use crate::domain::changes::{ChangeKind, Entity};
use crate::service::changes;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::input::{Consent, KeyFigureChange, NewKeyFigure};
use crate::db::key_figures::{self as repo, KeyFigureChangeset, KeyFigureRow};
use crate::db::{DbConnection, new_id, now, partners, teams};
use crate::domain::account::Caller;
use crate::domain::kinds::Visibility;
use crate::domain::paging::{CursorCodec, Page, PageRequest};
use crate::domain::vocabulary::WijkCode;
use crate::error::{AppError, AppResult};
use crate::i18n::{Noun, Text};
use crate::service::audit::{self, Action};

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct KeyFigureView {
    pub id: String,
    pub name: String,
    pub description: String,
    pub organisation: String,
    pub wijk_code: String,
    pub connects: String,
    /// Team workers and admins only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    pub visibility: Visibility,
    /// Team workers and admins only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent: Option<Consent>,
    pub created_at: DateTime<Utc>,
}

/// May this caller know the key figure exists?
pub fn visible_to(row: &KeyFigureRow, caller: Option<&Caller>) -> bool {
    row.visibility == Visibility::Public || caller.is_some_and(Caller::is_staff)
}

fn view(row: KeyFigureRow, staff: bool) -> KeyFigureView {
    let visibility = row.visibility;
    KeyFigureView {
        id: row.id,
        name: row.name,
        description: row.description,
        organisation: row.organisation,
        wijk_code: row.wijk_code,
        connects: row.connects,
        contact: staff.then_some(row.contact),
        visibility,
        consent: staff.then(|| Consent {
            given_at: row.consent_given_at.and_utc(),
            recorded_by: row.consent_recorded_by,
        }),
        created_at: row.created_at.and_utc(),
    }
}

pub fn require_staff(caller: &Caller) -> AppResult<()> {
    if caller.is_staff() {
        Ok(())
    } else {
        Err(AppError::Forbidden(Text::KeyFiguresForStaff))
    }
}

pub fn create(
    conn: &mut DbConnection,
    caller: &Caller,
    input: &NewKeyFigure,
    is_demo: bool,
) -> AppResult<KeyFigureView> {
    require_staff(caller)?;
    // Recording needs the same team rights as editing, so no one records a key figure
    // they could not later change or delete on withdrawal of consent.
    require_team_rights(conn, caller, input.wijk_code.as_str())?;
    let at = now();
    let row = KeyFigureRow {
        id: new_id(),
        name: input.name.as_str().to_owned(),
        description: input.description.as_str().to_owned(),
        organisation: input.organisation.as_str().to_owned(),
        wijk_code: input.wijk_code.as_str().to_owned(),
        connects: input.connects.as_str().to_owned(),
        contact: input.contact.as_str().to_owned(),
        visibility: input.visibility,
        consent_given_at: input.consent.given_at,
        consent_recorded_by: input
            .consent
            .recorded_by
            .as_ref()
            .map(|n| n.as_str().to_owned()),
        recorded_by_user_id: Some(caller.user_id.clone()),
        is_demo,
        created_at: at,
        updated_at: at,
    };
    conn.write_tx(|conn| {
        repo::insert(conn, &row)?;
        audit::record(conn, Some(caller), Action::Create, "key_figure", &row.id)?;
        changes::record(conn, ChangeKind::Created, Entity::KeyFigure, &row.id, &[])?;
        Ok::<_, AppError>(())
    })?;
    Ok(view(row, true))
}

pub fn get(conn: &mut DbConnection, caller: Option<&Caller>, id: &str) -> AppResult<KeyFigureView> {
    let row = repo::find(conn, id)?
        .filter(|r| visible_to(r, caller))
        .ok_or(AppError::NotFound(Noun::KeyFigure))?;
    Ok(view(row, caller.is_some_and(Caller::is_staff)))
}

pub const LIST_KIND: &str = "key_figures";

pub fn list(
    conn: &mut DbConnection,
    caller: Option<&Caller>,
    wijk: Option<WijkCode>,
    page: &PageRequest,
    cursors: &CursorCodec,
) -> AppResult<Page<KeyFigureView>> {
    let staff = caller.is_some_and(Caller::is_staff);
    let after = page
        .after
        .as_deref()
        .map(audit::parse_time_id)
        .transpose()?;
    let rows = repo::list(
        conn,
        wijk.map(WijkCode::as_str),
        !staff,
        after,
        page.fetch_limit(),
    )?;
    let page = Page::from_rows(rows, page, cursors, LIST_KIND, |r| {
        vec![r.created_at.and_utc().to_rfc3339(), r.id.clone()]
    });
    Ok(page.map(|r| view(r, staff)))
}

/// Editing and deleting need team rights for the key figure's wijk (or admin).
fn require_team_rights(conn: &mut DbConnection, caller: &Caller, wijk_code: &str) -> AppResult<()> {
    if caller.is_admin() {
        return Ok(());
    }
    if let Some(team) = caller.team() {
        if teams::covers(conn, team, wijk_code)? {
            return Ok(());
        }
    }
    Err(AppError::Forbidden(Text::KeyFigureForCoveringTeam))
}

/// The key figure is one the caller may know (else 404) and may change (else 403).
pub fn require_editor(conn: &mut DbConnection, caller: &Caller, id: &str) -> AppResult<()> {
    let row = repo::find(conn, id)?
        .filter(|r| visible_to(r, Some(caller)))
        .ok_or(AppError::NotFound(Noun::KeyFigure))?;
    require_team_rights(conn, caller, &row.wijk_code)
}

pub fn update(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    change: &KeyFigureChange,
) -> AppResult<KeyFigureView> {
    let row = repo::find(conn, id)?
        .filter(|r| visible_to(r, Some(caller)))
        .ok_or(AppError::NotFound(Noun::KeyFigure))?;
    require_team_rights(conn, caller, &row.wijk_code)?;
    // Moving a key figure to another wijk needs team rights there too.
    if let Some(target) = change.wijk_code {
        require_team_rights(conn, caller, target.as_str())?;
    }
    conn.write_tx(|conn| {
        repo::update(
            conn,
            id,
            &KeyFigureChangeset {
                name: change.name.as_ref().map(|v| v.as_str()),
                description: change.description.as_ref().map(|v| v.as_str()),
                organisation: change.organisation.as_ref().map(|v| v.as_str()),
                wijk_code: change.wijk_code.map(WijkCode::as_str),
                connects: change.connects.as_ref().map(|v| v.as_str()),
                contact: change.contact.as_ref().map(|v| v.as_str()),
                visibility: change.visibility,
                consent_given_at: change.consent.as_ref().map(|c| c.given_at),
                consent_recorded_by: change
                    .consent
                    .as_ref()
                    .map(|c| c.recorded_by.as_ref().map(|n| n.as_str())),
                updated_at: Some(now()),
            },
        )?;
        audit::record(conn, Some(caller), Action::Update, "key_figure", id)?;
        let fields = crate::set_fields!(change; name, description, organisation, wijk_code,
            connects, contact, visibility, consent);
        changes::record(conn, ChangeKind::Updated, Entity::KeyFigure, id, &fields)?;
        Ok::<_, AppError>(())
    })?;
    get(conn, Some(caller), id)
}

/// Consent withdrawn: the record and its partner links are deleted, not hidden. The audit
/// entry names only the id.
pub fn delete(conn: &mut DbConnection, caller: &Caller, id: &str) -> AppResult<()> {
    let row = repo::find(conn, id)?
        .filter(|r| visible_to(r, Some(caller)))
        .ok_or(AppError::NotFound(Noun::KeyFigure))?;
    require_team_rights(conn, caller, &row.wijk_code)?;
    conn.write_tx(|conn| {
        partners::delete_for_partner(conn, crate::domain::kinds::PartnerKind::KeyFigure, id)?;
        repo::delete(conn, id)?;
        audit::record(conn, Some(caller), Action::Delete, "key_figure", id)?;
        changes::record(conn, ChangeKind::Deleted, Entity::KeyFigure, id, &[])?;
        Ok::<_, AppError>(())
    })
}
