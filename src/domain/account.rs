//! Account values parsed at the edge: emails, display names, and the authenticated caller.

use std::sync::OnceLock;

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

use super::roles::{Role, Roles};
use super::text::{CONTROLS, WHITESPACE, char_class};
use super::validation::{FieldError, check_text, is_bidi_control, is_invisible};
use crate::i18n::FieldText;

/// An email address as given (≤ 254 characters), compared case-insensitively via `key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    as_given: String,
}

impl Email {
    pub const MAX: usize = 254;

    /// One `@` between a non-empty local part and a domain of dot-separated non-empty labels;
    /// no blanks or control characters anywhere.
    pub fn pattern() -> String {
        let c = format!("[^@{WHITESPACE}{CONTROLS}]");
        let label = format!("[^@.{WHITESPACE}{CONTROLS}]");
        format!("^{c}+@{label}+(?:\\.{label}+)+$")
    }

    pub fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .max_length(Some(Self::MAX))
            .pattern(Some(Self::pattern()))
            .into()
    }

    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let invalid = || FieldError::new(field, FieldText::Email);
        if raw.chars().count() > Self::MAX {
            return Err(FieldError::new(
                field,
                FieldText::AtMostChars { max: Self::MAX },
            ));
        }
        if raw.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid());
        }
        let (local, domain) = raw.rsplit_once('@').ok_or_else(invalid)?;
        if local.is_empty() || local.contains('@') || domain.len() < 3 || !domain.contains('.') {
            return Err(invalid());
        }
        if domain.starts_with('.') || domain.ends_with('.') || domain.contains("..") {
            return Err(invalid());
        }
        Ok(Self {
            as_given: raw.to_owned(),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.as_given
    }

    /// The lookup and uniqueness key.
    pub fn key(&self) -> String {
        email_key(&self.as_given)
    }

    pub fn local_part(&self) -> &str {
        self.as_given
            .rsplit_once('@')
            .map_or(self.as_given.as_str(), |(l, _)| l)
    }
}

/// Lowercase form used to compare emails (also for throttling unknown addresses).
pub fn email_key(raw: &str) -> String {
    raw.to_lowercase()
}

/// A display name: 1–100 characters, not blank, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub const MAX: usize = 100;

    /// Any characters but controls and bidirectional controls around one letter or digit
    /// that shows. The class of visible letters and digits is computed from the same
    /// predicates `parse` uses, once.
    pub fn pattern() -> &'static str {
        static PATTERN: OnceLock<String> = OnceLock::new();
        PATTERN.get_or_init(|| {
            let other = format!("[^{CONTROLS}{}]", char_class(is_bidi_control));
            let shown = char_class(|c| c.is_alphanumeric() && !is_invisible(c));
            format!("^{other}*[{shown}]{other}*$")
        })
    }

    pub fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .min_length(Some(1))
            .max_length(Some(Self::MAX))
            .pattern(Some(Self::pattern()))
            .into()
    }

    /// 1–100 characters with at least one letter or digit, and no bidirectional controls
    /// (which could make a name display as another).
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        check_text(field, raw, Self::MAX, false)?;
        if raw.chars().any(is_bidi_control) {
            return Err(FieldError::new(field, FieldText::BidiControls));
        }
        // Fillers such as U+3164 count as letters but show nothing.
        if !raw.chars().any(|c| c.is_alphanumeric() && !is_invisible(c)) {
            return Err(FieldError::new(field, FieldText::NeedsLetterOrDigit));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Who is calling: established from a valid session, passed to every use case.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user_id: String,
    pub session_id: String,
    pub roles: Roles,
    pub wij_team_id: Option<String>,
    /// When the session began: the caller's last login.
    pub logged_in_at: chrono::NaiveDateTime,
}

impl Caller {
    pub fn is_admin(&self) -> bool {
        self.roles.contains(Role::Admin)
    }

    pub fn is_team_worker(&self) -> bool {
        self.roles.contains(Role::TeamWorker) && self.wij_team_id.is_some()
    }

    /// The team whose rights the caller has, if they are a team worker.
    pub fn team(&self) -> Option<&str> {
        if self.roles.contains(Role::TeamWorker) {
            self.wij_team_id.as_deref()
        } else {
            None
        }
    }

    pub fn is_staff(&self) -> bool {
        self.is_admin() || self.is_team_worker()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert!(Email::parse("email", "Anna@Example.org").is_ok());
        assert_eq!(
            Email::parse("email", "Anna@Example.org").unwrap().key(),
            "anna@example.org"
        );
        for bad in [
            "",
            "anna",
            "@example.org",
            "anna@",
            "anna@org",
            "an na@example.org",
            "anna@.org",
            "anna@example..org",
        ] {
            assert!(
                Email::parse("email", bad).is_err(),
                "{bad:?} should be refused"
            );
        }
        let long = format!("{}@example.org", "a".repeat(250));
        assert!(Email::parse("email", &long).is_err());
    }

