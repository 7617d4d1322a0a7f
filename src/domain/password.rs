//! The password policy of the API contract: 15–128 Unicode scalar values, no composition rules, no
//! trimming; refused when it is only whitespace or invisible characters, or (lowercased) a
//! common password, a short unit repeated (`000000000000000`, `abc123abc123abc123`), one
//! common password or context word repeated and optionally followed by digits or
//! punctuation, a run of neighbouring characters or keys (`123456789012345`,
//! `qwertyuiopasdfg`), or when it contains the service's name, the city, the email's local
//! part or the display name.

use std::collections::HashSet;
use std::sync::OnceLock;

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

use super::text::char_class;
use super::validation::{FieldError, is_invisible};
use crate::i18n::FieldText;

pub const MIN_CHARS: usize = 15;
pub const MAX_CHARS: usize = 128;

/// Django's list of 20,000 common passwords (BSD-3-Clause), see `reference/README.md`.
const COMMON_PASSWORDS: &str = include_str!("../../reference/common-passwords.txt");

/// Words that make a password guessable for this service in particular.
const CONTEXT_WORDS: &[&str] = &["wijkmatch", "groningen", "wij", "wijk", "vrijwilliger"];

/// Always refused as substrings, whatever surrounds them.
const FORBIDDEN_SUBSTRINGS: &[&str] = &["wijkmatch", "groningen"];

/// Orders in which neighbours are easy to type: the alphabet, digits (as on the keyboard,
/// 0 after 9) and keyboard rows (qwerty, qwertz, azerty). Each wraps around.
const SEQUENCES: &[&str] = &[
    "abcdefghijklmnopqrstuvwxyz",
    "1234567890",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "qwertzuiop",
    "yxcvbnm",
    "azertyuiop",
    "qsdfghjklm",
    "wxcvbn",
];

/// What a schema can say of a new password: its length, and one character that shows.
/// The rest of the policy (common, repeated, sequential or personal passwords) no pattern
/// can state; the operations' descriptions name it.
pub fn pattern() -> &'static str {
    static PATTERN: OnceLock<String> = OnceLock::new();
    PATTERN.get_or_init(|| format!("^[\\s\\S]*[^{}][\\s\\S]*$", char_class(is_invisible)))
}

