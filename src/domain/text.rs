//! Free text a person types, as types that keep their rules: each kind of text has one
//! bound and one line rule, applied by its `parse` and stated by its `schema`, so the
//! OpenAPI document says exactly what the server accepts.
//!
//! The rules every text shares: not blank, at most `MAX` Unicode scalar values (what JSON
//! Schema's `maxLength` counts), and no control characters except newlines and tabs in
//! multi-line texts.

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Schema, Type};

use super::validation::{FieldError, check_text};
use crate::i18n::FieldText;

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

/// A schema that also admits `null`: for PATCH fields where `null` clears the value.
pub fn or_null(schema: RefOr<Schema>) -> RefOr<Schema> {
    OneOfBuilder::new()
        .item(schema)
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .into()
}

/// A character class (without brackets) of every character `keep` admits, as ranges: BMP
/// characters as `\uXXXX` escapes, the others as themselves (an escape for them differs
/// between regex dialects; the literal character means the same in all).
pub fn char_class(keep: impl Fn(char) -> bool) -> String {
    fn push(class: &mut String, c: char) {
        let code = u32::from(c);
        if code <= 0xFFFF {
            class.push_str(&format!("\\u{code:04X}"));
        } else {
            class.push(c);
        }
    }
    let mut class = String::new();
    let mut run: Option<(char, char)> = None;
    fn flush(class: &mut String, (lo, hi): (char, char)) {
        push(class, lo);
        if hi != lo {
            class.push('-');
            push(class, hi);
        }
    }
    for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
        if keep(c) {
            run = match run {
                // Ranges may not span the surrogate gap: from_u32 skips it, so split there.
                Some((lo, hi)) if u32::from(c) == u32::from(hi) + 1 => Some((lo, c)),
                Some(done) => {
                    flush(&mut class, done);
                    Some((c, c))
                }
                None => Some((c, c)),
            };
        }
    }
    if let Some(done) = run {
        flush(&mut class, done);
    }
    class
}

/// A web address: `http://` or `https://` and more, at most 300 characters, none of them
/// blank or a control character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url(String);

impl Url {
    pub const MAX: usize = 300;

    pub fn pattern() -> String {
        format!("^https?://[^{WHITESPACE}{CONTROLS}]+$")
    }

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let rest = raw
            .strip_prefix("https://")
            .or_else(|| raw.strip_prefix("http://"));
        let ok = rest.is_some_and(|r| !r.is_empty())
            && raw.chars().count() <= Self::MAX
            && !raw.chars().any(|c| c.is_whitespace() || c.is_control());
        if ok {
            Ok(Self(raw.to_owned()))
        } else {
            Err(FieldError::new(field, FieldText::Url))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .max_length(Some(Self::MAX))
            .pattern(Some(Self::pattern()))
            .into()
    }
}

/// A phone number as people write it: 6 to 20 digits, with spaces, `+`, `-`, `(`, `)` and
/// `.` between them as they like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    pub const MIN_DIGITS: usize = 6;
    pub const MAX_DIGITS: usize = 20;
    const SEPARATORS: &'static str = " +-().";

    pub fn pattern() -> String {
        // The hyphen last in the class, so it is itself in every dialect.
        format!(
            "^[ +().-]*(?:[0-9][ +().-]*){{{},{}}}$",
            Self::MIN_DIGITS,
            Self::MAX_DIGITS
        )
    }

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let digits = raw.chars().filter(char::is_ascii_digit).count();
        let ok = (Self::MIN_DIGITS..=Self::MAX_DIGITS).contains(&digits)
            && raw
                .chars()
                .all(|c| c.is_ascii_digit() || Self::SEPARATORS.contains(c));
        if ok {
            Ok(Self(raw.to_owned()))
        } else {
            Err(FieldError::new(field, FieldText::Phone))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(Self::pattern()))
            .into()
    }
}

/// A team's walk-in hours: free text of at most 200 characters (it may be empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkInHours(String);

