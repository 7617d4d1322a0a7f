//! The profile use cases: a volunteer puts and reads their own; staff read and list public
//! ones.

use super::input::VolunteerProfile;
use super::views::{AnyProfileView, ProfileView, PublicProfileView, own_view, public_view};
use crate::db::volunteers::{self as repo, ProfileRow, Reach};
use crate::db::{DbConnection, now, users};
use crate::domain::account::{Caller, DisplayName};
use crate::domain::changes::{ChangeKind, Entity};
use crate::domain::codes::{Code, CodeSet, Codes};
use crate::domain::geo::{GeoPoint, public_km};
use crate::domain::paging::{CursorCodec, Page, PageRequest};
use crate::domain::vocabulary::{Skill, WijkCode};
use crate::error::{AppError, AppResult};
use crate::i18n::{Noun, Text};
use crate::reference;
use crate::service::{audit, changes};

/// The wijken a volunteer reaches: their home wijk, and every wijk whose centroid lies
/// within their radius of their home wijk's centroid. Only public locations decide it: the
/// social map shows who reaches a wijk to others, and reach computed from an exact address
/// would let anyone narrow that address down by listing far wijken at known radii.
/// Distances are public too (home-wijk centroid to wijk centroid, whole km).
pub fn reach(home: &str, radius_km: f64) -> Vec<Reach> {
    let Some(home_wijk) = reference::wijk(home) else {
        return Vec::new();
    };
    let home_point = GeoPoint {
        lat: home_wijk.lat,
        lon: home_wijk.lon,
    };
    reference::wijken()
        .iter()
        .filter_map(|w| {
            let centroid = GeoPoint {
                lat: w.lat,
                lon: w.lon,
            };
            let is_home = w.code == home;
            let km = home_point.distance_km(centroid);
            (is_home || km <= radius_km).then(|| Reach {
                wijk_code: w.code.to_owned(),
                distance_km: public_km(km),
                is_home,
            })
        })
        .collect()
}

/// A checked profile, ready to store.
pub struct ParsedProfile {
    pub display_name: DisplayName,
    pub row: ProfileRow,
    pub skills: Vec<String>,
    pub reach: Vec<Reach>,
}

/// The stored form of a set of vocabulary codes.
fn codes<T: Code>(set: &CodeSet<T>) -> Codes {
    Codes::new(set.iter().map(|c| c.code().to_owned()))
}

/// The rows a profile is stored as.
pub fn prepare(user_id: &str, profile: &VolunteerProfile) -> ParsedProfile {
    let at = now();
    let home = profile.wijk_code.as_str();
    let radius = profile.max_distance_km.get();
    ParsedProfile {
        display_name: profile.display_name.clone(),
        row: ProfileRow {
            user_id: user_id.to_owned(),
            wijk_code: home.to_owned(),
            lat: profile.location.map(|p| p.lat),
            lon: profile.location.map(|p| p.lon),
            max_distance_km: radius,
            languages: codes(&profile.languages),
            availability: profile.availability.clone(),
            hours_per_week: profile.hours_per_week.get(),
            modes: profile.modes.clone(),
            contact_preference: profile.contact_preference,
            is_demo: false,
            created_at: at,
            updated_at: at,
        },
        reach: reach(home, radius),
        skills: codes(&profile.skills).into_vec(),
    }
}

/// The names of the fields a replacement changes, as the feed reports them.
fn changed_fields(old: &repo::Profile, new: &ParsedProfile) -> Vec<&'static str> {
    let (a, b) = (&old.row, &new.row);
    let mut fields = Vec::new();
    let mut differs = |name, changed: bool| {
        if changed {
            fields.push(name);
        }
    };
    differs("availability", a.availability != b.availability);
    differs(
        "contact_preference",
        a.contact_preference != b.contact_preference,
    );
    differs(
        "display_name",
        old.display_name != new.display_name.as_str(),
    );
    differs("hours_per_week", a.hours_per_week != b.hours_per_week);
    differs("languages", a.languages != b.languages);
    differs("location", (a.lat, a.lon) != (b.lat, b.lon));
    differs("max_distance_km", a.max_distance_km != b.max_distance_km);
    differs("modes", a.modes != b.modes);
    differs("skills", old.skills != new.skills);
    differs("wijk_code", a.wijk_code != b.wijk_code);
    fields
}

