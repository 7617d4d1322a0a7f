//! The use cases of initiatives and their coordinators.

use crate::domain::changes::{ChangeKind, Entity};
use crate::service::changes;
use serde::Serialize;
use utoipa::ToSchema;

use super::input::{InitiativeChange, ListFilter, NewInitiative};
use crate::db::initiatives::{self as repo, InitiativeChangeset, InitiativeFilter, InitiativeRow};
use crate::db::{DbConnection, Owner, new_id, now, users};
use crate::domain::account::Caller;
use crate::domain::codes::CodeSet;
use crate::domain::paging::{CursorCodec, Page, PageRequest};
use crate::domain::search;
use crate::domain::vocabulary::{Theme, WijkCode};
use crate::error::{AppError, AppResult};
use crate::i18n::{FieldText, Noun, Text};
use crate::service::audit::{self, Action};

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InitiativeView {
    pub id: String,
    pub name: String,
    pub description: String,
    pub wijk_code: String,
    pub themes: Vec<String>,
    pub address: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub contact_email: Option<String>,
    pub website: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

pub(super) fn view(row: InitiativeRow, themes: Vec<String>) -> InitiativeView {
    InitiativeView {
        id: row.id,
        name: row.name,
        description: row.description,
        wijk_code: row.wijk_code,
        themes,
        address: row.address,
        lat: row.lat,
        lon: row.lon,
        contact_email: row.contact_email,
        website: row.website,
        created_at: row.created_at.and_utc(),
        updated_at: row.updated_at.and_utc(),
    }
}

pub const LIST_KIND: &str = "initiatives";

/// The public list, newest first; filters by wijk, theme and a case- and accent-insensitive
/// text query over name and description.
pub fn list(
    conn: &mut DbConnection,
    filter: &ListFilter,
    page: &PageRequest,
    cursors: &CursorCodec,
) -> AppResult<Page<InitiativeView>> {
    let filter = repo_filter(filter, false);
    let after = page
        .after
        .as_deref()
        .map(audit::parse_time_id)
        .transpose()?;
    let rows = repo::list(conn, &filter, after, page.fetch_limit())?;
    let page = Page::from_rows(rows, page, cursors, LIST_KIND, |r| {
        vec![r.created_at.and_utc().to_rfc3339(), r.id.clone()]
    });
    let ids: Vec<&str> = page.items.iter().map(|r| r.id.as_str()).collect();
    let mut themes = repo::themes_of(conn, &ids)?;
    Ok(page.map(|row| {
        let t = themes.remove(&row.id).unwrap_or_default();
        view(row, t)
    }))
}

fn repo_filter(filter: &ListFilter, located: bool) -> InitiativeFilter {
    InitiativeFilter {
        wijk_code: filter.wijk.map(|w| w.as_str().to_owned()),
        theme: filter.theme.map(|t| t.as_str().to_owned()),
        search: filter
            .q
            .as_deref()
            .filter(|q| !q.trim().is_empty())
            .map(search::contains_pattern),
        located,
    }
}

/// Every initiative of the public list (same filters, same order) that has a location: the
/// points of the open-data map.
pub fn located(conn: &mut DbConnection, filter: &ListFilter) -> AppResult<Vec<InitiativeView>> {
    let rows = repo::list(conn, &repo_filter(filter, true), None, i64::MAX)?;
    let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    let mut themes = repo::themes_of(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let t = themes.remove(&row.id).unwrap_or_default();
            view(row, t)
        })
        .collect())
}

pub fn get(conn: &mut DbConnection, id: &str) -> AppResult<InitiativeView> {
    let row = repo::find(conn, id)?.ok_or(AppError::NotFound(Noun::Initiative))?;
    let themes = repo::themes_of(conn, &[id])?.remove(id).unwrap_or_default();
    Ok(view(row, themes))
}

