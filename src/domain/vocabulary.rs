//! Codes from the compiled-in reference data (categories, themes, skills, languages, wijk
//! codes) as types: a value exists only for a known code, and the OpenAPI schema of a field
//! lists exactly the codes `parse` accepts.

use utoipa::openapi::schema::{ArrayBuilder, Object, ObjectBuilder, Type};
use utoipa::openapi::{Array, RefOr, Schema};

use super::codes::{Code, CodeSet};
use super::validation::{FieldError, Invalid};
use crate::i18n::FieldText;
use crate::reference::{self, vocabulary};

macro_rules! vocabulary_code {
    ($($(#[$doc:meta])* $name:ident { codes: $codes:expr, unknown: $unknown:expr })+) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(&'static str);

        impl $name {
            /// Every known code, in the reference data's order.
            pub fn all() -> impl Iterator<Item = &'static str> {
                $codes
            }

            pub fn find(raw: &str) -> Option<Self> {
                Self::all().find(|c| *c == raw).map(Self)
            }

            pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
                Self::find(raw).ok_or_else(|| FieldError::new(field, $unknown))
            }

            pub fn as_str(self) -> &'static str {
                self.0
            }

            /// A string schema whose `enum` is every known code.
            pub fn schema() -> RefOr<Schema> {
                Schema::Object(Self::object()).into()
            }

            fn object() -> Object {
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(Self::all()))
                    .build()
            }

            /// Parses a list of at most `max` codes (at least `min`); each unknown code is
            /// named by its place (`skills[2]`).
            pub fn parse_list(
                field: &str,
                raw: &[String],
                min: usize,
                max: usize,
                count: FieldText,
            ) -> Result<CodeSet<Self>, Vec<FieldError>> {
                let mut errors = Vec::new();
                if !(min..=max).contains(&raw.len()) {
                    errors.push(FieldError::new(field, count));
                }
                let codes: Vec<Self> = raw
                    .iter()
                    .enumerate()
                    .filter_map(|(i, code)| {
                        Self::parse(&format!("{field}[{i}]"), code)
                            .map_err(|e| errors.push(e))
                            .ok()
                    })
                    .collect();
                if errors.is_empty() {
                    Ok(CodeSet::new(codes))
                } else {
                    Err(errors)
                }
            }

            /// Parses a list of at most `max` codes (none is fine), as most lists are.
            pub fn parse_at_most(
                field: &str,
                raw: &[String],
                max: usize,
            ) -> Result<CodeSet<Self>, Invalid> {
                Self::parse_list(field, raw, 0, max, FieldText::TooMany { max }).map_err(Invalid)
            }

            /// The schema of a list of `min..=max` codes.
            pub fn list_schema(min: usize, max: usize) -> RefOr<Schema> {
                let array: Array = ArrayBuilder::new()
                    .items(Self::object())
                    .min_items((min > 0).then_some(min))
                    .max_items(Some(max))
                    .build();
                Schema::Array(array).into()
            }
        }

        impl Code for $name {
            fn code(&self) -> &str {
                self.0
            }

            fn from_code(code: &str) -> Option<Self> {
                Self::find(code)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.0)
            }
        }
    )+};
}

vocabulary_code! {
    /// A kind of help a request asks for and an offer gives.
    Category { codes: vocabulary::CATEGORIES.iter().map(|t| t.id), unknown: FieldText::UnknownCategory }
    /// What an initiative is about.
    Theme { codes: vocabulary::THEMES.iter().map(|t| t.id), unknown: FieldText::UnknownTheme }
    /// Something a volunteer can do or a request needs.
    Skill { codes: vocabulary::SKILLS.iter().map(|t| t.id), unknown: FieldText::UnknownSkill }
    /// A language (ISO 639-1).
    Language { codes: vocabulary::LANGUAGES.iter().map(|t| t.id), unknown: FieldText::UnknownLanguage }
    /// A CBS wijk code of the municipality (`WK0014nn`).
    WijkCode { codes: reference::wijken().iter().map(|w| w.code), unknown: FieldText::UnknownWijk }
}

impl WijkCode {
    /// Every wijk code, for lists that may name them all.
    pub fn count() -> usize {
        reference::wijken().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_parses_and_the_schema_lists_exactly_those() {
        for code in Skill::all() {
            assert_eq!(Skill::parse("skills", code).unwrap().as_str(), code);
        }
        let schema = serde_json::to_value(WijkCode::schema()).unwrap();
        let listed: Vec<&str> = schema["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(listed, WijkCode::all().collect::<Vec<_>>());
        assert_eq!(listed.len(), 20);
    }

    #[test]
    fn unknown_codes_are_named_by_their_place_and_counts_checked() {
        let raw = vec!["cooking".to_owned(), "juggling".to_owned()];
        let errors =
            Skill::parse_list("skills", &raw, 0, 1, FieldText::TooMany { max: 1 }).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["skills", "skills[1]"]);
        let ok = Skill::parse_list("skills", &raw[..1], 0, 1, FieldText::TooMany { max: 1 });
        assert_eq!(ok.unwrap().len(), 1);
    }
}
