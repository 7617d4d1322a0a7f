//! What a volunteer sends to offer help or change an offer, and the domain values it becomes.
//! Each body is parsed by one `TryFrom` that reports every invalid field at once; the field
//! types state their own limits and give each field its OpenAPI schema.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ArrayBuilder, Schema};
use utoipa::{PartialSchema, ToSchema};

use crate::domain::codes::CodeSet;
use crate::domain::patch::{self, parse_present};
use crate::domain::quantity::{HoursPerWeek, MaxMatches, RadiusKm, WholeNumber, whole_number};
use crate::domain::schedule::{self, Availability, MAX_SLOTS, Mode, SlotInput};
use crate::domain::text::Title;
use crate::domain::validation::{Checker, FieldError, Invalid};
use crate::domain::vocabulary::{Category, Skill, WijkCode};
use crate::i18n::FieldText;
use crate::parse_fields;

/// At most this many skills on an offer.
pub const MAX_SKILLS: usize = 20;

fn categories_schema() -> RefOr<Schema> {
    Category::list_schema(1, Category::all().count())
}

fn skills_schema() -> RefOr<Schema> {
    Skill::list_schema(0, MAX_SKILLS)
}

fn wijken_schema() -> RefOr<Schema> {
    WijkCode::list_schema(0, WijkCode::count())
}

/// Weekly slots: at most 50; each slot's `end` after its `start`.
pub fn availability_schema() -> RefOr<Schema> {
    Schema::Array(
        ArrayBuilder::new()
            .items(SlotInput::schema())
            .max_items(Some(MAX_SLOTS))
            .build(),
    )
    .into()
}

/// At least one mode.
pub fn modes_schema() -> RefOr<Schema> {
    Schema::Array(
        ArrayBuilder::new()
            .items(Mode::schema())
            .min_items(Some(1))
            .build(),
    )
    .into()
}

/// A new offer. `valid_until` must lie in the future; each availability slot's `end` after
/// its `start` (rules between a value and the clock or two fields, which the schema cannot
/// state).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewOfferInput {
    #[schema(schema_with = Title::schema)]
    pub title: String,
    #[schema(schema_with = categories_schema)]
    pub categories: Vec<String>,
    #[schema(schema_with = skills_schema)]
    pub skills: Vec<String>,
    /// Wijken served whatever the distance (may be empty).
    #[schema(schema_with = wijken_schema)]
    pub wijk_codes: Vec<String>,
    /// km from your home wijk; default: your profile's.
    #[serde(default)]
    #[schema(schema_with = RadiusKm::schema)]
    pub max_distance_km: Option<f64>,
    /// Weekly slots (empty = any time); default: your profile's.
    #[serde(default)]
    #[schema(schema_with = availability_schema)]
    pub availability: Option<Vec<SlotInput>>,
    #[schema(schema_with = HoursPerWeek::schema)]
    pub hours_per_week: f64,
    /// How many confirmed matches at once.
    #[serde(deserialize_with = "whole_number")]
    #[schema(schema_with = MaxMatches::schema)]
    pub max_matches: i64,
    /// Default: your profile's.
    #[serde(default)]
    #[schema(schema_with = modes_schema)]
    pub modes: Option<Vec<Mode>>,
    /// When the offer expires (RFC 3339); in the future.
    pub valid_until: DateTime<Utc>,
}

/// Every field optional, none may be `null`; `max_matches` not below the confirmed matches
/// (409); `valid_until` in the future.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OfferPatch {
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(schema_with = Title::schema)]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(schema_with = categories_schema)]
    pub categories: Option<Vec<String>>,
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(schema_with = skills_schema)]
    pub skills: Option<Vec<String>>,
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(schema_with = wijken_schema)]
    pub wijk_codes: Option<Vec<String>>,
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(schema_with = RadiusKm::schema)]
    pub max_distance_km: Option<f64>,
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(schema_with = availability_schema)]
    pub availability: Option<Vec<SlotInput>>,
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(schema_with = HoursPerWeek::schema)]
    pub hours_per_week: Option<f64>,
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(schema_with = MaxMatches::schema)]
    pub max_matches: Option<WholeNumber>,
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(schema_with = modes_schema)]
    pub modes: Option<Vec<Mode>>,
    /// Moving it into the future revives an expired offer.
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(nullable = false)]
    pub valid_until: Option<DateTime<Utc>>,
}

