//! The password policy of API.md: 15–128 Unicode scalar values, no composition rules, no
//! trimming; refused when (lowercased) it is a common password, one common password or
//! context word repeated and optionally followed by digits or punctuation, or when it
//! contains the service's name, the city, the email's local part or the display name.

use std::collections::HashSet;

use super::validation::FieldError;

pub const MIN_CHARS: usize = 15;
pub const MAX_CHARS: usize = 128;

/// Django's list of 20,000 common passwords (BSD-3-Clause), see `reference/README.md`.
const COMMON_PASSWORDS: &str = include_str!("../../reference/common-passwords.txt");

/// Words that make a password guessable for this service in particular.
const CONTEXT_WORDS: &[&str] = &["wijkmatch", "groningen", "wij", "wijk", "vrijwilliger"];

/// Always refused as substrings, whatever surrounds them.
const FORBIDDEN_SUBSTRINGS: &[&str] = &["wijkmatch", "groningen"];

/// The policy with its blocklist loaded once.
pub struct PasswordPolicy {
    common: HashSet<String>,
    context: Vec<String>,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        Self::new()
    }
}

impl PasswordPolicy {
    pub fn new() -> Self {
        let common = COMMON_PASSWORDS
            .lines()
            .map(|l| l.trim().to_lowercase())
            .filter(|l| !l.is_empty())
            .collect();
        let mut context: Vec<String> = CONTEXT_WORDS.iter().map(|w| w.to_string()).collect();
        context.extend(
            crate::reference::wijken()
                .iter()
                .flat_map(|w| [Some(w.name), w.former_name])
                .flatten()
                .map(|n| n.to_lowercase()),
        );
        Self { common, context }
    }

    pub fn common_password_count(&self) -> usize {
        self.common.len()
    }

    /// Check `password` for an account with this email local part and display name.
    pub fn check(
        &self,
        field: &str,
        password: &str,
        email_local_part: &str,
        display_name: &str,
    ) -> Result<(), FieldError> {
        let count = password.chars().count();
        if count < MIN_CHARS {
            return Err(FieldError::new(
                field,
                format!("must be at least {MIN_CHARS} characters"),
            ));
        }
        if count > MAX_CHARS {
            return Err(FieldError::new(
                field,
                format!("must be at most {MAX_CHARS} characters"),
            ));
        }
        let lower = password.to_lowercase();
        if self.common.contains(&lower) {
            return Err(FieldError::new(field, "is a commonly used password"));
        }
        if self.is_repeated_word(&lower) {
            return Err(FieldError::new(
                field,
                "is a common word or password repeated; choose something less predictable",
            ));
        }
        for word in FORBIDDEN_SUBSTRINGS {
            if lower.contains(word) {
                return Err(FieldError::new(field, format!("must not contain `{word}`")));
            }
        }
        for (what, personal) in [
            ("your email name", email_local_part),
            ("your name", display_name),
        ] {
            let personal = personal.trim().to_lowercase();
            if personal.chars().count() >= 4 && lower.contains(&personal) {
                return Err(FieldError::new(field, format!("must not contain {what}")));
            }
        }
        Ok(())
    }

    /// True when `lower`, without trailing digits or punctuation, is one list entry or
    /// context word repeated one or more times (`passwordpassword`, `dragon12345678901`).
    fn is_repeated_word(&self, lower: &str) -> bool {
        let base = lower.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_ascii_punctuation());
        let chars: Vec<char> = base.chars().collect();
        if chars.is_empty() {
            // only digits and punctuation: a repetition of a digit string if periodic
            return false;
        }
        let n = chars.len();
        (1..=n).filter(|d| n % d == 0).any(|d| {
            let unit = &chars[..d];
            let periodic = chars.chunks(d).all(|chunk| chunk == unit);
            if !periodic {
                return false;
            }
            let word: String = unit.iter().collect();
            self.common.contains(&word) || self.context.contains(&word)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(pw: &str) -> Result<(), FieldError> {
        PasswordPolicy::new().check("password", pw, "anna.devries", "Anna de Vries")
    }

    #[test]
    fn the_bundled_list_is_large() {
        assert!(PasswordPolicy::new().common_password_count() >= 19_000);
    }

    #[test]
    fn accepts_long_unusual_passphrases() {
        assert!(check("paarse koffie op de fiets").is_ok());
        assert!(check("correct horse battery staple").is_ok());
        assert!(check("zeventien ëenden!").is_ok());
    }

    #[test]
    fn length_counts_unicode_scalar_values_without_trimming() {
        assert!(check("kort maar fijn").is_err(), "14 characters");
        assert!(check("kort maar fijn!").is_ok(), "15 characters");
        assert!(check(" kort maar fijn").is_ok(), "a leading space counts");
        assert!(
            check("ééééé üüüüü öö").is_err(),
            "14 characters, more bytes"
        );
        assert!(check(&"bloemkool ".repeat(12)).is_ok(), "120 characters");
        assert!(
            check(&"bloemkool!".repeat(13)[..128]).is_ok(),
            "128 characters"
        );
        assert!(check(&"a1b2c3d4e5".repeat(13)).is_err(), "130 characters");
    }

    #[test]
    fn refuses_common_and_repeated_and_contextual_passwords() {
        for bad in [
            "passwordpassword",
            "PasswordPassword",
            "passwordpassword123",
            "password1234567890",
            "dragondragondragon!!",
            "qwertyqwertyqwerty",
            "wijkwijkwijkwijk",
            "mijnwijkmatchaccount",
            "ikwooninGroningen2026",
            "anna.devries-is-great",
            "ik ben anna de vries!",
            "centrumcentrumcentrum",
        ] {
            assert!(check(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn short_personal_parts_are_not_checked() {
        let policy = PasswordPolicy::new();
        assert!(
            policy
                .check("password", "bob loves tulips a lot", "bob", "Bob")
                .is_ok()
        );
    }
}
