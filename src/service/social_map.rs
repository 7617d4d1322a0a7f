//! The social map of a wijk, for team workers and admins: the initiatives and key figures
//! of the wijk, the contacts of the teams that cover it, and the volunteers who reach it,
//! nearest first. This is how a WIJ-team finds local partners.

use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::schema::{wij_contacts, wij_team_wijken, wij_teams};
use crate::db::{DbConnection, initiatives, key_figures, volunteers};
use crate::domain::account::Caller;
use crate::domain::geo::{GeoPoint, display_km, public_km};
use crate::domain::paging::{Page, PageRequest};
use crate::error::{AppError, AppResult};
use crate::i18n::{FieldText, Lang, Noun, Text};
use crate::reference::{self, vocabulary};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MapKind {
    Initiative,
    KeyFigure,
    WijContact,
    Volunteer,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MapItem {
    pub kind: MapKind,
    pub id: String,
    pub display: String,
    /// From the wijk's centroid; volunteers from their home wijk's centroid (whole km).
    pub distance_km: f64,
    /// Why this partner is listed, in the request's language (`Accept-Language`).
    pub why: String,
}

/// Items nearest first, then by kind and name: a ranked list, capped by `limit`.
pub fn for_wijk(
    conn: &mut DbConnection,
    caller: &Caller,
    code: &str,
    theme: Option<&str>,
    page: &PageRequest,
    lang: Lang,
) -> AppResult<Page<MapItem>> {
    if !caller.is_staff() {
        return Err(AppError::Forbidden(Text::SocialMapForStaff));
    }
    let wijk = reference::wijk(code).ok_or(AppError::NotFound(Noun::Wijk))?;
    if let Some(t) = theme {
        if !vocabulary::is_theme(t) {
            return Err(AppError::field("theme", FieldText::UnknownTheme));
        }
    }
    let centre = GeoPoint {
        lat: wijk.lat,
        lon: wijk.lon,
    };
    let limit = i64::from(page.limit);
    let mut items = Vec::new();

    for i in initiatives::in_wijk(conn, code, theme)? {
        let at = match (i.lat, i.lon) {
            (Some(lat), Some(lon)) => GeoPoint { lat, lon },
            _ => centre,
        };
        items.push(MapItem {
            kind: MapKind::Initiative,
            id: i.id,
            display: i.name,
            distance_km: display_km(centre.distance_km(at)),
            why: Text::WhyInitiative { wijk: wijk.name }.render(lang),
        });
    }
    for k in key_figures::list(conn, Some(code), false, None, limit)? {
        items.push(MapItem {
            kind: MapKind::KeyFigure,
            id: k.id,
            display: k.name,
            distance_km: 0.0,
            why: Text::WhyKeyFigure {
                wijk: wijk.name,
                organisation: k.organisation,
            }
            .render(lang),
        });
    }
    let contacts: Vec<(String, String, String)> = wij_contacts::table
        .inner_join(wij_teams::table.inner_join(wij_team_wijken::table))
        .filter(wij_team_wijken::wijk_code.eq(code))
        .select((wij_contacts::id, wij_contacts::name, wij_teams::name))
        .order((wij_contacts::name, wij_contacts::id))
        .limit(limit)
        .load(conn)?;
    for (id, name, team) in contacts {
        items.push(MapItem {
            kind: MapKind::WijContact,
            id,
            display: name,
            distance_km: 0.0,
            why: Text::WhyContact {
                team,
                wijk: wijk.name,
            }
            .render(lang),
        });
    }
    for v in volunteers::reaching(conn, code, limit)? {
        let why = if v.is_home {
            Text::WhyVolunteerHome { wijk: wijk.name }
        } else {
            // The distance shown is from the home wijk's centroid; the volunteer's own
            // (private) location is what decided that they reach this wijk.
            let km = public_km(v.max_distance_km);
            match reference::wijk(&v.home_wijk_code) {
                Some(home) => Text::WhyVolunteerTravels {
                    home: home.name,
                    km,
                },
                None => Text::WhyVolunteerElsewhere { km },
            }
        }
        .render(lang);
        items.push(MapItem {
            kind: MapKind::Volunteer,
            id: v.user_id,
            display: v.display_name,
            distance_km: v.distance_km,
            why,
        });
    }
    items.sort_by(|a, b| {
        a.distance_km
            .total_cmp(&b.distance_km)
            .then(a.kind.cmp(&b.kind))
            .then_with(|| a.display.cmp(&b.display))
            .then_with(|| a.id.cmp(&b.id))
    });
    Ok(Page::ranked(items, page.limit))
}
