//! What a client sends to record or change a key figure, and the domain values it becomes:
//! one `TryFrom` per body reports every invalid field at once, and each field's schema comes
//! from the type that parses it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::Schema;

use crate::domain::kinds::Visibility;
use crate::domain::patch::{self, parse_present};
use crate::domain::text::{Contact, Description, Name, OrgName, Summary, or_null};
use crate::domain::validation::{Checker, FieldError, Invalid};
use crate::domain::vocabulary::WijkCode;
use crate::i18n::FieldText;
use crate::parse_fields;

fn nullable_name() -> RefOr<Schema> {
    or_null(Name::schema())
}

/// How far ahead of the server's clock a consent time may be (clocks differ a little).
const CLOCK_SKEW_SECS: i64 = 30;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Consent {
    /// When the person agreed to be recorded (RFC 3339); not in the future.
    pub given_at: DateTime<Utc>,
    /// Who recorded the consent (a name).
    #[serde(default)]
    #[schema(schema_with = nullable_name)]
    pub recorded_by: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyFigureInput {
    #[schema(schema_with = Name::schema)]
    pub name: String,
    #[schema(schema_with = Description::schema)]
    pub description: String,
    #[schema(schema_with = OrgName::schema)]
    pub organisation: String,
    #[schema(schema_with = WijkCode::schema)]
    pub wijk_code: String,
    /// Whom this person connects (free text).
    #[schema(schema_with = Summary::schema)]
    pub connects: String,
    /// How to reach them; shown to team workers and admins only.
    #[schema(schema_with = Contact::schema)]
    pub contact: String,
    /// Default `team_only`.
    #[serde(default)]
    pub visibility: Visibility,
    pub consent: Consent,
}

/// A field left out stays as it is; none may be `null`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyFigurePatch {
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(schema_with = Name::schema)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(schema_with = Description::schema)]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(schema_with = OrgName::schema)]
    pub organisation: Option<String>,
    /// Moving a key figure needs team rights in the new wijk too.
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(schema_with = WijkCode::schema)]
    pub wijk_code: Option<String>,
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(schema_with = Summary::schema)]
    pub connects: Option<String>,
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(schema_with = Contact::schema)]
    pub contact: Option<String>,
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(nullable = false)]
    pub visibility: Option<Visibility>,
    /// Replaces the recorded consent.
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(nullable = false)]
    pub consent: Option<Consent>,
}

/// A consent, parsed: given in the past, by a named recorder if any.
#[derive(Debug, Clone, PartialEq)]
pub struct ConsentRecord {
    pub given_at: chrono::NaiveDateTime,
    pub recorded_by: Option<Name>,
}

/// A key figure to record, parsed.
#[derive(Debug, Clone)]
pub struct NewKeyFigure {
    pub name: Name,
    pub description: Description,
    pub organisation: OrgName,
    pub wijk_code: WijkCode,
    pub connects: Summary,
    pub contact: Contact,
    pub visibility: Visibility,
    pub consent: ConsentRecord,
}

/// A change to a key figure, parsed: `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct KeyFigureChange {
    pub name: Option<Name>,
    pub description: Option<Description>,
    pub organisation: Option<OrgName>,
    pub wijk_code: Option<WijkCode>,
    pub connects: Option<Summary>,
    pub contact: Option<Contact>,
    pub visibility: Option<Visibility>,
    pub consent: Option<ConsentRecord>,
}

fn given_at(at: DateTime<Utc>) -> Result<chrono::NaiveDateTime, FieldError> {
    if at <= crate::clock::now() + chrono::Duration::seconds(CLOCK_SKEW_SECS) {
        Ok(at.naive_utc())
    } else {
        Err(FieldError::new("consent.given_at", FieldText::InTheFuture))
    }
}

impl TryFrom<&Consent> for ConsentRecord {
    type Error = Invalid;

    fn try_from(raw: &Consent) -> Result<Self, Invalid> {
        let mut check = Checker::new();
        parse_fields!(
            check,
            ConsentRecord {
                given_at: given_at(raw.given_at),
                recorded_by: parse_present(raw.recorded_by.as_deref(), |v| {
                    Name::parse("consent.recorded_by", v)
                }),
            }
        )
    }
}

