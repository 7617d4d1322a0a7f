//! What a client sends to register or change an initiative or add a coordinator, and the
//! domain values it becomes: one `TryFrom` per body reports every invalid field at once, and
//! each field's schema comes from the type that parses it.

use serde::Deserialize;
use utoipa::ToSchema;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::Schema;

use crate::domain::account::Email;
use crate::domain::codes::CodeSet;
use crate::domain::geo::GeoPoint;
use crate::domain::patch::{self, parse_nullable, parse_present};
use crate::domain::text::{Address, Description, OrgName, Url, or_null};
use crate::domain::validation::{Checker, Invalid};
use crate::domain::vocabulary::{Theme, WijkCode};
use crate::i18n::FieldText;
use crate::parse_fields;

/// An initiative names 1 to this many themes.
pub const MAX_THEMES: usize = 10;

fn themes_schema() -> RefOr<Schema> {
    Theme::list_schema(1, MAX_THEMES)
}

fn nullable_address() -> RefOr<Schema> {
    or_null(Address::schema())
}

fn nullable_email() -> RefOr<Schema> {
    or_null(Email::schema())
}

fn nullable_url() -> RefOr<Schema> {
    or_null(Url::schema())
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewInitiativeInput {
    #[schema(schema_with = OrgName::schema)]
    pub name: String,
    #[schema(schema_with = Description::schema)]
    pub description: String,
    #[schema(schema_with = WijkCode::schema)]
    pub wijk_code: String,
    #[schema(schema_with = themes_schema)]
    pub themes: Vec<String>,
    #[serde(default)]
    #[schema(schema_with = Address::schema)]
    pub address: Option<String>,
    /// Give `lat` and `lon` together.
    #[serde(default)]
    #[schema(minimum = -90, maximum = 90)]
    pub lat: Option<f64>,
    #[serde(default)]
    #[schema(minimum = -180, maximum = 180)]
    pub lon: Option<f64>,
    #[serde(default)]
    #[schema(schema_with = Email::schema)]
    pub contact_email: Option<String>,
    #[serde(default)]
    #[schema(schema_with = Url::schema)]
    pub website: Option<String>,
}

/// A field left out stays as it is; `null` clears the optional ones.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InitiativePatch {
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(schema_with = OrgName::schema)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(schema_with = Description::schema)]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(schema_with = WijkCode::schema)]
    pub wijk_code: Option<String>,
    #[serde(default, deserialize_with = "patch::not_null")]
    #[schema(schema_with = themes_schema)]
    pub themes: Option<Vec<String>>,
    #[serde(default, deserialize_with = "patch::nullable")]
    #[schema(schema_with = nullable_address)]
    pub address: Option<Option<String>>,
    /// `null` clears the location. With the coordinate not given, the initiative must end
    /// up with both `lat` and `lon` or neither.
    #[serde(default, deserialize_with = "patch::nullable")]
    #[schema(value_type = Option<f64>, minimum = -90, maximum = 90)]
    pub lat: Option<Option<f64>>,
    #[serde(default, deserialize_with = "patch::nullable")]
    #[schema(value_type = Option<f64>, minimum = -180, maximum = 180)]
    pub lon: Option<Option<f64>>,
    #[serde(default, deserialize_with = "patch::nullable")]
    #[schema(schema_with = nullable_email)]
    pub contact_email: Option<Option<String>>,
    #[serde(default, deserialize_with = "patch::nullable")]
    #[schema(schema_with = nullable_url)]
    pub website: Option<Option<String>>,
}

/// The account to add as a coordinator; it must exist.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CoordinatorInput {
    pub user_id: String,
}

/// An initiative to register, parsed.
#[derive(Debug, Clone)]
pub struct NewInitiative {
    pub name: OrgName,
    pub description: Description,
    pub wijk_code: WijkCode,
    pub themes: CodeSet<Theme>,
    pub address: Option<Address>,
    pub location: Option<GeoPoint>,
    pub contact_email: Option<Email>,
    pub website: Option<Url>,
}

/// A change to an initiative, parsed: `None` leaves a field as it is, `Some(None)` clears
/// it. Whether `lat` and `lon` end up together depends on the stored ones: the use case
/// decides.
#[derive(Debug, Clone, Default)]
pub struct InitiativeChange {
    pub name: Option<OrgName>,
    pub description: Option<Description>,
    pub wijk_code: Option<WijkCode>,
    pub themes: Option<CodeSet<Theme>>,
    pub address: Option<Option<Address>>,
    pub lat: Option<Option<f64>>,
    pub lon: Option<Option<f64>>,
    pub contact_email: Option<Option<Email>>,
    pub website: Option<Option<Url>>,
}

fn themes(raw: &[String]) -> Result<CodeSet<Theme>, Invalid> {
    Theme::parse_list("themes", raw, 1, MAX_THEMES, FieldText::ThemeCount).map_err(Invalid)
}

impl TryFrom<&NewInitiativeInput> for NewInitiative {
    type Error = Invalid;

