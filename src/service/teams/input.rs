//! What a client sends to create or change a WIJ-team or one of its contacts, and the domain
//! values it becomes: one `TryFrom` per body reports every invalid field at once, and each
//! field's schema comes from the type that parses it.

use serde::Deserialize;
use utoipa::ToSchema;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::Schema;

use crate::domain::account::Email;
use crate::domain::codes::CodeSet;
use crate::domain::patch::{self, parse_nullable, parse_present};
use crate::domain::text::{Address, Name, Phone, Role, Summary, WalkInHours, or_null};
use crate::domain::validation::{Checker, Invalid};
use crate::domain::vocabulary::WijkCode;
use crate::i18n::FieldText;
use crate::parse_fields;

fn wijk_codes_schema() -> RefOr<Schema> {
    WijkCode::list_schema(0, WijkCode::count())
}

fn nullable_address() -> RefOr<Schema> {
    or_null(Address::schema())
}

fn nullable_walk_in_hours() -> RefOr<Schema> {
    or_null(WalkInHours::schema())
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTeamInput {
    #[schema(schema_with = Name::schema)]
    pub name: String,
    #[schema(schema_with = Address::schema)]
    pub address: String,
    #[schema(schema_with = wijk_codes_schema)]
    pub wijk_codes: Vec<String>,
    /// Free text.
    #[schema(schema_with = WalkInHours::schema)]
    pub walk_in_hours: String,
}

/// A field left out stays as it is. A team's own workers may change all but `wijk_codes`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamPatch {
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(schema_with = Name::schema)]
    pub name: Option<String>,
    /// `null` clears it.
    #[serde(default, deserialize_with = "patch::nullable")]
    #[schema(schema_with = nullable_address)]
    pub address: Option<Option<String>>,
    /// Admins only.
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(schema_with = wijk_codes_schema)]
    pub wijk_codes: Option<Vec<String>>,
    /// `null` clears it.
    #[serde(default, deserialize_with = "patch::nullable")]
    #[schema(schema_with = nullable_walk_in_hours)]
    pub walk_in_hours: Option<Option<String>>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactInput {
    #[schema(schema_with = Name::schema)]
    pub name: String,
    #[schema(schema_with = Role::schema)]
    pub role: String,
    #[schema(schema_with = Email::schema)]
    pub email: String,
    #[schema(schema_with = Phone::schema)]
    pub phone: String,
    #[schema(schema_with = Summary::schema)]
    pub expertise: String,
}

/// A field left out stays as it is; none may be `null`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactPatch {
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(schema_with = Name::schema)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(schema_with = Role::schema)]
    pub role: Option<String>,
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(schema_with = Email::schema)]
    pub email: Option<String>,
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(schema_with = Phone::schema)]
    pub phone: Option<String>,
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(schema_with = Summary::schema)]
    pub expertise: Option<String>,
}

/// A team to create, parsed.
#[derive(Debug, Clone)]
pub struct NewTeam {
    pub name: Name,
    pub address: Address,
    pub wijk_codes: CodeSet<WijkCode>,
    pub walk_in_hours: WalkInHours,
}

/// A change to a team, parsed: `None` leaves a field as it is, `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct TeamChange {
    pub name: Option<Name>,
    pub address: Option<Option<Address>>,
    pub wijk_codes: Option<CodeSet<WijkCode>>,
    pub walk_in_hours: Option<Option<WalkInHours>>,
}

/// A contact to add, parsed.
#[derive(Debug, Clone)]
pub struct NewContact {
    pub name: Name,
    pub role: Role,
    pub email: Email,
    pub phone: Phone,
    pub expertise: Summary,
}

/// A change to a contact, parsed.
#[derive(Debug, Clone, Default)]
pub struct ContactChange {
    pub name: Option<Name>,
    pub role: Option<Role>,
    pub email: Option<Email>,
    pub phone: Option<Phone>,
    pub expertise: Option<Summary>,
}

fn wijk_codes(raw: &[String]) -> Result<CodeSet<WijkCode>, Invalid> {
    let max = WijkCode::count();
    WijkCode::parse_list("wijk_codes", raw, 0, max, FieldText::TooManyWijken { max })
        .map_err(Invalid)
}

impl TryFrom<&NewTeamInput> for NewTeam {
    type Error = Invalid;

    fn try_from(raw: &NewTeamInput) -> Result<Self, Invalid> {
        let mut check = Checker::new();
        parse_fields!(
            check,
            NewTeam {
                name: Name::parse("name", &raw.name),
                address: Address::parse("address", &raw.address),
                wijk_codes: wijk_codes(&raw.wijk_codes),
                walk_in_hours: WalkInHours::parse("walk_in_hours", &raw.walk_in_hours),
            }
        )
    }
}

impl TryFrom<&TeamPatch> for TeamChange {
    type Error = Invalid;

