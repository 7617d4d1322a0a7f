//! Field-level validation errors, collected so a client learns every problem at once.

use serde::Serialize;
use utoipa::ToSchema;

/// One invalid field: `field` is the JSON path of the input, `message` says why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            message: message.into(),
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

    pub fn fail(&mut self, field: &str, message: impl Into<String>) {
        self.errors.push(FieldError::new(field, message));
    }

    pub fn check(&mut self, ok: bool, field: &str, message: impl Into<String>) {
        if !ok {
            self.fail(field, message);
        }
    }

    /// Record the error of a parse and keep the value, if any.
    pub fn take<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.errors.push(e);
                None
            }
        }
    }

    /// A string of 1..=max Unicode scalar values that is not blank and has no control
    /// characters other than newlines and tabs (when `multiline`).
    pub fn text(&mut self, field: &str, value: &str, max: usize, multiline: bool) {
        if let Err(e) = check_text(field, value, max, multiline) {
            self.errors.push(e);
        }
    }

    pub fn finish(self) -> Result<(), crate::error::AppError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(crate::error::AppError::Validation(self.errors))
        }
    }
}

pub fn check_text(field: &str, value: &str, max: usize, multiline: bool) -> Result<(), FieldError> {
    if value.trim().is_empty() {
        return Err(FieldError::new(field, "must not be empty"));
    }
    if value.chars().count() > max {
        return Err(FieldError::new(field, format!("at most {max} characters")));
    }
    let bad_control = value
        .chars()
        .any(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')));
    if bad_control {
        return Err(FieldError::new(
            field,
            "must not contain control characters",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        c.check(false, "a", "bad");
        c.text("b", "", 3, false);
        match c.finish() {
            Err(crate::error::AppError::Validation(errors)) => {
                let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
                assert_eq!(fields, ["a", "b"]);
            }
            other => panic!("expected validation error, got {other:?}"),
        }
    }
}
