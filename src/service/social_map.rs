//! The social map of a wijk, for team workers and admins: the initiatives and key figures
//! of the wijk, the contacts of the teams that cover it, and the volunteers who reach it,
//! nearest first, then id, in pages. This is how a WIJ-team finds local partners.

use std::collections::BTreeSet;

use serde::Serialize;
use utoipa::ToSchema;

use crate::db::{DbConnection, initiatives, key_figures, teams, volunteers};
use crate::domain::account::Caller;
use crate::domain::geo::{GeoPoint, display_km, public_km};
pub use crate::domain::kinds::MapKind;
use crate::domain::paging::{CursorCodec, Page, PageRequest};
use crate::domain::patch::parse_present;
use crate::domain::themes;
use crate::domain::validation::{Checker, Invalid};
use crate::domain::vocabulary::Theme;
use crate::error::{AppError, AppResult};
use crate::i18n::{FieldText, Lang, Noun, Text};
use crate::parse_fields;
use crate::reference;

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

/// The cursor kind of the social map's pages.
pub const LIST_KIND: &str = "social_map";

/// Which partners a map shows, parsed from `?kind=` and `?theme=`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MapFilter {
    /// `None`: every kind.
    pub kinds: Option<BTreeSet<MapKind>>,
    /// Narrows initiatives by theme, volunteers by the theme's skills and key figures by
    /// the theme's words in `connects` (`domain::themes`); WIJ contacts stay.
    pub theme: Option<Theme>,
}

impl MapFilter {
    /// Every invalid parameter at once: an unknown kind or theme is a 400 naming it.
    pub fn parse(kind: Option<&str>, theme: Option<&str>) -> Result<Self, Invalid> {
        let mut check = Checker::new();
        parse_fields!(
            check,
            MapFilter {
                kinds: parse_present(kind, |k| MapKind::parse_list("kind", k)),
                theme: parse_present(theme, |t| Theme::parse("theme", t)),
            }
        )
    }

    fn shows(&self, kind: MapKind) -> bool {
        self.kinds.as_ref().is_none_or(|k| k.contains(&kind))
    }
}

/// Where a page starts: after the item with this sort key.
struct After {
    km: f64,
    id: String,
    kind: MapKind,
}

impl After {
    fn of(page: &PageRequest) -> AppResult<Option<Self>> {
        let Some(key) = page.after.as_deref() else {
            return Ok(None);
        };
        let bad = || AppError::field("cursor", FieldText::Cursor);
        let [km, id, kind] = key else {
            return Err(bad());
        };
        let km: f64 = km.parse().map_err(|_| bad())?;
        if !km.is_finite() {
            return Err(bad());
        }
        Ok(Some(Self {
            km,
            id: id.clone(),
            kind: MapKind::parse(kind).ok_or_else(bad)?,
        }))
    }

    fn before(&self, item: &MapItem) -> bool {
        order(item, (self.km, &self.id, self.kind)).is_gt()
    }
}

/// The map's order: nearest first, then id (then kind, so the key is unique).
fn order(item: &MapItem, key: (f64, &str, MapKind)) -> std::cmp::Ordering {
    item.distance_km
        .total_cmp(&key.0)
        .then_with(|| item.id.as_str().cmp(key.1))
        .then(item.kind.cmp(&key.2))
}

fn cursor_key(item: &MapItem) -> Vec<String> {
    vec![
        item.distance_km.to_string(),
        item.id.clone(),
        item.kind.as_str().to_owned(),
    ]
}

/// A page of the map, nearest first, then id. Initiatives, key figures and contacts of
/// one wijk are few and read whole; volunteers (up to a city's) are read from the page's
/// start on, one page and one more at a time.
pub fn for_wijk(
    conn: &mut DbConnection,
    caller: &Caller,
    code: &str,
    filter: &MapFilter,
    page: &PageRequest,
    cursors: &CursorCodec,
    lang: Lang,
) -> AppResult<Page<MapItem>> {
    if !caller.is_staff() {
        return Err(AppError::Forbidden(Text::SocialMapForStaff));
    }
    let wijk = reference::wijk(code).ok_or(AppError::NotFound(Noun::Wijk))?;
    let after = After::of(page)?;
    let theme = filter.theme.as_ref().map(|t| t.as_str());
    let centre = GeoPoint {
        lat: wijk.lat,
        lon: wijk.lon,
    };
    let mut items = Vec::new();

    if filter.shows(MapKind::Initiative) {
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
    }
    if filter.shows(MapKind::KeyFigure) {
        for k in key_figures::in_wijk(conn, code)? {
            if theme.is_some_and(|t| !themes::connects_names(t, &k.connects)) {
                continue;
            }
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
    }
    if filter.shows(MapKind::WijContact) {
        for (id, name, team) in teams::contacts_covering(conn, code)? {
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
    }
    if filter.shows(MapKind::Volunteer) {
        let skills = theme.map(themes::skills_of);
        let from = after.as_ref().map(|a| (a.km, a.id.as_str()));
        // From the start key on, included: one more than a page covers the one item that
        // may be the cursor's own.
        for v in volunteers::reaching(conn, code, skills, from, page.fetch_limit() + 1)? {
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
    }
    if let Some(a) = &after {
        items.retain(|i| a.before(i));
    }
    items.sort_by(|a, b| order(a, (b.distance_km, &b.id, b.kind)));
    items.truncate(usize::try_from(page.fetch_limit()).unwrap_or(usize::MAX));
    Ok(Page::from_rows(items, page, cursors, LIST_KIND, cursor_key))
}
