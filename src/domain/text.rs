//! Free text a person types, as types that keep their rules: each kind of text has one
//! bound and one line rule, applied by its `parse` and stated by its `schema`, so the
//! OpenAPI document says exactly what the server accepts.
//!
//! The rules every text shares: not blank, at most `MAX` Unicode scalar values (what JSON
//! Schema's `maxLength` counts), and no control characters except newlines and tabs in
//! multi-line texts.

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

use super::validation::{FieldError, check_text};

/// Characters that count as blank: Rust's `char::is_whitespace`, written out so the
/// pattern means the same in every regex dialect (ECMA, Python, Rust).
pub(crate) const WHITESPACE: &str =
    r"\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000";
/// Control characters (`char::is_control`, category Cc).
pub(crate) const CONTROLS: &str = r"\u0000-\u001F\u007F-\u009F";
/// Control characters a multi-line text may not hold: all but tab, newline, return.
pub(crate) const CONTROLS_BUT_LINES: &str = r"\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F";

/// The pattern of a text: any allowed characters around one that is not blank.
pub fn text_pattern(multiline: bool) -> String {
    let allowed = if multiline {
        CONTROLS_BUT_LINES
    } else {
        CONTROLS
    };
    format!("^[^{allowed}]*[^{WHITESPACE}{CONTROLS}][^{allowed}]*$")
}

/// A string schema with the bounds and pattern of a text.
pub fn text_schema(max: usize, multiline: bool) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .min_length(Some(1))
        .max_length(Some(max))
        .pattern(Some(text_pattern(multiline)))
}

/// Declares a text type: `parse` applies the bound and line rule, `schema` states them.
macro_rules! bounded_text {
    ($($(#[$doc:meta])* $name:ident { max: $max:expr, multiline: $multiline:expr })+) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $name(String);

        impl $name {
            pub const MAX: usize = $max;
            pub const MULTILINE: bool = $multiline;

            pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
                check_text(field, raw, Self::MAX, Self::MULTILINE).map(|()| Self(raw.to_owned()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }

            /// The OpenAPI schema of a field of this kind.
            pub fn schema() -> RefOr<Schema> {
                text_schema(Self::MAX, Self::MULTILINE).into()
            }
        }

        impl From<$name> for String {
            fn from(text: $name) -> String {
                text.0
            }
        }
    )+};
}

bounded_text! {
    /// What a request or an offer is about, in one line.
    Title { max: 200, multiline: false }
    /// A longer text about a request, an initiative or a key figure.
    Description { max: 4000, multiline: true }
    /// A person's or a team's name.
    Name { max: 100, multiline: false }
    /// The name of an initiative or an organisation.
    OrgName { max: 200, multiline: false }
    /// What someone does for a team or an initiative.
    Role { max: 100, multiline: false }
    /// A postal address.
    Address { max: 200, multiline: false }
    /// A phone number or an e-mail address, as given.
    Contact { max: 200, multiline: false }
    /// Notes for the managers of a request.
    Notes { max: 4000, multiline: true }
    /// A short text of a few lines: what a key figure connects, a contact's expertise, a
    /// note on logged hours.
    Summary { max: 1000, multiline: true }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use regex::Regex;

    use super::*;

    /// The pattern without its anchors, which proptest cannot generate from.
    fn unanchored(multiline: bool) -> String {
        let pattern = text_pattern(multiline);
        pattern[1..pattern.len() - 1].to_owned()
    }

    fn schema_regex(multiline: bool) -> Regex {
        Regex::new(&text_pattern(multiline)).expect("the pattern is a regex")
    }

    #[test]
    fn the_schema_states_the_bounds_parse_applies() {
        let schema = serde_json::to_value(Title::schema()).unwrap();
        assert_eq!(schema["minLength"], 1);
        assert_eq!(schema["maxLength"], 200);
        assert_eq!(schema["pattern"], text_pattern(false));
        let schema = serde_json::to_value(Description::schema()).unwrap();
        assert_eq!(schema["maxLength"], 4000);
        assert_eq!(schema["pattern"], text_pattern(true));
    }

    #[test]
    fn blank_long_and_control_texts_are_refused() {
        assert!(Name::parse("name", " \u{3000}\t").is_err());
        assert!(Name::parse("name", &"a".repeat(101)).is_err());
        assert!(Name::parse("name", &"é".repeat(100)).is_ok());
        assert!(Name::parse("name", "a\nb").is_err());
        assert!(Notes::parse("notes", "a\nb\tc").is_ok());
        assert!(Notes::parse("notes", "a\u{7}b").is_err());
    }

    proptest! {
        // Whatever the schema's pattern admits (within the bound), parse accepts.
        #[test]
        fn text_the_pattern_admits_parses(text in proptest::string::string_regex(&unanchored(false)).unwrap()) {
            prop_assume!(text.chars().count() <= Title::MAX);
            prop_assert!(Title::parse("title", &text).is_ok(), "{text:?}");
        }

        #[test]
        fn multiline_text_the_pattern_admits_parses(text in proptest::string::string_regex(&unanchored(true)).unwrap()) {
            prop_assume!(text.chars().count() <= Description::MAX);
            prop_assert!(Description::parse("description", &text).is_ok(), "{text:?}");
        }

        // And whatever parse accepts, the pattern admits: the two cannot drift apart.
        #[test]
        fn text_parse_accepts_matches_the_pattern(text in "\\PC{0,12}|[ \\t\\n\\u{85}\\u{a0}\\u{3000}a-z\\u{0}-\\u{1f}\\u{7f}-\\u{9f}]{0,8}") {
            let single = Title::parse("t", &text).is_ok();
            prop_assert_eq!(single, schema_regex(false).is_match(&text), "{:?}", text);
            let multi = Description::parse("d", &text).is_ok();
            prop_assert_eq!(multi, schema_regex(true).is_match(&text), "{:?}", text);
        }
    }
}
