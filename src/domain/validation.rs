//! Field-level validation errors, collected so a client learns every problem at once.

use crate::i18n::{Choices, FieldText};

// The codes live beside the catalogue that implies them; validation speaks them.
pub use crate::i18n::ErrorCode;

/// One invalid field: `field` is the JSON path of the input, `code` the stable reason and
/// `text` the message the API renders in the caller's language.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    pub field: String,
    pub code: ErrorCode,
    pub text: FieldText,
}

/// A field that must name one value of a closed set.
pub fn one_of<T: crate::text_enum::TextEnum>(field: &str, text: &str) -> Result<T, FieldError> {
    T::parse(text).ok_or_else(|| {
        FieldError::new(
            field,
            FieldText::OneOf {
                choices: Choices::of::<T>(),
            },
        )
    })
}

impl FieldError {
    /// A field error whose code is the one its message implies.
    pub fn new(field: &str, text: FieldText) -> Self {
        Self {
            field: field.to_owned(),
            code: text.code(),
            text,
        }
    }
}

/// Collects field errors; `finish` turns them into a validation error if there are any.
#[derive(Debug, Default)]
pub struct Checker {
    errors: Vec<FieldError>,
}

impl Checker {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn fail(&mut self, field: &str, text: FieldText) {
        self.errors.push(FieldError::new(field, text));
    }

    /// Record the error unless `ok`; `text` is only built when needed.
    pub fn check(&mut self, ok: bool, field: &str, text: FieldText) {
        if !ok {
            self.fail(field, text);
        }
    }

    /// Record an error found elsewhere.
    pub fn push(&mut self, error: FieldError) {
        self.errors.push(error);
    }

    /// Record the errors of a parse and keep the value, if any.
    pub fn take<T, E: Into<Invalid>>(&mut self, result: Result<T, E>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.errors.extend(e.into().0);
                None
            }
        }
    }

    /// No error so far.
    pub fn is_clean(&self) -> bool {
        self.errors.is_empty()
    }

    /// The errors found, for a parse that did not complete.
    pub fn into_invalid(self) -> Invalid {
        Invalid(self.errors)
    }

    /// A string of 1..=max Unicode scalar values that is not blank and has no control
    /// characters other than newlines and tabs (when `multiline`).
    pub fn text(&mut self, field: &str, value: &str, max: usize, multiline: bool) {
        if let Err(e) = check_text(field, value, max, multiline) {
            self.errors.push(e);
        }
    }

    /// Every field error found, or none.
    pub fn finish(self) -> Result<(), Invalid> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(Invalid(self.errors))
        }
    }
}

/// Input that failed its checks, field by field (the service layer answers it as a
/// validation error).
#[derive(Debug, Clone, PartialEq)]
pub struct Invalid(pub Vec<FieldError>);

impl From<FieldError> for Invalid {
    fn from(error: FieldError) -> Self {
        Self(vec![error])
    }
}

impl From<Vec<FieldError>> for Invalid {
    fn from(errors: Vec<FieldError>) -> Self {
        Self(errors)
    }
}

/// Builds a value from fields parsed one by one, collecting every field's errors:
/// `parse_fields!(check, NewThing { title: Title::parse("title", &raw.title), … })`.
/// Each expression is a `Result`; the value is built only when every field parsed and the
/// checker holds no error (cross-field rules may add theirs before), else the errors.
#[macro_export]
macro_rules! parse_fields {
    ($check:ident, $ty:ident { $($field:ident: $parse:expr),+ $(,)? }) => {{
        $( let $field = $check.take($parse); )+
        match ($($field,)+) {
            ($(Some($field),)+) if $check.is_clean() => Ok($ty { $($field),+ }),
            _ => Err($check.into_invalid()),
        }
    }};
}

pub fn check_text(field: &str, value: &str, max: usize, multiline: bool) -> Result<(), FieldError> {
    if value.trim().is_empty() {
        return Err(FieldError::new(field, FieldText::Empty));
    }
    if value.chars().count() > max {
        return Err(FieldError::new(field, FieldText::AtMostChars { max }));
    }
    let bad_control = value
        .chars()
        .any(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')));
    if bad_control {
        return Err(FieldError::new(field, FieldText::ControlCharacters));
    }
    Ok(())
}

/// Characters that show nothing by themselves: whitespace, controls, format characters
/// (zero-width, bidi marks, word joiners), variation selectors, tags and fillers. Unicode's
/// Default_Ignorable_Code_Point set plus whitespace, blank fillers and controls.
pub fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'..='\u{1160}'
                | '\u{17B4}'..='\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{2800}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF0}'..='\u{FFF8}'
                | '\u{1BCA0}'..='\u{1BCA3}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// Bidirectional controls: embeddings, overrides, isolates and marks. They can make a
/// name display as something it is not.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_and_bidi_characters() {
        for c in [
            ' ',
            '\u{3000}',
            '\u{200B}',
            '\u{200D}',
            '\u{FEFF}',
            '\u{2066}',
            '\u{E0041}',
        ] {
            assert!(is_invisible(c), "{:04X}", c as u32);
        }
        for c in ['a', 'é', '0', '!', '€', '\u{0627}'] {
            assert!(!is_invisible(c), "{c}");
            assert!(!is_bidi_control(c), "{c}");
        }
        for c in [
            '\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
        ] {
            assert!(is_bidi_control(c) && is_invisible(c), "{:04X}", c as u32);
        }
    }

    #[test]
    fn text_rules() {
        assert!(check_text("f", "ok", 5, false).is_ok());
        assert!(check_text("f", "   ", 5, false).is_err());
        assert!(check_text("f", "abcdef", 5, false).is_err());
        assert!(check_text("f", "ééééé", 5, false).is_ok());
        assert!(check_text("f", "a\u{0}b", 5, false).is_err());
        assert!(check_text("f", "a\nb", 5, false).is_err());
        assert!(check_text("f", "a\nb", 5, true).is_ok());
    }

    #[test]
    fn checker_collects_every_error() {
        let mut c = Checker::new();
        c.check(false, "a", FieldText::Empty);
        c.text("b", "", 3, false);
        match c.finish() {
            Err(Invalid(errors)) => {
                let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
                assert_eq!(fields, ["a", "b"]);
                assert_eq!(errors[1].code, ErrorCode::Required);
            }
            other => panic!("expected validation error, got {other:?}"),
        }
    }
}