    fn try_from(raw: &TeamPatch) -> Result<Self, Invalid> {
        let mut check = Checker::new();
        parse_fields!(
            check,
            TeamChange {
                name: parse_present(raw.name.as_deref(), |v| Name::parse("name", v)),
                address: parse_nullable(&raw.address, |v| Address::parse("address", v)),
                wijk_codes: parse_present(raw.wijk_codes.as_deref(), wijk_codes),
                walk_in_hours: parse_nullable(&raw.walk_in_hours, |v| {
                    WalkInHours::parse("walk_in_hours", v)
                }),
            }
        )
    }
}

impl TryFrom<&ContactInput> for NewContact {
    type Error = Invalid;

    fn try_from(raw: &ContactInput) -> Result<Self, Invalid> {
        let mut check = Checker::new();
        parse_fields!(
            check,
            NewContact {
                name: Name::parse("name", &raw.name),
                role: Role::parse("role", &raw.role),
                email: Email::parse("email", &raw.email),
                phone: Phone::parse("phone", &raw.phone),
                expertise: Summary::parse("expertise", &raw.expertise),
            }
        )
    }
}

impl TryFrom<&ContactPatch> for ContactChange {
    type Error = Invalid;

    fn try_from(raw: &ContactPatch) -> Result<Self, Invalid> {
        let mut check = Checker::new();
        parse_fields!(
            check,
            ContactChange {
                name: parse_present(raw.name.as_deref(), |v| Name::parse("name", v)),
                role: parse_present(raw.role.as_deref(), |v| Role::parse("role", v)),
                email: parse_present(raw.email.as_deref(), |v| Email::parse("email", v)),
                phone: parse_present(raw.phone.as_deref(), |v| Phone::parse("phone", v)),
                expertise: parse_present(raw.expertise.as_deref(), |v| {
                    Summary::parse("expertise", v)
                }),
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

    #[test]
    fn every_invalid_team_field_is_reported_at_once() {
        let raw: NewTeamInput = serde_json::from_value(json!({
            "name": "", "address": " ", "wijk_codes": ["WK001404", "WK009999"],
            "walk_in_hours": "x".repeat(201),
        }))
        .unwrap();
        assert_eq!(
            fields(NewTeam::try_from(&raw).unwrap_err()),
            ["name", "address", "wijk_codes[1]", "walk_in_hours"]
        );
    }

    #[test]
    fn a_valid_team_has_a_set_of_wijken() {
        let raw: NewTeamInput = serde_json::from_value(json!({
            "name": "WIJ Noord", "address": "Straat 1", "walk_in_hours": "",
            "wijk_codes": ["WK001404", "WK001400", "WK001404"],
        }))
        .unwrap();
        let team = NewTeam::try_from(&raw).unwrap();
        let codes: Vec<&str> = team.wijk_codes.iter().map(|w| w.as_str()).collect();
        assert_eq!(codes, ["WK001400", "WK001404"]);
    }

    #[test]
    fn a_team_change_keeps_nulls_and_reports_errors() {
        let raw: TeamPatch =
            serde_json::from_value(json!({"address": null, "name": "Nieuw"})).unwrap();
        let change = TeamChange::try_from(&raw).unwrap();
        assert_eq!(change.address, Some(None));
        assert!(change.wijk_codes.is_none() && change.walk_in_hours.is_none());
        let raw: TeamPatch =
            serde_json::from_value(json!({"wijk_codes": ["nope"], "name": " "})).unwrap();
        assert_eq!(
            fields(TeamChange::try_from(&raw).unwrap_err()),
            ["name", "wijk_codes[0]"]
        );
    }

    #[test]
    fn every_invalid_contact_field_is_reported_at_once() {
        let raw: ContactInput = serde_json::from_value(json!({
            "name": "", "role": "r", "email": "nope", "phone": "12", "expertise": "\u{0}",
        }))
        .unwrap();
        assert_eq!(
            fields(NewContact::try_from(&raw).unwrap_err()),
            ["name", "email", "phone", "expertise"]
        );
        let raw: ContactInput = serde_json::from_value(json!({
            "name": "Ria", "role": "Wijkwerker", "email": "ria@example.org",
            "phone": "+31 50 123 4567", "expertise": "Schulden",
        }))
        .unwrap();
        assert_eq!(
            NewContact::try_from(&raw).unwrap().phone.as_str(),
            "+31 50 123 4567"
        );
    }

    #[test]
    fn a_contact_change_parses_only_what_it_names() {
        let raw: ContactPatch = serde_json::from_value(json!({"phone": "050-1234567"})).unwrap();
        let change = ContactChange::try_from(&raw).unwrap();
        assert!(change.phone.is_some() && change.name.is_none());
        let raw: ContactPatch = serde_json::from_value(json!({"email": "x@y"})).unwrap();
        assert_eq!(
            fields(ContactChange::try_from(&raw).unwrap_err()),
            ["email"]
        );
    }
}