/// An offer to make, parsed; `None` takes the volunteer profile's value.
#[derive(Debug, Clone)]
pub struct NewOffer {
    pub title: Title,
    pub categories: CodeSet<Category>,
    pub skills: CodeSet<Skill>,
    pub wijk_codes: CodeSet<WijkCode>,
    pub max_distance_km: Option<RadiusKm>,
    pub availability: Option<Availability>,
    pub hours_per_week: HoursPerWeek,
    pub max_matches: MaxMatches,
    pub modes: Option<CodeSet<Mode>>,
    pub valid_until: DateTime<Utc>,
}

/// A change to an offer, parsed: `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct OfferChange {
    pub title: Option<Title>,
    pub categories: Option<CodeSet<Category>>,
    pub skills: Option<CodeSet<Skill>>,
    pub wijk_codes: Option<CodeSet<WijkCode>>,
    pub max_distance_km: Option<RadiusKm>,
    pub availability: Option<Availability>,
    pub hours_per_week: Option<HoursPerWeek>,
    pub max_matches: Option<MaxMatches>,
    pub modes: Option<CodeSet<Mode>>,
    pub valid_until: Option<DateTime<Utc>>,
}

impl OfferChange {
    /// Does the change move where the offer reaches?
    pub fn moves_reach(&self) -> bool {
        self.categories.is_some() || self.wijk_codes.is_some() || self.max_distance_km.is_some()
    }
}

/// At least one known category (an empty list is told apart from too many).
fn categories(raw: &[String]) -> Result<CodeSet<Category>, Invalid> {
    if raw.is_empty() {
        return Err(FieldError::new("categories", FieldText::AtLeastOneCategory).into());
    }
    let max = Category::all().count();
    Category::parse_list("categories", raw, 1, max, FieldText::TooMany { max }).map_err(Invalid)
}

fn skills(raw: &[String]) -> Result<CodeSet<Skill>, Invalid> {
    Skill::parse_at_most("skills", raw, MAX_SKILLS)
}

fn wijken(raw: &[String]) -> Result<CodeSet<WijkCode>, Invalid> {
    WijkCode::parse_at_most("wijk_codes", raw, WijkCode::count())
}

/// Weekly slots, each checked.
pub fn availability(raw: &[SlotInput]) -> Result<Availability, Invalid> {
    schedule::parse_slots("availability", raw)
        .map(Availability)
        .map_err(Invalid)
}

/// At least one mode, as a set.
pub fn modes(raw: &[Mode]) -> Result<CodeSet<Mode>, FieldError> {
    if raw.is_empty() {
        Err(FieldError::new("modes", FieldText::AtLeastOneMode))
    } else {
        Ok(CodeSet::new(raw.iter().copied()))
    }
}

/// A moment after now, by the clock of the request being served.
fn in_the_future(raw: DateTime<Utc>) -> Result<DateTime<Utc>, FieldError> {
    if raw > crate::clock::now() {
        Ok(raw)
    } else {
        Err(FieldError::new("valid_until", FieldText::NotInTheFuture))
    }
}

impl TryFrom<&NewOfferInput> for NewOffer {
    type Error = Invalid;

    fn try_from(raw: &NewOfferInput) -> Result<Self, Invalid> {
        let mut check = Checker::new();
        parse_fields!(
            check,
            NewOffer {
                title: Title::parse("title", &raw.title),
                categories: categories(&raw.categories),
                skills: skills(&raw.skills),
                wijk_codes: wijken(&raw.wijk_codes),
                max_distance_km: parse_present(raw.max_distance_km.as_ref(), |v| {
                    RadiusKm::parse("max_distance_km", *v)
                }),
                availability: parse_present(raw.availability.as_deref(), availability),
                hours_per_week: HoursPerWeek::parse("hours_per_week", raw.hours_per_week),
                max_matches: MaxMatches::parse("max_matches", raw.max_matches),
                modes: parse_present(raw.modes.as_deref(), modes),
                valid_until: in_the_future(raw.valid_until),
            }
        )
    }
}