pub fn create(
    conn: &mut DbConnection,
    caller: &Caller,
    input: &NewInitiative,
    is_demo: bool,
) -> AppResult<InitiativeView> {
    let id = new_id();
    let at = now();
    let (name, description) = (input.name.as_str(), input.description.as_str());
    let search_text = search::fold(&format!("{name}\n{description}"));
    conn.write_tx(|conn| {
        repo::insert(
            conn,
            &repo::NewInitiative {
                id: &id,
                name,
                description,
                wijk_code: input.wijk_code.as_str(),
                address: input.address.as_ref().map(|a| a.as_str()),
                lat: input.location.map(|p| p.lat),
                lon: input.location.map(|p| p.lon),
                contact_email: input.contact_email.as_ref().map(|e| e.as_str()),
                website: input.website.as_ref().map(|w| w.as_str()),
                search_text: &search_text,
                is_demo,
                created_at: at,
                updated_at: at,
            },
            &theme_codes(&input.themes),
        )?;
        repo::add_coordinator(conn, &id, &caller.user_id, at)?;
        audit::record(conn, Some(caller), Action::Create, "initiative", &id)?;
        changes::record(conn, ChangeKind::Created, Entity::Initiative, &id, &[])?;
        Ok::<_, AppError>(())
    })?;
    get(conn, &id)
}

fn theme_codes(themes: &CodeSet<Theme>) -> Vec<&'static str> {
    themes.iter().map(|t| t.as_str()).collect()
}

/// Coordinators and admins manage an initiative.
pub fn require_coordinator_or_admin(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
) -> AppResult<()> {
    if caller.is_admin() || repo::is_coordinator(conn, id, &caller.user_id)? {
        Ok(())
    } else {
        Err(AppError::Forbidden(Text::CoordinatorsOnly))
    }
}

/// The initiative exists (else 404) and the caller manages it (else 403).
pub fn require_manager(conn: &mut DbConnection, caller: &Caller, id: &str) -> AppResult<()> {
    repo::find(conn, id)?.ok_or(AppError::NotFound(Noun::Initiative))?;
    require_coordinator_or_admin(conn, caller, id)
}

pub fn update(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    change: &InitiativeChange,
) -> AppResult<InitiativeView> {
    let current = repo::find(conn, id)?.ok_or(AppError::NotFound(Noun::Initiative))?;
    require_coordinator_or_admin(conn, caller, id)?;
    // A coordinator left out keeps its stored value; the two must end up together.
    let lat = change.lat.unwrap_or(current.lat);
    let lon = change.lon.unwrap_or(current.lon);
    if lat.is_some() != lon.is_some() {
        return Err(AppError::field("lat", FieldText::LatLonTogether));
    }
    let name = change
        .name
        .as_ref()
        .map_or(current.name.as_str(), |n| n.as_str());
    let description = change
        .description
        .as_ref()
        .map_or(current.description.as_str(), |d| d.as_str());
    let search_text = search::fold(&format!("{name}\n{description}"));
    conn.write_tx(|conn| {
        repo::update(
            conn,
            id,
            &InitiativeChangeset {
                name: change.name.as_ref().map(|n| n.as_str()),
                description: change.description.as_ref().map(|d| d.as_str()),
                wijk_code: change.wijk_code.map(WijkCode::as_str),
                address: change
                    .address
                    .as_ref()
                    .map(|a| a.as_ref().map(|a| a.as_str())),
                lat: Some(lat),
                lon: Some(lon),
                contact_email: change
                    .contact_email
                    .as_ref()
                    .map(|e| e.as_ref().map(|e| e.as_str())),
                website: change
                    .website
                    .as_ref()
                    .map(|w| w.as_ref().map(|w| w.as_str())),
                search_text: Some(&search_text),
                updated_at: Some(now()),
            },
        )?;
        if let Some(themes) = &change.themes {
            repo::set_themes(conn, id, &theme_codes(themes))?;
        }
        audit::record(conn, Some(caller), Action::Update, "initiative", id)?;
        let fields = crate::set_fields!(change; name, description, wijk_code, themes, address,
            lat, lon, contact_email, website);
        changes::record(conn, ChangeKind::Updated, Entity::Initiative, id, &fields)?;
        Ok::<_, AppError>(())
    })?;
    get(conn, id)
}