    #[test]
    fn display_names() {
        assert!(DisplayName::parse("display_name", "Anna de Vries").is_ok());
        assert!(DisplayName::parse("display_name", " ").is_err());
        assert!(DisplayName::parse("display_name", &"x".repeat(101)).is_err());
        assert!(DisplayName::parse("display_name", &"é".repeat(100)).is_ok());
        assert!(DisplayName::parse("display_name", "李小龙").is_ok());
        assert!(DisplayName::parse("display_name", "R2-D2").is_ok());
        for bad in [
            "\u{200B}\u{200B}\u{200B}",
            "\u{3164}",
            "\u{2800}\u{2800}",
            "---",
            "Anna\u{202E}seirV",
            "\u{2066}Anna\u{2069}",
            "Anna\u{200F}",
            "Anna\u{061C}",
        ] {
            assert!(
                DisplayName::parse("display_name", bad).is_err(),
                "{bad:?} should be refused"
            );
        }
    }

    #[test]
    fn the_schemas_state_the_bounds() {
        let email = serde_json::to_value(Email::schema()).unwrap();
        assert_eq!(email["maxLength"], 254);
        assert_eq!(email["pattern"], Email::pattern());
        let name = serde_json::to_value(DisplayName::schema()).unwrap();
        assert_eq!(
            (name["minLength"].as_u64(), name["maxLength"].as_u64()),
            (Some(1), Some(100))
        );
        assert_eq!(name["pattern"], DisplayName::pattern());
    }

    proptest::proptest! {
        #[test]
        fn names_of_invisible_characters_only_are_refused(
            name in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::char::range('\u{200B}', '\u{200F}'),
                    proptest::char::range('\u{2060}', '\u{206F}'),
                    proptest::char::range('\u{FE00}', '\u{FE0F}'),
                    proptest::strategy::Just(' '),
                    proptest::strategy::Just('\u{3164}'),
                    proptest::strategy::Just('\u{FEFF}'),
                ],
                1..100,
            )
        ) {
            let name: String = name.into_iter().collect();
            proptest::prop_assert!(DisplayName::parse("display_name", &name).is_err());
        }

        #[test]
        fn names_with_a_bidi_control_are_refused(
            before in "[a-zA-Z ]{1,40}",
            control in proptest::sample::select(vec![
                '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}',
                '\u{2067}', '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
            ]),
            after in "[a-zA-Z ]{0,40}",
        ) {
            let name = format!("{before}{control}{after}");
            proptest::prop_assert!(DisplayName::parse("display_name", &name).is_err());
        }

        // The patterns and the parsers accept the same texts (within the length bounds).
        #[test]
        fn email_pattern_and_parser_agree(text in "[a-z@. \\u{0}\\u{a0}é]{0,10}") {
            let pattern = regex::Regex::new(&Email::pattern()).unwrap();
            proptest::prop_assert_eq!(Email::parse("e", &text).is_ok(), pattern.is_match(&text), "{:?}", text);
        }

        #[test]
        fn email_the_pattern_admits_parses(text in proptest::string::string_regex(&Email::pattern()[1..Email::pattern().len() - 1]).unwrap()) {
            proptest::prop_assume!(text.chars().count() <= Email::MAX);
            proptest::prop_assert!(Email::parse("e", &text).is_ok(), "{:?}", text);
        }

        #[test]
        fn display_name_pattern_and_parser_agree(
            text in "[a-zé1 \\-\\u{0}\\u{7}\\u{200B}\\u{202E}\\u{2066}\\u{3164}\\u{FEFF}\\u{10400}\\u{E0041}李]{0,8}"
        ) {
            let pattern = regex::Regex::new(DisplayName::pattern()).unwrap();
            proptest::prop_assert_eq!(
                DisplayName::parse("n", &text).is_ok(),
                pattern.is_match(&text),
                "{:?}",
                text
            );
        }

        #[test]
        fn display_name_the_pattern_admits_parses(text in "\\PC{0,3}[a-zA-Z0-9\\u{C0}-\\u{24F}\\u{4E00}-\\u{4E2F}\\u{10400}-\\u{1044F}\\u{115F}\\u{3164}]\\PC{0,3}") {
            let pattern = regex::Regex::new(DisplayName::pattern()).unwrap();
            proptest::prop_assert_eq!(
                DisplayName::parse("n", &text).is_ok(),
                pattern.is_match(&text),
                "{:?}",
                text
            );
        }
    }
}
