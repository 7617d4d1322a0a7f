//! Volunteer profiles. A volunteer manages their own; team workers and admins read public
//! profiles (no email, location rounded to the home wijk); other volunteers see none.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::audit;

use crate::db::volunteers::{self as repo, Profile, ProfileRow, Reach};
use crate::db::{DbConnection, now, users};
use crate::domain::account::{Caller, DisplayName};
use crate::domain::codes::{CodeSet, Codes};
use crate::domain::geo::{GeoPoint, public_km};
use crate::domain::paging::{CursorCodec, Page, PageRequest};
use crate::domain::schedule::Availability;
use crate::domain::schedule::{self, ContactPreference, Mode, SlotInput};
use crate::domain::validation::Checker;
use crate::error::{AppError, AppResult};
use crate::i18n::{FieldText, Noun, Text};
use crate::reference::{self, vocabulary};

pub use crate::domain::limits::{MAX_HOURS_PER_WEEK, MAX_RADIUS_KM};

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileInput {
    pub display_name: String,
    /// Home wijk (CBS code).
    pub wijk_code: String,
    /// Exact location (optional; only you see it).
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub lon: Option<f64>,
    /// How far you will travel, 0–100 km.
    pub max_distance_km: f64,
    pub skills: Vec<String>,
    /// ISO 639-1 codes.
    pub languages: Vec<String>,
    pub availability: Vec<SlotInput>,
    /// 0–80.
    pub hours_per_week: f64,
    pub modes: Vec<Mode>,
    pub contact_preference: ContactPreference,
}

/// The volunteer's own view of their profile.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProfileView {
    pub id: String,
    pub display_name: String,
    pub wijk_code: String,
    /// Always present (`null` without an exact location): this is what tells the owner's
    /// view apart from the public one.
    #[schema(required = true)]
    pub lat: Option<f64>,
    #[schema(required = true)]
    pub lon: Option<f64>,
    pub max_distance_km: f64,
    pub skills: Vec<String>,
    pub languages: Vec<String>,
    pub availability: Vec<SlotInput>,
    pub hours_per_week: f64,
    pub modes: Vec<Mode>,
    pub contact_preference: ContactPreference,
}

/// What team workers and admins see: no email, location rounded to the home wijk.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicProfileView {
    pub id: String,
    pub display_name: String,
    pub wijk_code: String,
    /// The home wijk's centroid, never the exact location.
    pub location: GeoPoint,
    pub max_distance_km: f64,
    pub skills: Vec<String>,
    pub languages: Vec<String>,
    pub availability: Vec<SlotInput>,
    pub hours_per_week: f64,
    pub modes: Vec<Mode>,
    pub contact_preference: ContactPreference,
}

/// The parts of a stored profile both views share.
struct Decoded {
    availability: Vec<SlotInput>,
    modes: Vec<Mode>,
    contact_preference: ContactPreference,
    languages: Vec<String>,
}

fn decode(row: &ProfileRow) -> AppResult<Decoded> {
    let availability = row.availability.to_inputs();
    let modes = row.modes.as_slice().to_vec();
    let contact_preference = row.contact_preference;
    Ok(Decoded {
        availability,
        modes,
        contact_preference,
        languages: row.languages.as_slice().to_vec(),
    })
}

fn own_view(p: Profile) -> AppResult<ProfileView> {
    let d = decode(&p.row)?;
    Ok(ProfileView {
        id: p.row.user_id,
        display_name: p.display_name,
        wijk_code: p.row.wijk_code,
        lat: p.row.lat,
        lon: p.row.lon,
        max_distance_km: p.row.max_distance_km,
        skills: p.skills,
        languages: d.languages,
        availability: d.availability,
        hours_per_week: p.row.hours_per_week,
        modes: d.modes,
        contact_preference: d.contact_preference,
    })
}

fn public_view(p: Profile) -> AppResult<PublicProfileView> {
    let d = decode(&p.row)?;
    let wijk = reference::wijk(&p.row.wijk_code)
        .ok_or_else(|| AppError::internal(format!("profile {}: unknown wijk", p.row.user_id)))?;
    Ok(PublicProfileView {
        id: p.row.user_id,
        display_name: p.display_name,
        wijk_code: p.row.wijk_code,
        location: GeoPoint {
            lat: wijk.lat,
            lon: wijk.lon,
        },
        max_distance_km: p.row.max_distance_km,
        skills: p.skills,
        languages: d.languages,
        availability: d.availability,
        hours_per_week: p.row.hours_per_week,
        modes: d.modes,
        contact_preference: d.contact_preference,
    })
}

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