pub fn delete(conn: &mut DbConnection, caller: &Caller, id: &str) -> AppResult<()> {
    repo::find(conn, id)?.ok_or(AppError::NotFound(Noun::Initiative))?;
    require_coordinator_or_admin(conn, caller, id)?;
    conn.write_tx(|conn| {
        repo::delete(conn, id)?;
        audit::record(conn, Some(caller), Action::Delete, "initiative", id)?;
        changes::record(conn, ChangeKind::Deleted, Entity::Initiative, id, &[])?;
        Ok::<_, AppError>(())
    })
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CoordinatorView {
    pub user_id: String,
    pub display_name: String,
}

pub const COORDINATORS_KIND: &str = "coordinators";

pub fn coordinators(
    conn: &mut DbConnection,
    id: &str,
    page: &PageRequest,
    cursors: &CursorCodec,
) -> AppResult<Page<CoordinatorView>> {
    repo::find(conn, id)?.ok_or(AppError::NotFound(Noun::Initiative))?;
    let after = page
        .after
        .as_deref()
        .map(audit::parse_time_id)
        .transpose()?;
    let rows = repo::coordinators(conn, id, after, page.fetch_limit())?;
    let page = Page::from_rows(rows, page, cursors, COORDINATORS_KIND, |(uid, _, at)| {
        vec![at.and_utc().to_rfc3339(), uid.clone()]
    });
    Ok(page.map(|(user_id, display_name, _)| CoordinatorView {
        user_id,
        display_name,
    }))
}

pub fn add_coordinator(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    user_id: &str,
) -> AppResult<CoordinatorView> {
    repo::find(conn, id)?.ok_or(AppError::NotFound(Noun::Initiative))?;
    require_coordinator_or_admin(conn, caller, id)?;
    let user = users::find(conn, user_id)?
        .ok_or_else(|| AppError::field("user_id", FieldText::NoSuchAccount))?;
    if repo::is_coordinator(conn, id, user_id)? {
        return Err(AppError::Conflict(Text::AlreadyCoordinator));
    }
    conn.write_tx(|conn| {
        repo::add_coordinator(conn, id, user_id, now())?;
        audit::record(conn, Some(caller), Action::Update, "initiative", id)?;
        changes::record(
            conn,
            ChangeKind::Updated,
            Entity::Initiative,
            id,
            &["coordinators"],
        )?;
        Ok::<_, AppError>(())
    })?;
    Ok(CoordinatorView {
        user_id: user.id,
        display_name: user.display_name,
    })
}

pub fn remove_coordinator(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    user_id: &str,
) -> AppResult<()> {
    repo::find(conn, id)?.ok_or(AppError::NotFound(Noun::Initiative))?;
    require_coordinator_or_admin(conn, caller, id)?;
    conn.write_tx(|conn| {
        // Two coordinators removing each other at once must leave one.
        conn.lock_owner(Owner::Initiative(id))?;
        if !repo::is_coordinator(conn, id, user_id)? {
            return Err(AppError::NotFound(Noun::Coordinator));
        }
        if repo::coordinator_count(conn, id)? <= 1 {
            return Err(AppError::Conflict(Text::LastCoordinator));
        }
        repo::remove_coordinator(conn, id, user_id)?;
        audit::record(conn, Some(caller), Action::Update, "initiative", id)?;
        changes::record(
            conn,
            ChangeKind::Updated,
            Entity::Initiative,
            id,
            &["coordinators"],
        )?;
        Ok::<_, AppError>(())
    })
}
