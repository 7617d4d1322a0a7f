//! The use cases of WIJ-teams and their contacts.

use crate::domain::changes::{ChangeKind, Entity};
use crate::service::changes;
use serde::Serialize;
use utoipa::ToSchema;

use super::input::{ContactChange, NewContact, NewTeam, TeamChange};
use crate::db::teams::{self as repo, ContactChangeset, ContactRow, TeamChangeset, TeamWithWijken};
use crate::db::{DbConnection, new_id, now};
use crate::domain::account::Caller;
use crate::domain::codes::CodeSet;
use crate::domain::paging::{CursorCodec, Page, PageRequest};
use crate::domain::vocabulary::WijkCode;
use crate::error::{AppError, AppResult};
use crate::i18n::{FieldText, Noun, Text};
use crate::service::audit::{self, Action};

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

pub fn create(conn: &mut DbConnection, caller: &Caller, input: &NewTeam) -> AppResult<TeamView> {
    if !caller.is_admin() {
        return Err(AppError::Forbidden(Text::AdminsCreateTeams));
    }
    let id = new_id();
    let at = now();
    conn.write_tx(|conn| {
        repo::insert(
            conn,
            &repo::NewTeam {
                id: &id,
                name: input.name.as_str(),
                address: Some(input.address.as_str()),
                walk_in_hours: Some(input.walk_in_hours.as_str()),
                seed_key: None,
                created_at: at,
                updated_at: at,
            },
            &codes(&input.wijk_codes),
        )?;
        audit::record(conn, Some(caller), Action::Create, "wij_team", &id)?;
        changes::record(conn, ChangeKind::Created, Entity::Team, &id, &[])?;
        Ok::<_, AppError>(())
    })?;
    get(conn, &id)
}

fn codes(wijken: &CodeSet<WijkCode>) -> Vec<&'static str> {
    wijken.iter().map(|w| w.as_str()).collect()
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
    change: &TeamChange,
) -> AppResult<TeamView> {
    get(conn, id)?;
    if !is_team_member_or_admin(caller, id) {
        return Err(AppError::Forbidden(Text::TeamMembersEdit));
    }
    require_coverage_rights(caller, change.wijk_codes.is_some())?;
    conn.write_tx(|conn| {
        repo::update(
            conn,
            id,
            &TeamChangeset {
                name: change.name.as_ref().map(|n| n.as_str()),
                address: change
                    .address
                    .as_ref()
                    .map(|a| a.as_ref().map(|a| a.as_str())),
                walk_in_hours: change
                    .walk_in_hours
                    .as_ref()
                    .map(|h| h.as_ref().map(|h| h.as_str())),
                updated_at: Some(now()),
            },
        )?;
        if let Some(wijken) = &change.wijk_codes {
            repo::set_wijken(conn, id, &codes(wijken))?;
        }
        audit::record(conn, Some(caller), Action::Update, "wij_team", id)?;
        let fields = crate::set_fields!(change; name, address, wijk_codes, walk_in_hours);
        changes::record(conn, ChangeKind::Updated, Entity::Team, id, &fields)?;
        Ok::<_, AppError>(())
    })?;
    get(conn, id)
}

/// Only admins change which wijken a team covers; said before any word about the input.
pub fn require_coverage_rights(caller: &Caller, changes_coverage: bool) -> AppResult<()> {
    if changes_coverage && !caller.is_admin() {
        return Err(AppError::Forbidden(Text::AdminsChangeCoverage));
    }
    Ok(())
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
    input: &NewContact,
) -> AppResult<ContactView> {
    get(conn, team_id)?;
    if !is_team_member_or_admin(caller, team_id) {
        return Err(AppError::Forbidden(Text::TeamMembersAddContacts));
    }
    let id = new_id();
    let at = now();
    conn.write_tx(|conn| {
        repo::insert_contact(
            conn,
            &repo::NewContact {
                id: &id,
                team_id,
                name: input.name.as_str(),
                role: input.role.as_str(),
                email: input.email.as_str(),
                phone: input.phone.as_str(),
                expertise: input.expertise.as_str(),
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
    change: &ContactChange,
) -> AppResult<ContactView> {
    get(conn, team_id)?;
    repo::find_contact(conn, team_id, contact_id)?.ok_or(AppError::NotFound(Noun::Contact))?;
    if !is_team_member_or_admin(caller, team_id) {
        return Err(AppError::Forbidden(Text::TeamMembersEditContacts));
    }
    conn.write_tx(|conn| {
        repo::update_contact(
            conn,
            contact_id,
            &ContactChangeset {
                name: change.name.as_ref().map(|v| v.as_str()),
                role: change.role.as_ref().map(|v| v.as_str()),
                email: change.email.as_ref().map(|v| v.as_str()),
                phone: change.phone.as_ref().map(|v| v.as_str()),
                expertise: change.expertise.as_ref().map(|v| v.as_str()),
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