impl TryFrom<&OfferPatch> for OfferChange {
    type Error = Invalid;

    fn try_from(raw: &OfferPatch) -> Result<Self, Invalid> {
        let mut check = Checker::new();
        parse_fields!(
            check,
            OfferChange {
                title: parse_present(raw.title.as_deref(), |v| Title::parse("title", v)),
                categories: parse_present(raw.categories.as_deref(), categories),
                skills: parse_present(raw.skills.as_deref(), skills),
                wijk_codes: parse_present(raw.wijk_codes.as_deref(), wijken),
                max_distance_km: parse_present(raw.max_distance_km.as_ref(), |v| {
                    RadiusKm::parse("max_distance_km", *v)
                }),
                availability: parse_present(raw.availability.as_deref(), availability),
                hours_per_week: parse_present(raw.hours_per_week.as_ref(), |v| {
                    HoursPerWeek::parse("hours_per_week", *v)
                }),
                max_matches: parse_present(raw.max_matches.as_ref(), |v| {
                    MaxMatches::parse("max_matches", v.0)
                }),
                modes: parse_present(raw.modes.as_deref(), modes),
                valid_until: parse_present(raw.valid_until.as_ref(), |v| in_the_future(*v)),
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

    fn tomorrow() -> String {
        (crate::clock::now() + chrono::Duration::days(1)).to_rfc3339()
    }

    #[test]
    fn every_invalid_field_is_reported_at_once() {
        let raw: NewOfferInput = serde_json::from_value(json!({
            "title": "", "categories": [], "skills": ["cooking", "juggling"],
            "wijk_codes": ["WK009999"], "max_distance_km": 101,
            "availability": [{"weekday": 8, "start": "09:00", "end": "10:00"}],
            "hours_per_week": 0, "max_matches": 51, "modes": [],
            "valid_until": "2000-01-01T00:00:00Z",
        }))
        .unwrap();
        assert_eq!(
            fields(NewOffer::try_from(&raw).unwrap_err()),
            [
                "title",
                "categories",
                "skills[1]",
                "wijk_codes[0]",
                "max_distance_km",
                "availability[0].weekday",
                "hours_per_week",
                "max_matches",
                "modes",
                "valid_until",
            ]
        );
    }

    #[test]
    fn a_valid_body_becomes_an_offer_with_sets_of_known_codes() {
        let raw: NewOfferInput = serde_json::from_value(json!({
            "title": "Boodschappen doen", "categories": ["groceries", "groceries"],
            "skills": ["driving", "cooking"], "wijk_codes": [],
            "hours_per_week": 2.5, "max_matches": 2.0, "valid_until": tomorrow(),
            "availability": [{"weekday": 7.0, "start": "09:00", "end": "10:00"}],
        }))
        .unwrap();
        let offer = NewOffer::try_from(&raw).unwrap();
        assert_eq!(offer.title.as_str(), "Boodschappen doen");
        assert_eq!(offer.categories.len(), 1);
        let skills: Vec<&str> = offer.skills.iter().map(|s| s.as_str()).collect();
        assert_eq!(skills, ["cooking", "driving"]);
        assert_eq!(offer.max_matches.get(), 2);
        assert!(offer.max_distance_km.is_none() && offer.modes.is_none());
        assert_eq!(offer.availability.map(|a| a.slots()[0].weekday), Some(7));
    }

    #[test]
    fn a_change_parses_only_what_it_names() {
        let raw: OfferPatch = serde_json::from_value(json!({
            "max_matches": 3.0, "availability": [], "valid_until": tomorrow(),
        }))
        .unwrap();
        let change = OfferChange::try_from(&raw).unwrap();
        assert_eq!(change.max_matches.map(MaxMatches::get), Some(3));
        assert_eq!(change.availability, Some(Availability::default()));
        assert!(change.title.is_none() && !change.moves_reach());

        let raw: OfferPatch =
            serde_json::from_value(json!({"categories": ["x"], "max_distance_km": -1})).unwrap();
        assert_eq!(
            fields(OfferChange::try_from(&raw).unwrap_err()),
            ["categories[0]", "max_distance_km"]
        );
        assert!(serde_json::from_value::<OfferPatch>(json!({"title": null})).is_err());
    }
}
