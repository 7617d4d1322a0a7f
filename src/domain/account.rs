//! Account values parsed at the edge: emails, display names, and the authenticated caller.

use super::roles::{Role, Roles};
use super::validation::{FieldError, check_text, is_bidi_control, is_invisible};
use crate::i18n::FieldText;

/// An email address as given (≤ 254 characters), compared case-insensitively via `key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    as_given: String,
}

impl Email {
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let invalid = || FieldError::new(field, FieldText::Email);
        if raw.chars().count() > 254 {
            return Err(FieldError::new(field, FieldText::AtMostChars { max: 254 }));
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
    /// 1–100 characters with at least one letter or digit, and no bidirectional controls
    /// (which could make a name display as another).
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        check_text(field, raw, 100, false)?;
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
    }
}