pub fn schema() -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .min_length(Some(MIN_CHARS))
        .max_length(Some(MAX_CHARS))
        .pattern(Some(pattern()))
        .description(Some(
            "Refused also when common (a list of 20,000), a short unit repeated, a run of \
             neighbouring keys, or when it contains the service's name, the city, the email's \
             local part or the display name.",
        ))
        .into()
}

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
                FieldText::PasswordTooShort { min: MIN_CHARS },
            ));
        }
        if count > MAX_CHARS {
            return Err(FieldError::new(
                field,
                FieldText::PasswordTooLong { max: MAX_CHARS },
            ));
        }
        if password.chars().all(is_invisible) {
            return Err(FieldError::new(field, FieldText::PasswordInvisible));
        }
        let lower = password.to_lowercase();
        if self.common.contains(&lower) {
            return Err(FieldError::new(field, FieldText::PasswordCommon));
        }
        if has_short_period(&lower) {
            return Err(FieldError::new(field, FieldText::PasswordRepeats));
        }
        if self.is_repeated_word(&lower) {
            return Err(FieldError::new(field, FieldText::PasswordRepeatedWord));
        }
        if is_sequence(&lower) {
            return Err(FieldError::new(field, FieldText::PasswordSequence));
        }
        for word in FORBIDDEN_SUBSTRINGS {
            if lower.contains(word) {
                return Err(FieldError::new(
                    field,
                    FieldText::PasswordContainsWord { word },
                ));
            }
        }
        for (text, personal) in [
            (FieldText::PasswordContainsEmail, email_local_part),
            (FieldText::PasswordContainsName, display_name),
        ] {
            let personal = personal.trim().to_lowercase();
            if personal.chars().count() >= 4 && lower.contains(&personal) {
                return Err(FieldError::new(field, text));
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

/// True when `lower` is one unit shorter than the minimum length repeated at least twice
/// (the last repeat may be cut short): it is no stronger than that unit.
fn has_short_period(lower: &str) -> bool {
    let chars: Vec<char> = lower.chars().collect();
    let n = chars.len();
    (1..MIN_CHARS)
        .take_while(|d| 2 * d <= n)
        .any(|d| (d..n).all(|i| chars[i] == chars[i - d]))
}

/// True when `lower` is at most two runs in which each character repeats the one before it
/// or is its neighbour in one of [`SEQUENCES`] (either way), e.g. `123456789012345`,
/// `abcdefghijklmno`, `qwertyuiop12345`.
fn is_sequence(lower: &str) -> bool {
    let chars: Vec<char> = lower.chars().collect();
    let breaks = chars
        .windows(2)
        .filter(|pair| !(pair[0] == pair[1] || are_neighbours(pair[0], pair[1])))
        .count();
    breaks <= 1
}

fn are_neighbours(a: char, b: char) -> bool {
    SEQUENCES.iter().any(|seq| {
        let keys: Vec<char> = seq.chars().collect();
        let n = keys.len();
        match (
            keys.iter().position(|&k| k == a),
            keys.iter().position(|&k| k == b),
        ) {
            (Some(i), Some(j)) => (i + 1) % n == j || (j + 1) % n == i,
            _ => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> &'static PasswordPolicy {
        static POLICY: std::sync::OnceLock<PasswordPolicy> = std::sync::OnceLock::new();
        POLICY.get_or_init(PasswordPolicy::new)
    }

    fn check(pw: &str) -> Result<(), FieldError> {
        policy().check("password", pw, "anna.devries", "Anna de Vries")
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
        let long = "de bloemkool van oom kees staat al drie weken in de schuur naast de fiets, \
                    en niemand weet waarom hij daar nog steeds op de plank ligt te wachten!";
        assert!(check(&long[..120]).is_ok(), "120 characters");
        assert!(check(&long[..128]).is_ok(), "128 characters");
        assert!(
            check(&format!("{}?!", &long[..128])).is_err(),
            "130 characters"
        );
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
    fn refuses_repeated_units_sequences_and_invisible_passwords() {
        for bad in [
            "000000000000000",
            "abc123abc123abc123",
            "abc123abc123abc12",
            "xyzxyzxyzxyzxyz!!",
            "123456789012345",
            "987654321098765",
            "abcdefghijklmno",
            "onmlkjihgfedcba",
            "qwertyuiopasdfg",
            "qwertyuiop12345",
            "asdfghjkllkjhgfdsa",
            "azertyuiopazerty",
            "               ",
            &"\u{200B}".repeat(15),
            &"\u{3000}\u{200D}\u{FEFF}".repeat(5),
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

    proptest::proptest! {
        #[test]
        fn a_short_unit_repeated_is_refused(unit in "\\PC{1,7}", extra in 0usize..7) {
            let unit: Vec<char> = unit.chars().collect();
            let len = (MIN_CHARS + extra).max(2 * unit.len());
            let pw: String = unit.iter().cycle().take(len).collect();
            proptest::prop_assert!(check(&pw).is_err(), "{:?}", pw);
        }

        #[test]
        fn a_run_of_digits_or_letters_is_refused(
            start in 0usize..36,
            len in MIN_CHARS..=MAX_CHARS,
            descending in proptest::bool::ANY,
        ) {
            let seq: Vec<char> = if start < 10 {
                "1234567890".chars().collect()
            } else {
                "abcdefghijklmnopqrstuvwxyz".chars().collect()
            };
            let start = start % seq.len();
            let mut pw: Vec<char> = (0..len).map(|i| seq[(start + i) % seq.len()]).collect();
            if descending {
                pw.reverse();
            }
            let pw: String = pw.into_iter().collect();
            proptest::prop_assert!(check(&pw).is_err(), "{:?}", pw);
        }

        #[test]
        fn whitespace_and_invisible_only_is_refused(
            pw in proptest::collection::vec(
                proptest::sample::select(vec![
                    ' ', '\t', '\u{00A0}', '\u{2003}', '\u{3000}', '\u{200B}', '\u{200C}',
                    '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{180E}', '\u{3164}', '\u{E0020}',
                ]),
                MIN_CHARS..=MAX_CHARS,
            )
        ) {
            let pw: String = pw.into_iter().collect();
            proptest::prop_assert!(check(&pw).is_err());
        }

        // "Not only invisible characters" is what the pattern says, exactly.
        #[test]
        fn the_pattern_admits_what_is_not_all_invisible(
            pw in proptest::collection::vec(
                proptest::sample::select(vec![
                    ' ', '\t', 'a', '\u{00A0}', '\u{00AD}', '\u{3000}', '\u{200B}', '\u{2800}',
                    '\u{FEFF}', '\u{3164}', '\u{E0020}', '\u{E1000}', '\u{1D173}', '李',
                ]),
                0..6,
            )
        ) {
            let pw: String = pw.into_iter().collect();
            let regex = regex::Regex::new(pattern()).unwrap();
            proptest::prop_assert_eq!(regex.is_match(&pw), !pw.chars().all(is_invisible), "{:?}", pw);
        }
    }
}