    fn try_from(raw: &NewInitiativeInput) -> Result<Self, Invalid> {
        let mut check = Checker::new();
        parse_fields!(
            check,
            NewInitiative {
                name: OrgName::parse("name", &raw.name),
                description: Description::parse("description", &raw.description),
                wijk_code: WijkCode::parse("wijk_code", &raw.wijk_code),
                themes: themes(&raw.themes),
                address: parse_present(raw.address.as_deref(), |v| Address::parse("address", v)),
                location: GeoPoint::parse_optional("", raw.lat, raw.lon),
                contact_email: parse_present(raw.contact_email.as_deref(), |v| {
                    Email::parse("contact_email", v)
                }),
                website: parse_present(raw.website.as_deref(), |v| Url::parse("website", v)),
            }
        )
    }
}

impl TryFrom<&InitiativePatch> for InitiativeChange {
    type Error = Invalid;

    fn try_from(raw: &InitiativePatch) -> Result<Self, Invalid> {
        let mut check = Checker::new();
        parse_fields!(
            check,
            InitiativeChange {
                name: parse_present(raw.name.as_deref(), |v| OrgName::parse("name", v)),
                description: parse_present(raw.description.as_deref(), |v| {
                    Description::parse("description", v)
                }),
                wijk_code: parse_present(raw.wijk_code.as_deref(), |v| {
                    WijkCode::parse("wijk_code", v)
                }),
                themes: parse_present(raw.themes.as_deref(), themes),
                address: parse_nullable(&raw.address, |v| Address::parse("address", v)),
                lat: parse_nullable(&raw.lat, |v| GeoPoint::latitude("lat", *v)),
                lon: parse_nullable(&raw.lon, |v| GeoPoint::longitude("lon", *v)),
                contact_email: parse_nullable(&raw.contact_email, |v| {
                    Email::parse("contact_email", v)
                }),
                website: parse_nullable(&raw.website, |v| Url::parse("website", v)),
            }
        )
    }
}

/// A search text is at most this long.
pub const MAX_QUERY: usize = 200;

/// The filters of the public list, parsed.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub wijk: Option<WijkCode>,
    pub theme: Option<Theme>,
    pub q: Option<String>,
}

impl ListFilter {
    pub fn parse(
        wijk: Option<&str>,
        theme: Option<&str>,
        q: Option<&str>,
    ) -> Result<Self, Invalid> {
        let mut check = Checker::new();
        let q = q.map(|q| {
            check.check(
                q.chars().count() <= MAX_QUERY,
                "q",
                FieldText::AtMostChars { max: MAX_QUERY },
            );
            q.to_owned()
        });
        parse_fields!(
            check,
            ListFilter {
                wijk: parse_present(wijk, |v| WijkCode::parse("wijk", v)),
                theme: parse_present(theme, |v| Theme::parse("theme", v)),
                q: Ok::<_, Invalid>(q),
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
        let raw: NewInitiativeInput = serde_json::from_value(json!({
            "name": "", "description": "d", "wijk_code": "WK009999",
            "themes": ["knutselen"], "address": " ", "lat": 53.2,
            "contact_email": "nope", "website": "javascript:alert(1)",
        }))
        .unwrap();
        assert_eq!(
            fields(NewInitiative::try_from(&raw).unwrap_err()),
            [
                "name",
                "wijk_code",
                "themes[0]",
                "address",
                "lat",
                "contact_email",
                "website"
            ]
        );
    }

    #[test]
    fn a_valid_body_becomes_an_initiative_with_a_set_of_themes() {
        let raw: NewInitiativeInput = serde_json::from_value(json!({
            "name": "Buurttuin", "description": "Samen tuinieren", "wijk_code": "WK001404",
            "themes": ["samenleving_in_de_buurt", "samenleving_in_de_buurt"], "lat": 53.2, "lon": 6.57,
            "website": "https://tuin.example.org",
        }))
        .unwrap();
        let initiative = NewInitiative::try_from(&raw).unwrap();
        assert_eq!(initiative.name.as_str(), "Buurttuin");
        assert_eq!(initiative.themes.len(), 1);
        assert_eq!(initiative.location.map(|p| p.lat), Some(53.2));
        assert!(initiative.contact_email.is_none());
    }

    #[test]
    fn no_themes_is_refused() {
        let raw: NewInitiativeInput = serde_json::from_value(json!({
            "name": "n", "description": "d", "wijk_code": "WK001404", "themes": [],
        }))
        .unwrap();
        assert_eq!(
            fields(NewInitiative::try_from(&raw).unwrap_err()),
            ["themes"]
        );
    }

    #[test]
    fn a_change_parses_what_it_names_and_keeps_nulls() {
        let raw: InitiativePatch =
            serde_json::from_value(json!({"website": null, "lat": 53.1, "name": "Nieuw"})).unwrap();
        let change = InitiativeChange::try_from(&raw).unwrap();
        assert_eq!(change.website, Some(None));
        assert_eq!(change.lat, Some(Some(53.1)));
        assert_eq!(change.lon, None);
        assert_eq!(
            change.name.map(|n| n.into_string()).as_deref(),
            Some("Nieuw")
        );
        let raw: InitiativePatch =
            serde_json::from_value(json!({"lon": 200.0, "themes": [], "address": ""})).unwrap();
        assert_eq!(
            fields(InitiativeChange::try_from(&raw).unwrap_err()),
            ["themes", "address", "lon"]
        );
    }
}
