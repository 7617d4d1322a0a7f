//! Record ids as a client names them in a body: the hyphenated UUID form the service hands
//! out. Whether a record with that id exists (and is the caller's to know) is for the use
//! case; this type only says that the text can be an id at all.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type};

use super::validation::FieldError;
use crate::i18n::FieldText;

/// The pattern of an id: 8-4-4-4-12 hexadecimal digits.
pub const UUID_PATTERN: &str =
    "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

/// What an id names. Only a marker: an `Id<Request>` and an `Id<Offer>` are different types,
/// so a pair of ids cannot be passed the wrong way round.
pub trait Entity {}

macro_rules! entities {
    ($($(#[$doc:meta])* $marker:ident => $alias:ident;)+) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $marker {}
        impl Entity for $marker {}
        pub type $alias = Id<$marker>;
    )+};
}

entities! {
    /// A support request.
    Request => RequestId;
    /// A volunteer's offer of help.
    Offer => OfferId;
    /// A match between a request and an offer.
    Match => MatchId;
    /// A residents' initiative.
    Initiative => InitiativeId;
    /// A record whose kind another field names (a partner: a volunteer, a key figure or a
    /// WIJ-team contact).
    AnyRecord => RecordId;
}

/// The id of a record of kind `E`, written as the service writes ids.
pub struct Id<E: Entity> {
    raw: String,
    entity: PhantomData<fn() -> E>,
}

impl<E: Entity> Id<E> {
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let groups: Vec<&str> = raw.split('-').collect();
        let well_formed = groups.len() == 5
            && groups
                .iter()
                .zip([8, 4, 4, 4, 12])
                .all(|(g, len)| g.len() == len && g.bytes().all(|b| b.is_ascii_hexdigit()));
        if well_formed {
            Ok(Self {
                raw: raw.to_owned(),
                entity: PhantomData,
            })
        } else {
            Err(FieldError::new(field, FieldText::Uuid))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// A string schema with the UUID format and the pattern `parse` applies.
    pub fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)))
            .pattern(Some(UUID_PATTERN))
            .into()
    }
}

// Written out because a derive would ask the marker, which is never a value, for them too.
impl<E: Entity> Clone for Id<E> {
    fn clone(&self) -> Self {
        Self {
            raw: self.raw.clone(),
            entity: PhantomData,
        }
    }
}

impl<E: Entity> PartialEq for Id<E> {
    fn eq(&self, other: &Self) -> bool {
        self.raw == other.raw
    }
}

impl<E: Entity> Eq for Id<E> {}

impl<E: Entity> Hash for Id<E> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.raw.hash(state);
    }
}

impl<E: Entity> fmt::Debug for Id<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Id").field(&self.raw).finish()
    }
}

impl<E: Entity> fmt::Display for Id<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use regex::Regex;

    use super::*;

    #[test]
    fn only_the_hyphenated_form_is_an_id() {
        let id = crate::db::new_id();
        assert_eq!(RecordId::parse("id", &id).unwrap().as_str(), id);
        assert!(RecordId::parse("id", &id.to_uppercase()).is_ok());
        for bad in [
            "",
            "x",
            &id.replace('-', ""),
            &format!("{{{id}}}"),
            &format!("{id}0"),
            "0000000g-0000-0000-0000-000000000000",
            "000000000-000-0000-0000-000000000000",
        ] {
            assert_eq!(RecordId::parse("id", bad).unwrap_err().field, "id", "{bad}");
        }
        let request = RequestId::parse("request_id", &id).unwrap();
        assert_eq!(request.to_string(), id);
        assert_eq!(request.clone(), request);
        let schema = serde_json::to_value(RecordId::schema()).unwrap();
        assert_eq!(schema["format"], "uuid");
        assert_eq!(schema["pattern"], UUID_PATTERN);
    }

    proptest! {
        // The pattern and the parser accept the same texts, in both directions.
        #[test]
        fn the_pattern_admits_exactly_what_parse_accepts(
            text in "[0-9a-fA-Fg-]{0,40}|[0-9a-f]{8}-[0-9a-fA-F]{4}-[0-9a-f]{4}-[0-9A-F]{4}-[0-9a-f]{11,13}\\n?"
        ) {
            let pattern = Regex::new(UUID_PATTERN).unwrap();
            prop_assert_eq!(RecordId::parse("id", &text).is_ok(), pattern.is_match(&text), "{:?}", text);
        }

        #[test]
        fn every_text_the_pattern_generates_parses(
            text in proptest::string::string_regex(&UUID_PATTERN[1..UUID_PATTERN.len() - 1]).unwrap()
        ) {
            prop_assert!(RecordId::parse("id", &text).is_ok(), "{:?}", text);
        }
    }
}
