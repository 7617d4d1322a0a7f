//! WIJ-teams and their contacts. Anyone reads a team and its contacts' public fields;
//! admins manage teams; a team's own workers edit its details (not its coverage) and
//! its contacts.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::audit::{self, Action};
use crate::db::teams::{
    self as repo, ContactChangeset, ContactRow, NewContact, NewTeam, TeamChangeset, TeamWithWijken,
};
use crate::db::{DbConnection, new_id, now};
use crate::domain::account::{Caller, Email};
use crate::domain::paging::{CursorCodec, Page, PageRequest};
use crate::domain::patch;
use crate::domain::validation::Checker;
use crate::error::{AppError, AppResult};
use crate::i18n::{FieldText, Noun, Text};
use crate::reference;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TeamView {
    pub id: String,
    pub name: String,
    /// Street address, where known.
    pub address: Option<String>,
    /// Wijken this team covers (CBS codes).
    pub wijk_codes: Vec<String>,
    /// Walk-in hours, free text.
    pub walk_in_hours: Option<String>,
}

fn team_view(t: TeamWithWijken) -> TeamView {
    TeamView {
        id: t.team.id,
        name: t.team.name,
        address: t.team.address,
        wijk_codes: t.wijk_codes,
        walk_in_hours: t.team.walk_in_hours,
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTeamInput {
    pub name: String,
    pub address: String,
    pub wijk_codes: Vec<String>,
    pub walk_in_hours: String,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamPatch {
    #[serde(default, deserialize_with = "patch::not_null")]
    pub name: Option<String>,
    /// `null` clears it.
    #[serde(default, deserialize_with = "patch::nullable")]
    #[schema(value_type = Option<String>)]
    pub address: Option<Option<String>>,
    #[serde(default, deserialize_with = "patch::not_null")]
    pub wijk_codes: Option<Vec<String>>,
    /// `null` clears it.
    #[serde(default, deserialize_with = "patch::nullable")]
    #[schema(value_type = Option<String>)]
    pub walk_in_hours: Option<Option<String>>,
}

fn check_wijk_codes(check: &mut Checker, codes: &[String]) {
    check.check(
        codes.len() <= 20,
        "wijk_codes",
        FieldText::TooManyWijken { max: 20 },
    );
    for (i, code) in codes.iter().enumerate() {
        check.check(
            reference::is_wijk(code),
            &format!("wijk_codes[{i}]"),
            FieldText::UnknownWijk,
        );
    }
}

fn check_walk_in(check: &mut Checker, hours: &str) {
    check.check(
        hours.chars().count() <= 200,
        "walk_in_hours",
        FieldText::AtMostChars { max: 200 },
    );
}

fn dedup(codes: &[String]) -> Vec<&str> {
    let mut v: Vec<&str> = codes.iter().map(String::as_str).collect();
    v.sort_unstable();
    v.dedup();
    v
}

pub const TEAMS_LIST_KIND: &str = "wij_teams";

pub fn list(
    conn: &mut DbConnection,
    page: &PageRequest,
    cursors: &CursorCodec,
) -> AppResult<Page<TeamView>> {
    let after = match page.after.as_deref() {
        None => None,
        Some([name, id]) => Some((name.clone(), id.clone())),
        Some(_) => return Err(AppError::field("cursor", FieldText::Cursor)),
    };
    let rows = repo::list(conn, after, page.fetch_limit())?;
    let page = Page::from_rows(rows, page, cursors, TEAMS_LIST_KIND, |t| {
        vec![t.team.name.clone(), t.team.id.clone()]
    });
    Ok(page.map(team_view))
}

pub fn get(conn: &mut DbConnection, id: &str) -> AppResult<TeamView> {
    repo::find(conn, id)?
        .map(team_view)
        .ok_or(AppError::NotFound(Noun::WijTeam))
}

pub fn create(
    conn: &mut DbConnection,
    caller: &Caller,
    input: &NewTeamInput,
) -> AppResult<TeamView> {
    if !caller.is_admin() {
        return Err(AppError::Forbidden(Text::AdminsCreateTeams));
    }
    let mut check = Checker::new();
    check.text("name", &input.name, 100, false);
    check.text("address", &input.address, 200, false);
    check_wijk_codes(&mut check, &input.wijk_codes);
    check_walk_in(&mut check, &input.walk_in_hours);
    check.finish()?;
    let id = new_id();
    let at = now();
    conn.write_tx(|conn| {
        repo::insert(
            conn,
            &NewTeam {
                id: &id,
                name: &input.name,
                address: Some(&input.address),
                walk_in_hours: Some(&input.walk_in_hours),
                seed_key: None,
                created_at: at,
                updated_at: at,
            },
            &dedup(&input.wijk_codes),
        )?;
        audit::record(conn, Some(caller), Action::Create, "wij_team", &id)
    })?;
    get(conn, &id)
}

/// May the caller act for this team (admin, or one of its own workers)?
fn is_team_member_or_admin(caller: &Caller, team_id: &str) -> bool {
    caller.is_admin() || caller.team() == Some(team_id)
}

/// The team exists (else 404) and the caller may act for it (else 403); and so for one of
/// its contacts, when one is named. Checked before any word about the input.
pub fn require_team_rights(
    conn: &mut DbConnection,
    caller: &Caller,
    team_id: &str,
    contact_id: Option<&str>,
) -> AppResult<()> {
    get(conn, team_id)?;
    if let Some(contact_id) = contact_id {
        repo::find_contact(conn, team_id, contact_id)?.ok_or(AppError::NotFound(Noun::Contact))?;
    }
    if !is_team_member_or_admin(caller, team_id) {
        return Err(AppError::Forbidden(Text::TeamMembersOnly));
    }
    Ok(())
}

pub fn update(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    patch: &TeamPatch,
) -> AppResult<TeamView> {
    get(conn, id)?;
    if !is_team_member_or_admin(caller, id) {
        return Err(AppError::Forbidden(Text::TeamMembersEdit));
    }
    if patch.wijk_codes.is_some() && !caller.is_admin() {
        return Err(AppError::Forbidden(Text::AdminsChangeCoverage));
    }
    let mut check = Checker::new();
    if let Some(name) = &patch.name {
        check.text("name", name, 100, false);
    }
    if let Some(Some(address)) = &patch.address {
        check.text("address", address, 200, false);
    }
    if let Some(codes) = &patch.wijk_codes {
        check_wijk_codes(&mut check, codes);
    }
    if let Some(Some(hours)) = &patch.walk_in_hours {
        check_walk_in(&mut check, hours);
    }
    check.finish()?;
    conn.write_tx(|conn| {
        repo::update(
            conn,
            id,
            &TeamChangeset {
                name: patch.name.as_deref(),
                address: patch.address.as_ref().map(|a| a.as_deref()),
                walk_in_hours: patch.walk_in_hours.as_ref().map(|h| h.as_deref()),
                updated_at: Some(now()),
            },
        )?;
        if let Some(codes) = &patch.wijk_codes {
            repo::set_wijken(conn, id, &dedup(codes))?;
        }
        audit::record(conn, Some(caller), Action::Update, "wij_team", id)
    })?;
    get(conn, id)
}

/// A contact person of a team. `email` and `phone` are shown only to team workers and
/// admins; anyone sees name, role and expertise.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ContactView {
    pub id: String,
    pub wij_team_id: String,
    pub name: String,
    pub role: String,
    pub expertise: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

fn contact_view(row: ContactRow, with_details: bool) -> ContactView {
    ContactView {
        id: row.id,
        wij_team_id: row.team_id,
        name: row.name,
        role: row.role,
        expertise: row.expertise,
        email: with_details.then_some(row.email),
        phone: with_details.then_some(row.phone),
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactInput {
    pub name: String,
    pub role: String,
    pub email: String,
    pub phone: String,
    pub expertise: String,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactPatch {
    #[serde(default, deserialize_with = "patch::not_null")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "patch::not_null")]
    pub role: Option<String>,
    #[serde(default, deserialize_with = "patch::not_null")]
    pub email: Option<String>,
    #[serde(default, deserialize_with = "patch::not_null")]
    pub phone: Option<String>,
    #[serde(default, deserialize_with = "patch::not_null")]
    pub expertise: Option<String>,
}

fn check_contact_fields(
    check: &mut Checker,
    name: Option<&str>,
    role: Option<&str>,
    email: Option<&str>,
    phone: Option<&str>,
    expertise: Option<&str>,
) {
    if let Some(v) = name {
        check.text("name", v, 100, false);
    }
    if let Some(v) = role {
        check.text("role", v, 100, false);
    }
    if let Some(v) = email {
        check.take(Email::parse("email", v));
    }
    if let Some(v) = phone {
        let ok = (6..=20).contains(&v.chars().filter(char::is_ascii_digit).count())
            && v.chars()
                .all(|c| c.is_ascii_digit() || " +-().".contains(c));
        check.check(ok, "phone", FieldText::Phone);
    }
    if let Some(v) = expertise {
        check.text("expertise", v, 1000, true);
    }
}

pub const CONTACTS_LIST_KIND: &str = "wij_contacts";

pub fn list_contacts(
    conn: &mut DbConnection,
    caller: Option<&Caller>,
    team_id: &str,
    page: &PageRequest,
    cursors: &CursorCodec,
) -> AppResult<Page<ContactView>> {
    get(conn, team_id)?;
    let after = page
        .after
        .as_deref()
        .map(audit::parse_time_id)
        .transpose()?;
    let rows = repo::list_contacts(conn, team_id, after, page.fetch_limit())?;
    let page = Page::from_rows(rows, page, cursors, CONTACTS_LIST_KIND, |c| {
        vec![c.created_at.and_utc().to_rfc3339(), c.id.clone()]
    });
    let details = caller.is_some_and(Caller::is_staff);
    Ok(page.map(|row| contact_view(row, details)))
}

pub fn add_contact(
    conn: &mut DbConnection,
    caller: &Caller,
    team_id: &str,
    input: &ContactInput,
) -> AppResult<ContactView> {
    get(conn, team_id)?;
    if !is_team_member_or_admin(caller, team_id) {
        return Err(AppError::Forbidden(Text::TeamMembersAddContacts));
    }
    let mut check = Checker::new();
    check_contact_fields(
        &mut check,
        Some(&input.name),
        Some(&input.role),
        Some(&input.email),
        Some(&input.phone),
        Some(&input.expertise),
    );
    check.finish()?;
    let id = new_id();
    let at = now();
    conn.write_tx(|conn| {
        repo::insert_contact(
            conn,
            &NewContact {
                id: &id,
                team_id,
                name: &input.name,
                role: &input.role,
                email: &input.email,
                phone: &input.phone,
                expertise: &input.expertise,
                created_at: at,
                updated_at: at,
                is_demo: false,
            },
        )?;
        audit::record(conn, Some(caller), Action::Create, "wij_contact", &id)
    })?;
    let row = repo::find_contact(conn, team_id, &id)?.ok_or(AppError::NotFound(Noun::Contact))?;
    Ok(contact_view(row, true))
}

pub fn update_contact(
    conn: &mut DbConnection,
    caller: &Caller,
    team_id: &str,
    contact_id: &str,
    patch: &ContactPatch,
) -> AppResult<ContactView> {
    get(conn, team_id)?;
    repo::find_contact(conn, team_id, contact_id)?.ok_or(AppError::NotFound(Noun::Contact))?;
    if !is_team_member_or_admin(caller, team_id) {
        return Err(AppError::Forbidden(Text::TeamMembersEditContacts));
    }
    let mut check = Checker::new();
    check_contact_fields(
        &mut check,
        patch.name.as_deref(),
        patch.role.as_deref(),
        patch.email.as_deref(),
        patch.phone.as_deref(),
        patch.expertise.as_deref(),
    );
    check.finish()?;
    conn.write_tx(|conn| {
        repo::update_contact(
            conn,
            contact_id,
            &ContactChangeset {
                name: patch.name.as_deref(),
                role: patch.role.as_deref(),
                email: patch.email.as_deref(),
                phone: patch.phone.as_deref(),
                expertise: patch.expertise.as_deref(),
                updated_at: Some(now()),
            },
        )?;
        audit::record(
            conn,
            Some(caller),
            Action::Update,
            "wij_contact",
            contact_id,
        )
    })?;
    let row =
        repo::find_contact(conn, team_id, contact_id)?.ok_or(AppError::NotFound(Noun::Contact))?;
    Ok(contact_view(row, true))
}

pub fn delete_contact(
    conn: &mut DbConnection,
    caller: &Caller,
    team_id: &str,
    contact_id: &str,
) -> AppResult<()> {
    get(conn, team_id)?;
    repo::find_contact(conn, team_id, contact_id)?.ok_or(AppError::NotFound(Noun::Contact))?;
    if !is_team_member_or_admin(caller, team_id) {
        return Err(AppError::Forbidden(Text::TeamMembersRemoveContacts));
    }
    conn.write_tx(|conn| {
        crate::db::partners::delete_for_partner(
            conn,
            crate::domain::kinds::PartnerKind::WijContact,
            contact_id,
        )?;
        repo::delete_contact(conn, contact_id)?;
        audit::record(
            conn,
            Some(caller),
            Action::Delete,
            "wij_contact",
            contact_id,
        )
    })
}
