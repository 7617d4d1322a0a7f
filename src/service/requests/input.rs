//! What a client sends to file or change a request, and the domain values it becomes. Each
//! body is parsed by one `TryFrom` that reports every invalid field at once; the field
//! types state their own limits, and the OpenAPI schema of each field is taken from the
//! same type, so the document says what the parse accepts.

use serde::Deserialize;
use utoipa::ToSchema;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::Schema;

use crate::domain::codes::CodeSet;
use crate::domain::geo::GeoPoint;
use crate::domain::id::InitiativeId;
use crate::domain::patch;
use crate::domain::quantity::{HelpersNeeded, HoursPerOccasion, WholeNumber, whole_number};
use crate::domain::schedule::{Mode, Schedule, ScheduleInput, Urgency};
use crate::domain::text::{Address, Contact, Description, Name, Notes, Title};
use crate::domain::validation::{Checker, Invalid};
use crate::domain::vocabulary::{Category, Language, Skill, WijkCode};
use crate::i18n::FieldText;
use crate::parse_fields;

/// At most this many skills and languages on a request.
pub const MAX_SKILLS: usize = 20;
pub const MAX_LANGUAGES: usize = 10;

fn skills_schema() -> RefOr<Schema> {
    Skill::list_schema(0, MAX_SKILLS)
}

fn languages_schema() -> RefOr<Schema> {
    Language::list_schema(0, MAX_LANGUAGES)
}

/// The private part: about the resident, for the request's managers only.
#[derive(Debug, Clone, PartialEq, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PrivateInput {
    #[schema(schema_with = Name::schema)]
    pub requester_name: String,
    /// Phone or e-mail.
    #[serde(default)]
    #[schema(schema_with = Contact::schema)]
    pub requester_contact: Option<String>,
    #[serde(default)]
    #[schema(schema_with = Notes::schema)]
    pub private_notes: Option<String>,
    #[serde(default)]
    #[schema(schema_with = Address::schema)]
    pub address: Option<String>,
    /// Exact location; give `lat` and `lon` together.
    #[serde(default)]
    #[schema(minimum = -90, maximum = 90)]
    pub lat: Option<f64>,
    #[serde(default)]
    #[schema(minimum = -180, maximum = 180)]
    pub lon: Option<f64>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRequestInput {
    #[schema(schema_with = Title::schema)]
    pub title: String,
    #[schema(schema_with = Description::schema)]
    pub description: String,
    #[schema(schema_with = Category::schema)]
    pub category: String,
    /// Default none.
    #[serde(default)]
    #[schema(schema_with = skills_schema)]
    pub skills: Vec<String>,
    #[schema(schema_with = WijkCode::schema)]
    pub wijk_code: String,
    /// Default none.
    #[serde(default)]
    #[schema(schema_with = languages_schema)]
    pub languages: Vec<String>,
    pub mode: Mode,
    #[serde(default)]
    pub schedule: Option<ScheduleInput>,
    /// Hours per occasion.
    #[schema(schema_with = HoursPerOccasion::schema)]
    pub hours_estimate: f64,
    /// Default 1.
    #[serde(default = "one", deserialize_with = "whole_number")]
    #[schema(schema_with = HelpersNeeded::schema)]
    pub helpers_needed: i64,
    #[serde(default)]
    pub urgency: Urgency,
    /// The initiative recruiting helpers (its coordinators may file); it must exist.
    #[serde(default)]
    #[schema(schema_with = InitiativeId::schema)]
    pub initiative_id: Option<String>,
    /// Required when filing for a resident (no `initiative_id`).
    #[serde(default)]
    pub private: Option<PrivateInput>,
}

fn one() -> i64 {
    1
}

/// Any field but `status` and `initiative_id` (those are refused as unknown fields). A
/// field left out stays as it is; only `schedule` may be `null` (any time).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestPatch {
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(schema_with = Title::schema)]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(schema_with = Description::schema)]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(schema_with = Category::schema)]
    pub category: Option<String>,
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(schema_with = skills_schema)]
    pub skills: Option<Vec<String>>,
    /// Team workers: only to a wijk their team covers; admins: any.
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(schema_with = WijkCode::schema)]
    pub wijk_code: Option<String>,
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(schema_with = languages_schema)]
    pub languages: Option<Vec<String>>,
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(nullable = false)]
    pub mode: Option<Mode>,
    /// `null` means any time.
    #[serde(default, deserialize_with = "patch::nullable")]
    #[schema(value_type = Option<ScheduleInput>)]
    pub schedule: Option<Option<ScheduleInput>>,
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(schema_with = HoursPerOccasion::schema)]
    pub hours_estimate: Option<f64>,
    /// Not below `places_held` (409).
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(schema_with = HelpersNeeded::schema)]
    pub helpers_needed: Option<WholeNumber>,
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(nullable = false)]
    pub urgency: Option<Urgency>,
    /// Replaces the whole private part.
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(nullable = false)]
    pub private: Option<PrivateInput>,
}

