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

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct P {
        #[serde(default, deserialize_with = "nullable")]
        website: Option<Option<String>>,
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
