//! Key figures: people who connect a street by themselves. Recorded by team workers and
//! admins with the person's consent; `team_only` (the default) ones are invisible to
//! everyone else; contact details only ever go to team workers and admins. Withdrawing
//! consent deletes the record and its partner links.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::audit::{self, Action};
use crate::db::key_figures::{self as repo, KeyFigureChangeset, KeyFigureRow};
use crate::db::{DbConnection, new_id, now, partners, teams};
use crate::domain::account::Caller;
use crate::domain::paging::{CursorCodec, Page, PageRequest};
use crate::domain::patch;
use crate::domain::validation::Checker;
use crate::error::{AppError, AppResult};
use crate::i18n::{FieldText, Noun, Text};
use crate::reference;

pub use crate::domain::kinds::Visibility;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Consent {
    /// When the person agreed to be recorded (RFC 3339, not in the future).
    pub given_at: DateTime<Utc>,
    /// Who recorded the consent (a name, at most 100 characters).
    #[serde(default)]
    pub recorded_by: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyFigureInput {
    pub name: String,
    pub description: String,
    pub organisation: String,
    pub wijk_code: String,
    /// Whom this person connects (free text).
    pub connects: String,
    /// How to reach them; shown to team workers and admins only.
    pub contact: String,
    /// Default `team_only`.
    #[serde(default)]
    pub visibility: Visibility,
    pub consent: Consent,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyFigurePatch {
    #[serde(default, deserialize_with = "patch::not_null")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "patch::not_null")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "patch::not_null")]
    pub organisation: Option<String>,
    #[serde(default, deserialize_with = "patch::not_null")]
    pub wijk_code: Option<String>,
    #[serde(default, deserialize_with = "patch::not_null")]
    pub connects: Option<String>,
    #[serde(default, deserialize_with = "patch::not_null")]
    pub contact: Option<String>,
    #[serde(default, deserialize_with = "patch::not_null")]
    pub visibility: Option<Visibility>,
    #[serde(default, deserialize_with = "patch::not_null")]
    pub consent: Option<Consent>,
}

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

fn check_consent(check: &mut Checker, consent: &Consent) {
    check.check(
        consent.given_at <= crate::clock::now() + chrono::Duration::seconds(30),
        "consent.given_at",
        FieldText::InTheFuture,
    );
    if let Some(by) = &consent.recorded_by {
        check.text("consent.recorded_by", by, 100, false);
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
    input: &KeyFigureInput,
    is_demo: bool,
) -> AppResult<KeyFigureView> {
    require_staff(caller)?;
    let mut check = Checker::new();
    check.text("name", &input.name, 100, false);
    check.text("description", &input.description, 4000, true);
    check.text("organisation", &input.organisation, 200, false);
    check.check(
        reference::is_wijk(&input.wijk_code),
        "wijk_code",
        FieldText::UnknownWijk,
    );
    check.text("connects", &input.connects, 1000, true);
    check.text("contact", &input.contact, 200, false);
    check_consent(&mut check, &input.consent);
    check.finish()?;
    // Recording needs the same team rights as editing, so no one records a key figure
    // they could not later change or delete on withdrawal of consent.
    require_team_rights(conn, caller, &input.wijk_code)?;
    let at = now();
    let row = KeyFigureRow {
        id: new_id(),
        name: input.name.clone(),
        description: input.description.clone(),
        organisation: input.organisation.clone(),
        wijk_code: input.wijk_code.clone(),
        connects: input.connects.clone(),
        contact: input.contact.clone(),
        visibility: input.visibility,
        consent_given_at: input.consent.given_at.naive_utc(),
        consent_recorded_by: input.consent.recorded_by.clone(),
        recorded_by_user_id: Some(caller.user_id.clone()),
        is_demo,
        created_at: at,
        updated_at: at,
    };
    conn.write_tx(|conn| {
        repo::insert(conn, &row)?;
        audit::record(conn, Some(caller), Action::Create, "key_figure", &row.id)
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
    wijk: Option<&str>,
    page: &PageRequest,
    cursors: &CursorCodec,
) -> AppResult<Page<KeyFigureView>> {
    if let Some(w) = wijk {
        if !reference::is_wijk(w) {
            return Err(AppError::field("wijk", FieldText::UnknownWijk));
        }
    }
    let staff = caller.is_some_and(Caller::is_staff);
    let after = page
        .after
        .as_deref()
        .map(audit::parse_time_id)
        .transpose()?;
    let rows = repo::list(conn, wijk, !staff, after, page.fetch_limit())?;
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
    p: &KeyFigurePatch,
) -> AppResult<KeyFigureView> {
    let row = repo::find(conn, id)?
        .filter(|r| visible_to(r, Some(caller)))
        .ok_or(AppError::NotFound(Noun::KeyFigure))?;
    require_team_rights(conn, caller, &row.wijk_code)?;
    let mut check = Checker::new();
    if let Some(v) = &p.name {
        check.text("name", v, 100, false);
    }
    if let Some(v) = &p.description {
        check.text("description", v, 4000, true);
    }
    if let Some(v) = &p.organisation {
        check.text("organisation", v, 200, false);
    }
    if let Some(v) = &p.wijk_code {
        check.check(reference::is_wijk(v), "wijk_code", FieldText::UnknownWijk);
    }
    if let Some(v) = &p.connects {
        check.text("connects", v, 1000, true);
    }
    if let Some(v) = &p.contact {
        check.text("contact", v, 200, false);
    }
    if let Some(c) = &p.consent {
        check_consent(&mut check, c);
    }
    check.finish()?;
    // Moving a key figure to another wijk needs team rights there too.
    if let Some(target) = &p.wijk_code {
        require_team_rights(conn, caller, target)?;
    }
    conn.write_tx(|conn| {
        repo::update(
            conn,
            id,
            &KeyFigureChangeset {
                name: p.name.as_deref(),
                description: p.description.as_deref(),
                organisation: p.organisation.as_deref(),
                wijk_code: p.wijk_code.as_deref(),
                connects: p.connects.as_deref(),
                contact: p.contact.as_deref(),
                visibility: p.visibility,
                consent_given_at: p.consent.as_ref().map(|c| c.given_at.naive_utc()),
                consent_recorded_by: p.consent.as_ref().map(|c| c.recorded_by.as_deref()),
                updated_at: Some(now()),
            },
        )?;
        audit::record(conn, Some(caller), Action::Update, "key_figure", id)
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
        audit::record(conn, Some(caller), Action::Delete, "key_figure", id)
    })
}