/// The private part, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct PrivateDetails {
    pub requester_name: Name,
    pub requester_contact: Option<Contact>,
    pub private_notes: Option<Notes>,
    pub address: Option<Address>,
    pub location: Option<GeoPoint>,
}

/// A request to file, parsed. Whether the initiative exists and whether the caller may file
/// in this wijk are for the use case to decide.
#[derive(Debug, Clone)]
pub struct NewRequest {
    pub title: Title,
    pub description: Description,
    pub category: Category,
    pub skills: CodeSet<Skill>,
    pub wijk_code: WijkCode,
    pub languages: CodeSet<Language>,
    pub mode: Mode,
    pub schedule: Option<Schedule>,
    pub hours_estimate: HoursPerOccasion,
    pub helpers_needed: HelpersNeeded,
    pub urgency: Urgency,
    pub initiative_id: Option<InitiativeId>,
    pub private: Option<PrivateDetails>,
}

/// A change to a request, parsed: `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct RequestChange {
    pub title: Option<Title>,
    pub description: Option<Description>,
    pub category: Option<Category>,
    pub skills: Option<CodeSet<Skill>>,
    pub wijk_code: Option<WijkCode>,
    pub languages: Option<CodeSet<Language>>,
    pub mode: Option<Mode>,
    /// `Some(None)`: any time from now on.
    pub schedule: Option<Option<Schedule>>,
    pub hours_estimate: Option<HoursPerOccasion>,
    pub helpers_needed: Option<HelpersNeeded>,
    pub urgency: Option<Urgency>,
    pub private: Option<PrivateDetails>,
}

impl RequestChange {
    /// The names of the fields this change sets, as the change feed reports them.
    pub fn fields(&self) -> Vec<&'static str> {
        crate::set_fields!(self; title, description, category, skills, wijk_code, languages,
            mode, schedule, hours_estimate, helpers_needed, urgency, private)
    }
}

fn skills(raw: &[String]) -> Result<CodeSet<Skill>, Invalid> {
    Skill::parse_at_most("skills", raw, MAX_SKILLS)
}

fn languages(raw: &[String]) -> Result<CodeSet<Language>, Invalid> {
    Language::parse_at_most("languages", raw, MAX_LANGUAGES)
}

fn schedule(raw: &ScheduleInput) -> Result<Schedule, Invalid> {
    raw.parse("schedule").map_err(Invalid)
}

/// Parses an optional field: absent stays absent.
fn optional<R: ?Sized, T, E>(
    raw: Option<&R>,
    parse: impl FnOnce(&R) -> Result<T, E>,
) -> Result<Option<T>, E> {
    raw.map(parse).transpose()
}

impl TryFrom<&PrivateInput> for PrivateDetails {
    type Error = Invalid;

    fn try_from(raw: &PrivateInput) -> Result<Self, Invalid> {
        let mut check = Checker::new();
        parse_fields!(
            check,
            PrivateDetails {
                requester_name: Name::parse("private.requester_name", &raw.requester_name),
                requester_contact: optional(raw.requester_contact.as_deref(), |v| {
                    Contact::parse("private.requester_contact", v)
                }),
                private_notes: optional(raw.private_notes.as_deref(), |v| {
                    Notes::parse("private.private_notes", v)
                }),
                address: optional(raw.address.as_deref(), |v| {
                    Address::parse("private.address", v)
                }),
                location: GeoPoint::parse_optional("private", raw.lat, raw.lon),
            }
        )
    }
}

impl TryFrom<&NewRequestInput> for NewRequest {
    type Error = Invalid;

    fn try_from(raw: &NewRequestInput) -> Result<Self, Invalid> {
        let mut check = Checker::new();
        if raw.private.is_none() && raw.initiative_id.is_none() {
            check.fail("private", FieldText::PrivateRequired);
        }
        parse_fields!(
            check,
            NewRequest {
                title: Title::parse("title", &raw.title),
                description: Description::parse("description", &raw.description),
                category: Category::parse("category", &raw.category),
                skills: skills(&raw.skills),
                wijk_code: WijkCode::parse("wijk_code", &raw.wijk_code),
                languages: languages(&raw.languages),
                mode: Ok::<_, Invalid>(raw.mode),
                schedule: optional(raw.schedule.as_ref(), schedule),
                hours_estimate: HoursPerOccasion::parse("hours_estimate", raw.hours_estimate),
                helpers_needed: HelpersNeeded::parse("helpers_needed", raw.helpers_needed),
                urgency: Ok::<_, Invalid>(raw.urgency),
                initiative_id: optional(raw.initiative_id.as_ref(), |id| {
                    InitiativeId::parse("initiative_id", id)
                }),
                private: optional(raw.private.as_ref(), |p| PrivateDetails::try_from(p)),
            }
        )
    }
}

