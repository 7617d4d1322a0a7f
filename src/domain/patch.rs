//! PATCH semantics for optional fields: absent (leave as is), `null` (clear), or a value.

use serde::{Deserialize, Deserializer};

/// Use with `#[serde(default, deserialize_with = "patch::nullable")]` on an
/// `Option<Option<T>>` field: `None` = absent, `Some(None)` = null, `Some(Some(v))` = value.
pub fn nullable<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// Use with `#[serde(default, deserialize_with = "patch::not_null")]` on an `Option<T>`
/// field that may be left out but never cleared: `null` is an error naming the field.
pub fn not_null<'de, T, D>(deserializer: D) -> Result<Option<T>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    match Option::<T>::deserialize(deserializer)? {
        Some(v) => Ok(Some(v)),
        None => Err(serde::de::Error::custom(NOT_NULL)),
    }
}

/// serde's error for a `null` where [`not_null`] refuses it: the API layer recognises it to
/// answer with the catalogue's message in either language.
pub const NOT_NULL: &str = "may be left out, but not null";

/// Use with `#[serde(deserialize_with = "patch::required_nullable")]` (no `default`) on an
/// `Option<T>` field that must be present but may be `null`.
pub fn required_nullable<'de, T, D>(deserializer: D) -> Result<Option<T>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer)
}

/// Parses a field that may be left out: absent stays absent.
pub fn parse_present<R: ?Sized, T, E>(
    raw: Option<&R>,
    parse: impl FnOnce(&R) -> Result<T, E>,
) -> Result<Option<T>, E> {
    raw.map(parse).transpose()
}

/// Parses a PATCH field that `null` clears: absent stays absent, `null` stays `null`.
pub fn parse_nullable<R, T, E>(
    raw: &Option<Option<R>>,
    parse: impl FnOnce(&R) -> Result<T, E>,
) -> Result<Option<Option<T>>, E> {
    match raw {
        None => Ok(None),
        Some(None) => Ok(Some(None)),
        Some(Some(v)) => parse(v).map(|v| Some(Some(v))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct P {
        #[serde(default, deserialize_with = "nullable")]
        website: Option<Option<String>>,
    }

    #[derive(Debug, Deserialize)]
    struct Q {
        #[serde(default, deserialize_with = "not_null")]
        name: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct R {
        #[serde(deserialize_with = "required_nullable")]
        team: Option<String>,
    }

    #[test]
    fn not_null_refuses_null_and_required_nullable_refuses_absence() {
        assert_eq!(serde_json::from_str::<Q>("{}").unwrap().name, None);
        assert!(serde_json::from_str::<Q>(r#"{"name": null}"#).is_err());
        assert_eq!(
            serde_json::from_str::<Q>(r#"{"name": "x"}"#)
                .unwrap()
                .name
                .as_deref(),
            Some("x")
        );
        assert!(serde_json::from_str::<R>("{}").is_err());
        assert!(serde_json::from_str::<R>(r#"{"team": null}"#).is_ok());
    }

    #[test]
    fn absent_null_and_value_are_distinct() {
        let p: P = serde_json::from_str("{}").unwrap();
        assert_eq!(p.website, None);
        let p: P = serde_json::from_str(r#"{"website": null}"#).unwrap();
        assert_eq!(p.website, Some(None));
        let p: P = serde_json::from_str(r#"{"website": "https://x.nl"}"#).unwrap();
        assert_eq!(p.website, Some(Some("https://x.nl".into())));
    }
}