impl WalkInHours {
    pub const MAX: usize = 200;

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        if raw.chars().count() <= Self::MAX {
            Ok(Self(raw.to_owned()))
        } else {
            Err(FieldError::new(
                field,
                FieldText::AtMostChars { max: Self::MAX },
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .max_length(Some(Self::MAX))
            .into()
    }
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

    #[test]
    fn urls_need_a_scheme_and_something_after_it() {
        assert!(Url::parse("website", "https://tuin.example.org").is_ok());
        assert!(Url::parse("website", "http://a").is_ok());
        for bad in [
            "",
            "https://",
            "javascript:alert(1)",
            "ftp://x.org",
            "https://a b",
        ] {
            assert!(Url::parse("website", bad).is_err(), "{bad:?}");
        }
        let long = format!("https://{}", "a".repeat(300 - 8));
        assert!(Url::parse("website", &long).is_ok());
        assert!(Url::parse("website", &format!("{long}a")).is_err());
        let schema = serde_json::to_value(Url::schema()).unwrap();
        assert_eq!(schema["maxLength"], 300);
        assert_eq!(schema["pattern"], Url::pattern());
    }

    #[test]
    fn phones_count_digits_and_allow_separators() {
        assert!(Phone::parse("phone", "+31 (0)50-123.4567").is_ok());
        assert!(Phone::parse("phone", "123456").is_ok());
        assert!(Phone::parse("phone", "12345").is_err());
        assert!(Phone::parse("phone", &"1".repeat(21)).is_err());
        assert!(Phone::parse("phone", "050 123 456x").is_err());
    }

    #[test]
    fn walk_in_hours_are_free_text_up_to_the_bound() {
        assert!(WalkInHours::parse("walk_in_hours", "").is_ok());
        assert!(WalkInHours::parse("walk_in_hours", &"é".repeat(200)).is_ok());
        assert!(WalkInHours::parse("walk_in_hours", &"a".repeat(201)).is_err());
    }

    #[test]
    fn a_nullable_schema_admits_null_beside_the_value() {
        let schema = serde_json::to_value(or_null(Url::schema())).unwrap();
        assert_eq!(schema["oneOf"][0]["pattern"], Url::pattern());
        assert_eq!(schema["oneOf"][1]["type"], "null");
    }

    #[test]
    fn a_char_class_holds_exactly_the_characters_kept() {
        let class = char_class(|c| c.is_ascii_digit() || c == 'x' || c == '\u{1F600}');
        assert_eq!(class, "\\u0030-\\u0039\\u0078\u{1F600}");
        let re = Regex::new(&format!("^[{}]$", char_class(|c| c.is_alphabetic()))).unwrap();
        for c in ['a', 'é', '李', '\u{10400}'] {
            assert!(re.is_match(&c.to_string()), "{c}");
        }
        for c in ['1', ' ', '-', '\u{1F600}'] {
            assert!(!re.is_match(&c.to_string()), "{c}");
        }
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

        // URL and phone: the pattern and the parser agree both ways.
        #[test]
        fn url_pattern_and_parser_agree(text in "(https?://)?[a-z:/ .\\u{0}\\u{85}\\u{a0}\\u{3000}é]{0,12}") {
            let pattern = Regex::new(&Url::pattern()).unwrap();
            prop_assert_eq!(Url::parse("w", &text).is_ok(), pattern.is_match(&text), "{:?}", text);
        }

        #[test]
        fn url_the_pattern_admits_parses(text in proptest::string::string_regex(&Url::pattern()[1..Url::pattern().len() - 1]).unwrap()) {
            prop_assume!(text.chars().count() <= Url::MAX);
            prop_assert!(Url::parse("w", &text).is_ok(), "{:?}", text);
        }

        #[test]
        fn phone_pattern_and_parser_agree(text in "[0-9 +().\\-x]{0,30}") {
            let pattern = Regex::new(&Phone::pattern()).unwrap();
            prop_assert_eq!(Phone::parse("p", &text).is_ok(), pattern.is_match(&text), "{:?}", text);
        }

        #[test]
        fn phone_the_pattern_admits_parses(text in proptest::string::string_regex(&Phone::pattern()[1..Phone::pattern().len() - 1]).unwrap()) {
            prop_assert!(Phone::parse("p", &text).is_ok(), "{:?}", text);
        }
    }
}