impl TryFrom<&RequestPatch> for RequestChange {
    type Error = Invalid;

    fn try_from(raw: &RequestPatch) -> Result<Self, Invalid> {
        let mut check = Checker::new();
        let schedule = match &raw.schedule {
            Some(Some(s)) => schedule(s).map(|s| Some(Some(s))),
            Some(None) => Ok(Some(None)),
            None => Ok(None),
        };
        parse_fields!(
            check,
            RequestChange {
                title: optional(raw.title.as_deref(), |v| Title::parse("title", v)),
                description: optional(raw.description.as_deref(), |v| {
                    Description::parse("description", v)
                }),
                category: optional(raw.category.as_deref(), |v| Category::parse("category", v)),
                skills: optional(raw.skills.as_deref(), skills),
                wijk_code: optional(raw.wijk_code.as_deref(), |v| WijkCode::parse(
                    "wijk_code",
                    v
                )),
                languages: optional(raw.languages.as_deref(), languages),
                mode: Ok::<_, Invalid>(raw.mode),
                schedule: schedule,
                hours_estimate: optional(raw.hours_estimate.as_ref(), |v| {
                    HoursPerOccasion::parse("hours_estimate", *v)
                }),
                helpers_needed: optional(raw.helpers_needed.as_ref(), |v| {
                    HelpersNeeded::parse("helpers_needed", v.0)
                }),
                urgency: Ok::<_, Invalid>(raw.urgency),
                private: optional(raw.private.as_ref(), |p| PrivateDetails::try_from(p)),
            }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(json: serde_json::Value) -> NewRequestInput {
        serde_json::from_value(json).unwrap()
    }

    fn fields(invalid: Invalid) -> Vec<String> {
        invalid.0.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn every_invalid_field_is_reported_at_once() {
        let raw = body(serde_json::json!({
            "title": " ", "description": "d", "category": "nope", "skills": ["cooking", "x"],
            "wijk_code": "WK009999", "mode": "one_off", "hours_estimate": 0,
            "helpers_needed": 51,
            "private": {"requester_name": "", "lat": 53.2},
        }));
        let errors = fields(NewRequest::try_from(&raw).unwrap_err());
        assert_eq!(
            errors,
            [
                "title",
                "category",
                "skills[1]",
                "wijk_code",
                "hours_estimate",
                "helpers_needed",
                "private.requester_name",
                "private.lat",
            ]
        );
    }

    #[test]
    fn a_valid_body_becomes_a_request_with_sets_of_known_codes() {
        let raw = body(serde_json::json!({
            "title": "Boodschappen", "description": "Elke week", "category": "groceries",
            "skills": ["driving", "cooking", "driving"], "wijk_code": "WK001404",
            "mode": "recurring", "hours_estimate": 1.5, "initiative_id": "6f1c2a4e-1b2d-4c3e-8f4a-5b6c7d8e9f00",
        }));
        let request = NewRequest::try_from(&raw).unwrap();
        assert_eq!(request.title.as_str(), "Boodschappen");
        let skills: Vec<&str> = request.skills.iter().map(|s| s.as_str()).collect();
        assert_eq!(skills, ["cooking", "driving"]);
        assert_eq!(request.helpers_needed.get(), 1);
        assert!(request.private.is_none());
    }

    #[test]
    fn a_resident_request_needs_its_private_part() {
        let raw = body(serde_json::json!({
            "title": "t", "description": "d", "category": "groceries",
            "wijk_code": "WK001404", "mode": "one_off", "hours_estimate": 1,
        }));
        assert_eq!(fields(NewRequest::try_from(&raw).unwrap_err()), ["private"]);
    }

    #[test]
    fn a_change_parses_only_what_it_names() {
        let raw: RequestPatch =
            serde_json::from_value(serde_json::json!({"schedule": null, "helpers_needed": 3}))
                .unwrap();
        let change = RequestChange::try_from(&raw).unwrap();
        assert_eq!(change.schedule, Some(None));
        assert_eq!(change.helpers_needed.map(HelpersNeeded::get), Some(3));
        assert!(change.title.is_none());
        let raw: RequestPatch =
            serde_json::from_value(serde_json::json!({"title": "", "languages": ["xx"]})).unwrap();
        let errors = fields(RequestChange::try_from(&raw).unwrap_err());
        assert_eq!(errors, ["title", "languages[0]"]);
    }
}
