//! Initiatives: owned by their coordinators. Anyone reads them; coordinators and admins
//! edit and delete them; a team worker who does not coordinate one cannot edit it.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::audit::{self, Action};
use crate::db::initiatives::{
    self as repo, InitiativeChangeset, InitiativeFilter, InitiativeRow, NewInitiative,
};
use crate::db::{DbConnection, Owner, new_id, now, users};
use crate::domain::account::{Caller, Email};
use crate::domain::geo::GeoPoint;
use crate::domain::paging::{CursorCodec, Page, PageRequest};
use crate::domain::patch;
use crate::domain::search;
use crate::domain::validation::{Checker, FieldError};
use crate::error::{AppError, AppResult};
use crate::i18n::{FieldText, Noun, Text};
use crate::reference::{self, vocabulary};

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

fn view(row: InitiativeRow, themes: Vec<String>) -> InitiativeView {
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

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewInitiativeInput {
    /// 1–200 characters.
    pub name: String,
    /// 1–4000 characters.
    pub description: String,
    pub wijk_code: String,
    /// 1–10 theme ids from the vocabulary.
    pub themes: Vec<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub lon: Option<f64>,
    #[serde(default)]
    pub contact_email: Option<String>,
    /// An http(s) URL.
    #[serde(default)]
    pub website: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InitiativePatch {
    #[serde(default, deserialize_with = "patch::not_null")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "patch::not_null")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "patch::not_null")]
    pub wijk_code: Option<String>,
    #[serde(default, deserialize_with = "patch::not_null")]
    pub themes: Option<Vec<String>>,
    /// `null` clears it.
    #[serde(default, deserialize_with = "patch::nullable")]
    #[schema(value_type = Option<String>)]
    pub address: Option<Option<String>>,
    /// `null` clears the location (give `lat` and `lon` together).
    #[serde(default, deserialize_with = "patch::nullable")]
    #[schema(value_type = Option<f64>)]
    pub lat: Option<Option<f64>>,
    #[serde(default, deserialize_with = "patch::nullable")]
    #[schema(value_type = Option<f64>)]
    pub lon: Option<Option<f64>>,
    #[serde(default, deserialize_with = "patch::nullable")]
    #[schema(value_type = Option<String>)]
    pub contact_email: Option<Option<String>>,
    #[serde(default, deserialize_with = "patch::nullable")]
    #[schema(value_type = Option<String>)]
    pub website: Option<Option<String>>,
}

fn check_themes(check: &mut Checker, themes: &[String]) {
    check.check(
        !themes.is_empty() && themes.len() <= 10,
        "themes",
        FieldText::ThemeCount,
    );
    for (i, t) in themes.iter().enumerate() {
        check.check(
            vocabulary::is_theme(t),
            &format!("themes[{i}]"),
            FieldText::UnknownTheme,
        );
    }
}

fn check_wijk(check: &mut Checker, field: &str, code: &str) {
    check.check(reference::is_wijk(code), field, FieldText::UnknownWijk);
}

fn check_website(url: &str) -> Result<(), FieldError> {
    let ok = (url.starts_with("https://") || url.starts_with("http://"))
        && url.len() > "https://".len()
        && url.chars().count() <= 300
        && !url.chars().any(|c| c.is_whitespace() || c.is_control());
    if ok {
        Ok(())
    } else {
        Err(FieldError::new("website", FieldText::Url))
    }
}

fn check_location(check: &mut Checker, lat: Option<f64>, lon: Option<f64>) {
    match (lat, lon) {
        (Some(lat), Some(lon)) => {
            check.take(GeoPoint::parse("", lat, lon));
        }
        (None, None) => {}
        _ => check.fail("lat", FieldText::LatLonTogether),
    }
}

fn dedup(v: &[String]) -> Vec<&str> {
    let mut d: Vec<&str> = v.iter().map(String::as_str).collect();
    d.sort_unstable();
    d.dedup();
    d
}

pub const LIST_KIND: &str = "initiatives";

/// The public list, newest first; filters by wijk, theme and a case- and accent-insensitive
/// text query over name and description.
pub fn list(
    conn: &mut DbConnection,
    wijk: Option<&str>,
    theme: Option<&str>,
    q: Option<&str>,
    page: &PageRequest,
    cursors: &CursorCodec,
) -> AppResult<Page<InitiativeView>> {
    let mut check = Checker::new();
    if let Some(w) = wijk {
        check_wijk(&mut check, "wijk", w);
    }
    if let Some(t) = theme {
        check.check(vocabulary::is_theme(t), "theme", FieldText::UnknownTheme);
    }
    if let Some(q) = q {
        check.check(
            q.chars().count() <= 200,
            "q",
            FieldText::AtMostChars { max: 200 },
        );
    }
    check.finish()?;
    let filter = InitiativeFilter {
        wijk_code: wijk.map(str::to_owned),
        theme: theme.map(str::to_owned),
        search: q
            .filter(|q| !q.trim().is_empty())
            .map(search::contains_pattern),
    };
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

pub fn get(conn: &mut DbConnection, id: &str) -> AppResult<InitiativeView> {
    let row = repo::find(conn, id)?.ok_or(AppError::NotFound(Noun::Initiative))?;
    let themes = repo::themes_of(conn, &[id])?.remove(id).unwrap_or_default();
    Ok(view(row, themes))
}

pub fn create(
    conn: &mut DbConnection,
    caller: &Caller,
    input: &NewInitiativeInput,
    is_demo: bool,
) -> AppResult<InitiativeView> {
    let mut check = Checker::new();
    check.text("name", &input.name, 200, false);
    check.text("description", &input.description, 4000, true);
    check_wijk(&mut check, "wijk_code", &input.wijk_code);
    check_themes(&mut check, &input.themes);
    if let Some(a) = &input.address {
        check.text("address", a, 200, false);
    }
    check_location(&mut check, input.lat, input.lon);
    if let Some(e) = &input.contact_email {
        check.take(Email::parse("contact_email", e));
    }
    if let Some(w) = &input.website {
        check.take(check_website(w));
    }
    check.finish()?;
    let id = new_id();
    let at = now();
    let search_text = search::fold(&format!("{}\n{}", input.name, input.description));
    conn.write_tx(|conn| {
        repo::insert(
            conn,
            &NewInitiative {
                id: &id,
                name: &input.name,
                description: &input.description,
                wijk_code: &input.wijk_code,
                address: input.address.as_deref(),
                lat: input.lat,
                lon: input.lon,
                contact_email: input.contact_email.as_deref(),
                website: input.website.as_deref(),
                search_text: &search_text,
                is_demo,
                created_at: at,
                updated_at: at,
            },
            &dedup(&input.themes),
        )?;
        repo::add_coordinator(conn, &id, &caller.user_id, at)?;
        audit::record(conn, Some(caller), Action::Create, "initiative", &id)
    })?;
    get(conn, &id)
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
    p: &InitiativePatch,
) -> AppResult<InitiativeView> {
    let current = repo::find(conn, id)?.ok_or(AppError::NotFound(Noun::Initiative))?;
    require_coordinator_or_admin(conn, caller, id)?;
    let mut check = Checker::new();
    if let Some(v) = &p.name {
        check.text("name", v, 200, false);
    }
    if let Some(v) = &p.description {
        check.text("description", v, 4000, true);
    }
    if let Some(v) = &p.wijk_code {
        check_wijk(&mut check, "wijk_code", v);
    }
    if let Some(v) = &p.themes {
        check_themes(&mut check, v);
    }
    if let Some(Some(v)) = &p.address {
        check.text("address", v, 200, false);
    }
    let lat = p.lat.unwrap_or(current.lat);
    let lon = p.lon.unwrap_or(current.lon);
    check_location(&mut check, lat, lon);
    if let Some(Some(v)) = &p.contact_email {
        check.take(Email::parse("contact_email", v));
    }
    if let Some(Some(v)) = &p.website {
        check.take(check_website(v));
    }
    check.finish()?;
    let name = p.name.as_deref().unwrap_or(&current.name);
    let description = p.description.as_deref().unwrap_or(&current.description);
    let search_text = search::fold(&format!("{name}\n{description}"));
    conn.write_tx(|conn| {
        repo::update(
            conn,
            id,
            &InitiativeChangeset {
                name: p.name.as_deref(),
                description: p.description.as_deref(),
                wijk_code: p.wijk_code.as_deref(),
                address: p.address.as_ref().map(|a| a.as_deref()),
                lat: Some(lat),
                lon: Some(lon),
                contact_email: p.contact_email.as_ref().map(|e| e.as_deref()),
                website: p.website.as_ref().map(|w| w.as_deref()),
                search_text: Some(&search_text),
                updated_at: Some(now()),
            },
        )?;
        if let Some(themes) = &p.themes {
            repo::set_themes(conn, id, &dedup(themes))?;
        }
        audit::record(conn, Some(caller), Action::Update, "initiative", id)
    })?;
    get(conn, id)
}

pub fn delete(conn: &mut DbConnection, caller: &Caller, id: &str) -> AppResult<()> {
    repo::find(conn, id)?.ok_or(AppError::NotFound(Noun::Initiative))?;
    require_coordinator_or_admin(conn, caller, id)?;
    conn.write_tx(|conn| {
        repo::delete(conn, id)?;
        audit::record(conn, Some(caller), Action::Delete, "initiative", id)
    })
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CoordinatorView {
    pub user_id: String,
    pub display_name: String,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CoordinatorInput {
    pub user_id: String,
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
        audit::record(conn, Some(caller), Action::Update, "initiative", id)
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
        audit::record(conn, Some(caller), Action::Update, "initiative", id)
    })
}