impl TryFrom<&KeyFigureInput> for NewKeyFigure {
    type Error = Invalid;

    fn try_from(raw: &KeyFigureInput) -> Result<Self, Invalid> {
        let mut check = Checker::new();
        parse_fields!(
            check,
            NewKeyFigure {
                name: Name::parse("name", &raw.name),
                description: Description::parse("description", &raw.description),
                organisation: OrgName::parse("organisation", &raw.organisation),
                wijk_code: WijkCode::parse("wijk_code", &raw.wijk_code),
                connects: Summary::parse("connects", &raw.connects),
                contact: Contact::parse("contact", &raw.contact),
                visibility: Ok::<_, Invalid>(raw.visibility),
                consent: ConsentRecord::try_from(&raw.consent),
            }
        )
    }
}

impl TryFrom<&KeyFigurePatch> for KeyFigureChange {
    type Error = Invalid;

    fn try_from(raw: &KeyFigurePatch) -> Result<Self, Invalid> {
        let mut check = Checker::new();
        parse_fields!(
            check,
            KeyFigureChange {
                name: parse_present(raw.name.as_deref(), |v| Name::parse("name", v)),
                description: parse_present(raw.description.as_deref(), |v| {
                    Description::parse("description", v)
                }),
                organisation: parse_present(raw.organisation.as_deref(), |v| {
                    OrgName::parse("organisation", v)
                }),
                wijk_code: parse_present(raw.wijk_code.as_deref(), |v| {
                    WijkCode::parse("wijk_code", v)
                }),
                connects: parse_present(raw.connects.as_deref(), |v| {
                    Summary::parse("connects", v)
                }),
                contact: parse_present(raw.contact.as_deref(), |v| Contact::parse("contact", v)),
                visibility: Ok::<_, Invalid>(raw.visibility),
                consent: parse_present(raw.consent.as_ref(), |c| ConsentRecord::try_from(c)),
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
    fn every_invalid_field_is_reported_at_once() {
        let raw: KeyFigureInput = serde_json::from_value(json!({
            "name": "", "description": "d", "organisation": "o", "wijk_code": "WK009999",
            "connects": " ", "contact": "c",
            "consent": {"given_at": "2999-01-01T00:00:00Z", "recorded_by": "x".repeat(101)},
        }))
        .unwrap();
        assert_eq!(
            fields(NewKeyFigure::try_from(&raw).unwrap_err()),
            [
                "name",
                "wijk_code",
                "connects",
                "consent.given_at",
                "consent.recorded_by"
            ]
        );
    }

    #[test]
    fn a_valid_body_becomes_a_key_figure() {
        let raw: KeyFigureInput = serde_json::from_value(json!({
            "name": "Mevrouw Jansen", "description": "Kent iedereen", "organisation": "Buurthuis",
            "wijk_code": "WK001404", "connects": "De straat", "contact": "06 1234 5678",
            "consent": {"given_at": "2024-01-01T10:00:00Z"},
        }))
        .unwrap();
        let figure = NewKeyFigure::try_from(&raw).unwrap();
        assert_eq!(figure.visibility, Visibility::TeamOnly);
        assert_eq!(figure.consent.recorded_by, None);
        assert_eq!(figure.wijk_code.as_str(), "WK001404");
    }

    #[test]
    fn a_change_parses_only_what_it_names() {
        let raw: KeyFigurePatch =
            serde_json::from_value(json!({"visibility": "public", "contact": "ria@example.org"}))
                .unwrap();
        let change = KeyFigureChange::try_from(&raw).unwrap();
        assert_eq!(change.visibility, Some(Visibility::Public));
        assert!(change.name.is_none() && change.consent.is_none());
        let raw: KeyFigurePatch = serde_json::from_value(
            json!({"organisation": "", "consent": {"given_at": "2999-01-01T00:00:00Z"}}),
        )
        .unwrap();
        assert_eq!(
            fields(KeyFigureChange::try_from(&raw).unwrap_err()),
            ["organisation", "consent.given_at"]
        );
    }
}
