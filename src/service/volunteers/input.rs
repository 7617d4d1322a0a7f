//! What a volunteer sends as their profile, and the domain value it becomes: one `TryFrom`
//! reports every invalid field at once; the field types state their own limits and give
//! each field its OpenAPI schema.

use serde::Deserialize;
use utoipa::ToSchema;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::Schema;

use crate::domain::account::DisplayName;
use crate::domain::codes::CodeSet;
use crate::domain::geo::GeoPoint;
use crate::domain::quantity::{RadiusKm, WeeklyHours};
use crate::domain::schedule::{Availability, ContactPreference, Mode, SlotInput};
use crate::domain::validation::{Checker, Invalid};
use crate::domain::vocabulary::{Language, Skill, WijkCode};
use crate::parse_fields;
use crate::service::offers::input::{availability, availability_schema, modes, modes_schema};

/// At most this many skills and languages on a profile.
pub const MAX_SKILLS: usize = 50;
pub const MAX_LANGUAGES: usize = 50;

fn skills_schema() -> RefOr<Schema> {
    Skill::list_schema(0, MAX_SKILLS)
}

fn languages_schema() -> RefOr<Schema> {
    Language::list_schema(0, MAX_LANGUAGES)
}

/// A volunteer profile, created or replaced whole. Give `lat` and `lon` together (a rule
/// between two fields, which the schema cannot state); each availability slot's `end` after
/// its `start`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileInput {
    #[schema(schema_with = DisplayName::schema)]
    pub display_name: String,
    /// Home wijk.
    #[schema(schema_with = WijkCode::schema)]
    pub wijk_code: String,
    /// Exact location (optional; only you see it).
    #[serde(default)]
    #[schema(minimum = -90, maximum = 90)]
    pub lat: Option<f64>,
    #[serde(default)]
    #[schema(minimum = -180, maximum = 180)]
    pub lon: Option<f64>,
    /// How far you will travel, in km.
    #[schema(schema_with = RadiusKm::schema)]
    pub max_distance_km: f64,
    #[schema(schema_with = skills_schema)]
    pub skills: Vec<String>,
    #[schema(schema_with = languages_schema)]
    pub languages: Vec<String>,
    #[schema(schema_with = availability_schema)]
    pub availability: Vec<SlotInput>,
    #[schema(schema_with = WeeklyHours::schema)]
    pub hours_per_week: f64,
    #[schema(schema_with = modes_schema)]
    pub modes: Vec<Mode>,
    pub contact_preference: ContactPreference,
}

/// A volunteer profile, parsed.
#[derive(Debug, Clone)]
pub struct VolunteerProfile {
    pub display_name: DisplayName,
    pub wijk_code: WijkCode,
    /// The exact location, which only the volunteer sees.
    pub location: Option<GeoPoint>,
    pub max_distance_km: RadiusKm,
    pub skills: CodeSet<Skill>,
    pub languages: CodeSet<Language>,
    pub availability: Availability,
    pub hours_per_week: WeeklyHours,
    pub modes: CodeSet<Mode>,
    pub contact_preference: ContactPreference,
}

fn skills(raw: &[String]) -> Result<CodeSet<Skill>, Invalid> {
    Skill::parse_at_most("skills", raw, MAX_SKILLS)
}

fn languages(raw: &[String]) -> Result<CodeSet<Language>, Invalid> {
    Language::parse_at_most("languages", raw, MAX_LANGUAGES)
}

impl TryFrom<&ProfileInput> for VolunteerProfile {
    type Error = Invalid;

    fn try_from(raw: &ProfileInput) -> Result<Self, Invalid> {
        let mut check = Checker::new();
        parse_fields!(
            check,
            VolunteerProfile {
                display_name: DisplayName::parse("display_name", &raw.display_name),
                wijk_code: WijkCode::parse("wijk_code", &raw.wijk_code),
                location: GeoPoint::parse_optional("", raw.lat, raw.lon),
                max_distance_km: RadiusKm::parse("max_distance_km", raw.max_distance_km),
                skills: skills(&raw.skills),
                languages: languages(&raw.languages),
                availability: availability(&raw.availability),
                hours_per_week: WeeklyHours::parse("hours_per_week", raw.hours_per_week),
                modes: modes(&raw.modes),
                contact_preference: Ok::<_, Invalid>(raw.contact_preference),
            }
        )
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn fields(invalid: Invalid) -> Vec<String> {
        invalid.0.into_iter().map(|e| e.field).collect()
    }

    fn body(json: serde_json::Value) -> ProfileInput {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn every_invalid_field_is_reported_at_once() {
        let raw = body(json!({
            "display_name": "   ", "wijk_code": "WK000000", "lat": 91, "lon": 6.5,
            "max_distance_km": -1, "skills": ["x"], "languages": ["nl", "xx"],
            "availability": [{"weekday": 1, "start": "10:00", "end": "09:00"}],
            "hours_per_week": 81, "modes": [], "contact_preference": "propose",
        }));
        assert_eq!(
            fields(VolunteerProfile::try_from(&raw).unwrap_err()),
            [
                "display_name",
                "wijk_code",
                "lat",
                "max_distance_km",
                "skills[0]",
                "languages[1]",
                "availability[0].end",
                "hours_per_week",
                "modes",
            ]
        );
        let half = body(json!({
            "display_name": "Anna", "wijk_code": "WK001404", "lon": 6.5,
            "max_distance_km": 3, "skills": [], "languages": [], "availability": [],
            "hours_per_week": 0, "modes": ["one_off"], "contact_preference": "propose",
        }));
        assert_eq!(
            fields(VolunteerProfile::try_from(&half).unwrap_err()),
            ["lat"]
        );
    }

    #[test]
    fn a_valid_body_becomes_a_profile_with_sets() {
        let raw = body(json!({
            "display_name": "Anna", "wijk_code": "WK001404", "lat": 53.2, "lon": 6.5,
            "max_distance_km": 0, "skills": ["driving", "cooking", "driving"],
            "languages": ["nl"], "availability": [], "hours_per_week": 0,
            "modes": ["recurring", "one_off", "recurring"],
            "contact_preference": "only_when_i_ask",
        }));
        let profile = VolunteerProfile::try_from(&raw).unwrap();
        assert_eq!(profile.display_name.as_str(), "Anna");
        assert_eq!(profile.skills.len(), 2);
        assert_eq!(profile.modes.as_slice(), [Mode::OneOff, Mode::Recurring]);
        assert_eq!(profile.location.map(|p| p.lat), Some(53.2));
        assert_eq!(profile.hours_per_week.get(), 0.0);
    }
}