/// Store a parsed profile (create or replace), in the caller's transaction, and tell the
/// feed (a profile's home, languages and consent decide what its offers can serve).
pub fn store(conn: &mut DbConnection, parsed: &ParsedProfile) -> AppResult<()> {
    let mut row = parsed.row.clone();
    let existing = repo::find(conn, &row.user_id)?;
    if let Some(existing) = &existing {
        row.created_at = existing.row.created_at;
        row.is_demo = existing.row.is_demo;
    }
    users::set_display_name(
        conn,
        &row.user_id,
        parsed.display_name.as_str(),
        row.updated_at,
    )?;
    let skills: Vec<&str> = parsed.skills.iter().map(String::as_str).collect();
    repo::upsert(conn, &row, &skills, &parsed.reach)?;
    // Offers are reached from the home wijk: a move changes where they can help.
    crate::service::offers::refresh_reach(conn, &row.user_id, &row.wijk_code)?;
    match existing {
        None => changes::record(
            conn,
            ChangeKind::Created,
            Entity::Volunteer,
            &row.user_id,
            &[],
        )?,
        Some(old) => {
            let fields = changed_fields(&old, parsed);
            if fields.is_empty() {
                return Ok(());
            }
            changes::record(
                conn,
                ChangeKind::Updated,
                Entity::Volunteer,
                &row.user_id,
                &fields,
            )?
        }
    };
    Ok(())
}

pub fn put_mine(
    conn: &mut DbConnection,
    caller: &Caller,
    profile: &VolunteerProfile,
) -> AppResult<ProfileView> {
    let parsed = prepare(&caller.user_id, profile);
    conn.write_tx(|conn| store(conn, &parsed))?;
    get_mine(conn, caller)
}

pub fn get_mine(conn: &mut DbConnection, caller: &Caller) -> AppResult<ProfileView> {
    let profile =
        repo::find(conn, &caller.user_id)?.ok_or(AppError::NotFound(Noun::VolunteerProfile))?;
    own_view(profile)
}

pub fn get(conn: &mut DbConnection, caller: &Caller, id: &str) -> AppResult<AnyProfileView> {
    if caller.user_id == id {
        return get_mine(conn, caller).map(AnyProfileView::Own);
    }
    if !caller.is_staff() {
        // Other volunteers' profiles are not theirs to know about.
        return Err(AppError::NotFound(Noun::Volunteer));
    }
    let profile = repo::find(conn, id)?.ok_or(AppError::NotFound(Noun::Volunteer))?;
    public_view(profile).map(AnyProfileView::Public)
}

pub const LIST_KIND: &str = "volunteers";

/// Which public profiles to list: by home wijk, by skill.
#[derive(Debug, Clone, Default)]
pub struct VolunteerFilter {
    pub wijk: Option<WijkCode>,
    pub skill: Option<Skill>,
}

pub fn list(
    conn: &mut DbConnection,
    caller: &Caller,
    filter: &VolunteerFilter,
    page: &PageRequest,
    cursors: &CursorCodec,
) -> AppResult<Page<PublicProfileView>> {
    if !caller.is_staff() {
        return Err(AppError::Forbidden(Text::VolunteerListForStaff));
    }
    let after = page
        .after
        .as_deref()
        .map(audit::parse_time_id)
        .transpose()?;
    let rows = repo::list(
        conn,
        filter.wijk.map(WijkCode::as_str),
        filter.skill.map(Skill::as_str),
        after,
        page.fetch_limit(),
    )?;
    let page = Page::from_rows(rows, page, cursors, LIST_KIND, |p| {
        vec![
            p.row.created_at.and_utc().to_rfc3339(),
            p.row.user_id.clone(),
        ]
    });
    let items = page
        .items
        .into_iter()
        .map(public_view)
        .collect::<AppResult<Vec<_>>>()?;
    Ok(Page {
        items,
        next_cursor: page.next_cursor,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_home_wijk_is_always_reached() {
        let r = reach("WK001416", 0.0);
        assert_eq!(r.len(), 1);
        assert!(r[0].is_home && r[0].distance_km == 0.0);
    }

    #[test]
    fn a_radius_reaches_neighbouring_wijken_with_public_distances() {
        let r = reach("WK001400", 3.0);
        let codes: Vec<&str> = r.iter().map(|r| r.wijk_code.as_str()).collect();
        assert!(
            codes.contains(&"WK001402"),
            "Oud-West is ~1 km from Centrum"
        );
        assert!(!codes.contains(&"WK001416"), "Ten Post is far away");
        assert!(r.iter().all(|x| x.distance_km == x.distance_km.round()));
    }

    #[test]
    fn a_wijk_is_reached_exactly_when_its_centroid_is_within_the_radius_of_home() {
        let centroid = |code: &str| {
            let w = reference::wijk(code).unwrap();
            GeoPoint {
                lat: w.lat,
                lon: w.lon,
            }
        };
        for home in reference::wijken() {
            for half_km in 0..30 {
                let radius = f64::from(half_km) / 2.0;
                let reached = reach(home.code, radius);
                for w in reference::wijken() {
                    let km = centroid(home.code).distance_km(centroid(w.code));
                    let expected = w.code == home.code || km <= radius;
                    let found = reached.iter().find(|r| r.wijk_code == w.code);
                    assert_eq!(found.is_some(), expected, "{} → {}", home.code, w.code);
                    if let Some(r) = found {
                        assert_eq!(r.distance_km, public_km(km));
                    }
                }
            }
        }
    }
}
