//! Numbers with bounds (hours, counts, distances) as types: `parse` applies the bound and
//! `schema` states it, so the OpenAPI document and the check cannot drift apart.

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

use super::validation::FieldError;
use crate::i18n::FieldText;

/// Declares a whole number from `MIN` to `MAX`.
macro_rules! bounded_count {
    ($($(#[$doc:meta])* $name:ident { min: $min:expr, max: $max:expr })+) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(i32);

        impl $name {
            pub const MIN: i32 = $min;
            pub const MAX: i32 = $max;

            pub fn parse(field: &str, raw: i64) -> Result<Self, FieldError> {
                i32::try_from(raw)
                    .ok()
                    .filter(|n| (Self::MIN..=Self::MAX).contains(n))
                    .map(Self)
                    .ok_or_else(|| {
                        FieldError::new(
                            field,
                            FieldText::Range { min: Self::MIN.into(), max: Self::MAX.into() },
                        )
                    })
            }

            pub fn get(self) -> i32 {
                self.0
            }

            pub fn schema() -> RefOr<Schema> {
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(Self::MIN))
                    .maximum(Some(Self::MAX))
                    .into()
            }
        }
    )+};
}

/// Declares a number of hours (or km) above 0 and at most `MAX`.
macro_rules! positive_amount {
    ($($(#[$doc:meta])* $name:ident { max: $max:expr })+) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
        pub struct $name(f64);

        impl $name {
            pub const MAX: i32 = $max;

            pub fn parse(field: &str, raw: f64) -> Result<Self, FieldError> {
                if raw.is_finite() && raw > 0.0 && raw <= f64::from(Self::MAX) {
                    Ok(Self(raw))
                } else {
                    Err(FieldError::new(field, FieldText::PositiveUpTo { max: Self::MAX.into() }))
                }
            }

            pub fn get(self) -> f64 {
                self.0
            }

            pub fn schema() -> RefOr<Schema> {
                ObjectBuilder::new()
                    .schema_type(Type::Number)
                    .exclusive_minimum(Some(0))
                    .maximum(Some(Self::MAX))
                    .into()
            }
        }
    )+};
}

bounded_count! {
    /// How many volunteers a request asks for.
    HelpersNeeded { min: 1, max: 50 }
}

positive_amount! {
    /// Hours one occasion of a request takes.
    HoursPerOccasion { max: 24 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_applied_and_stated_alike() {
        assert!(HelpersNeeded::parse("n", 0).is_err());
        assert_eq!(HelpersNeeded::parse("n", 50).unwrap().get(), 50);
        assert!(HelpersNeeded::parse("n", 51).is_err());
        assert!(HelpersNeeded::parse("n", i64::MAX).is_err());
        let schema = serde_json::to_value(HelpersNeeded::schema()).unwrap();
        assert_eq!(
            (schema["minimum"].as_i64(), schema["maximum"].as_i64()),
            (Some(1), Some(50))
        );

        assert!(HoursPerOccasion::parse("h", 0.0).is_err());
        assert!(HoursPerOccasion::parse("h", 24.0).is_ok());
        assert!(HoursPerOccasion::parse("h", 24.01).is_err());
        let schema = serde_json::to_value(HoursPerOccasion::schema()).unwrap();
        assert_eq!(schema["exclusiveMinimum"], 0);
        assert_eq!(schema["maximum"], 24);
    }
}