pub fn parse(user_id: &str, input: &ProfileInput, is_demo: bool) -> AppResult<ParsedProfile> {
    let mut check = Checker::new();
    let display_name = check.take(DisplayName::parse("display_name", &input.display_name));
    check.check(
        reference::is_wijk(&input.wijk_code),
        "wijk_code",
        FieldText::UnknownWijk,
    );
    let exact = match (input.lat, input.lon) {
        (Some(lat), Some(lon)) => check.take(GeoPoint::parse("", lat, lon)),
        (None, None) => None,
        _ => {
            check.fail("lat", FieldText::LatLonTogether);
            None
        }
    };
    check.check(
        input.max_distance_km.is_finite() && (0.0..=MAX_RADIUS_KM).contains(&input.max_distance_km),
        "max_distance_km",
        FieldText::Range { min: 0, max: 100 },
    );
    check.check(
        input.skills.len() <= 50,
        "skills",
        FieldText::TooMany { max: 50 },
    );
    for (i, s) in input.skills.iter().enumerate() {
        check.check(
            vocabulary::is_skill(s),
            &format!("skills[{i}]"),
            FieldText::UnknownSkill,
        );
    }
    check.check(
        input.languages.len() <= 50,
        "languages",
        FieldText::TooMany { max: 50 },
    );
    for (i, l) in input.languages.iter().enumerate() {
        check.check(
            vocabulary::is_language(l),
            &format!("languages[{i}]"),
            FieldText::UnknownLanguage,
        );
    }
    let slots = match schedule::parse_slots("availability", &input.availability) {
        Ok(s) => s,
        Err(errors) => {
            for e in errors {
                check.push(e);
            }
            Vec::new()
        }
    };
    check.check(
        input.hours_per_week.is_finite()
            && (0.0..=MAX_HOURS_PER_WEEK).contains(&input.hours_per_week),
        "hours_per_week",
        FieldText::Range { min: 0, max: 80 },
    );
    check.check(!input.modes.is_empty(), "modes", FieldText::AtLeastOneMode);
    check.finish()?;
    let display_name = display_name.ok_or_else(|| AppError::internal("validated name lost"))?;
    let mut modes = input.modes.clone();
    modes.sort();
    modes.dedup();
    let mut languages: Vec<&str> = input.languages.iter().map(String::as_str).collect();
    languages.sort_unstable();
    languages.dedup();
    let mut skills = input.skills.clone();
    skills.sort();
    skills.dedup();
    let at = now();
    Ok(ParsedProfile {
        display_name,
        row: ProfileRow {
            user_id: user_id.to_owned(),
            wijk_code: input.wijk_code.clone(),
            lat: exact.map(|p| p.lat),
            lon: exact.map(|p| p.lon),
            max_distance_km: input.max_distance_km,
            languages: Codes::new(languages.iter().map(|l| l.to_string())),
            availability: Availability(slots),
            hours_per_week: input.hours_per_week,
            modes: CodeSet::new(modes.iter().copied()),
            contact_preference: input.contact_preference,
            is_demo,
            created_at: at,
            updated_at: at,
        },
        reach: reach(&input.wijk_code, input.max_distance_km),
        skills,
    })
}

/// Store a parsed profile (create or replace), in the caller's transaction.
pub fn store(conn: &mut DbConnection, parsed: &ParsedProfile) -> AppResult<()> {
    let mut row = parsed.row.clone();
    if let Some(existing) = repo::find_row(conn, &row.user_id)? {
        row.created_at = existing.created_at;
        row.is_demo = existing.is_demo;
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
    super::offers::refresh_reach(conn, &row.user_id, &row.wijk_code)?;
    Ok(())
}

pub fn put_mine(
    conn: &mut DbConnection,
    caller: &Caller,
    input: &ProfileInput,
) -> AppResult<ProfileView> {
    let parsed = parse(&caller.user_id, input, false)?;
    conn.write_tx(|conn| store(conn, &parsed))?;
    get_mine(conn, caller)
}

pub fn get_mine(conn: &mut DbConnection, caller: &Caller) -> AppResult<ProfileView> {
    let profile =
        repo::find(conn, &caller.user_id)?.ok_or(AppError::NotFound(Noun::VolunteerProfile))?;
    own_view(profile)
}

/// Either view of a profile: the owner gets theirs; staff the public one.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(untagged)]
pub enum AnyProfileView {
    Own(ProfileView),
    Public(PublicProfileView),
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

pub fn list(
    conn: &mut DbConnection,
    caller: &Caller,
    wijk: Option<&str>,
    skill: Option<&str>,
    page: &PageRequest,
    cursors: &CursorCodec,
) -> AppResult<Page<PublicProfileView>> {
    if !caller.is_staff() {
        return Err(AppError::Forbidden(Text::VolunteerListForStaff));
    }
    let mut check = Checker::new();
    if let Some(w) = wijk {
        check.check(reference::is_wijk(w), "wijk", FieldText::UnknownWijk);
    }
    if let Some(s) = skill {
        check.check(vocabulary::is_skill(s), "skill", FieldText::UnknownSkill);
    }
    check.finish()?;
    let after = page
        .after
        .as_deref()
        .map(audit::parse_time_id)
        .transpose()?;
    let rows = repo::list(conn, wijk, skill, after, page.fetch_limit())?;
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
