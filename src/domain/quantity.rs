//! Numbers with bounds (hours, counts, distances) as types: `parse` applies the bound and
//! `schema` states it, so the OpenAPI document and the check cannot drift apart.

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use super::validation::FieldError;
use crate::i18n::FieldText;

/// A whole number as JSON Schema's `integer` admits it: `2` and `2.0` alike (serde's `i64`
/// refuses the second, which a client following the schema may send). Numbers beyond `i64`
/// saturate, so the bound check that follows names them out of range.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WholeNumber(pub i64);

impl<'de> Deserialize<'de> for WholeNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Whole;

        impl Visitor<'_> for Whole {
            type Value = WholeNumber;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a whole number")
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<WholeNumber, E> {
                Ok(WholeNumber(v))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<WholeNumber, E> {
                Ok(WholeNumber(i64::try_from(v).unwrap_or(i64::MAX)))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<WholeNumber, E> {
                if v.is_finite() && v.fract() == 0.0 {
                    // `as` saturates at the ends of i64.
                    Ok(WholeNumber(v as i64))
                } else {
                    Err(E::invalid_type(de::Unexpected::Float(v), &self))
                }
            }
        }

        deserializer.deserialize_any(Whole)
    }
}

/// `#[serde(deserialize_with = "whole_number")]` on an `i64` field: see [`WholeNumber`].
pub fn whole_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    WholeNumber::deserialize(deserializer).map(|n| n.0)
}

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

/// Declares a number (of km or hours) from `MIN` to `MAX`, both included.
macro_rules! bounded_amount {
    ($($(#[$doc:meta])* $name:ident { min: $min:expr, max: $max:expr })+) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
        pub struct $name(f64);

        impl $name {
            pub const MIN: i32 = $min;
            pub const MAX: i32 = $max;

            pub fn parse(field: &str, raw: f64) -> Result<Self, FieldError> {
                if raw.is_finite() && (f64::from(Self::MIN)..=f64::from(Self::MAX)).contains(&raw) {
                    Ok(Self(raw))
                } else {
                    Err(FieldError::new(
                        field,
                        FieldText::Range { min: Self::MIN.into(), max: Self::MAX.into() },
                    ))
                }
            }

            pub fn get(self) -> f64 {
                self.0
            }

            pub fn schema() -> RefOr<Schema> {
                ObjectBuilder::new()
                    .schema_type(Type::Number)
                    .minimum(Some(Self::MIN))
                    .maximum(Some(Self::MAX))
                    .into()
            }
        }
    )+};
}

bounded_count! {
    /// How many volunteers a request asks for.
    HelpersNeeded { min: 1, max: 50 }
    /// How many confirmed matches an offer takes at once.
    MaxMatches { min: 1, max: 50 }
}

positive_amount! {
    /// Hours one occasion of a request takes.
    HoursPerOccasion { max: 24 }
    /// Hours a week an offer gives.
    HoursPerWeek { max: 80 }
}

bounded_amount! {
    /// How far a volunteer travels from their home wijk, in km.
    RadiusKm { min: 0, max: 100 }
    /// Hours a week a volunteer has; 0 while they take a break.
    WeeklyHours { min: 0, max: 80 }
}

/// Hours logged for one day: more than 0, at most 24, in hundredths (stored as a whole
/// number of hundredths, so sums are exact).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LoggedHours(i32);

impl LoggedHours {
    /// A day's hours, in hundredths.
    pub const MAX_CENTI: i32 = 2400;

    pub fn parse(field: &str, raw: f64) -> Result<Self, FieldError> {
        Self::from_hours(raw).ok_or_else(|| FieldError::new(field, FieldText::HoursPerDay))
    }

    /// Hours as hundredths, if they are more than 0, at most 24 and have at most two
    /// decimals.
    fn from_hours(hours: f64) -> Option<Self> {
        if !hours.is_finite() || hours <= 0.0 || hours > 24.0 {
            return None;
        }
        let centi = (hours * 100.0).round();
        ((hours * 100.0 - centi).abs() < 1e-6).then_some(Self(centi as i32))
    }

    pub fn centi(self) -> i32 {
        self.0
    }

    /// More than 0, at most 24, a multiple of 0.01.
    pub fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Number)
            .exclusive_minimum(Some(0))
            .maximum(Some(24))
            .multiple_of(Some(0.01))
            .into()
    }
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

    #[test]
    fn whole_numbers_may_be_written_as_integral_floats() {
        let whole = |json: &str| serde_json::from_str::<WholeNumber>(json).map(|n| n.0);
        assert_eq!(whole("2").unwrap(), 2);
        assert_eq!(whole("2.0").unwrap(), 2);
        assert_eq!(whole("-0.0").unwrap(), 0);
        assert_eq!(whole("1e300").unwrap(), i64::MAX);
        assert_eq!(whole("18446744073709551615").unwrap(), i64::MAX);
        assert!(whole("2.5").is_err());
        assert!(whole("\"2\"").is_err());
        assert!(whole("null").is_err());
    }

    #[test]
    fn amounts_include_both_bounds() {
        assert_eq!(RadiusKm::parse("km", 0.0).unwrap().get(), 0.0);
        assert!(RadiusKm::parse("km", 100.0).is_ok());
        assert!(RadiusKm::parse("km", 100.5).is_err());
        assert!(RadiusKm::parse("km", -0.1).is_err());
        assert!(RadiusKm::parse("km", f64::NAN).is_err());
        assert!(WeeklyHours::parse("h", 0.0).is_ok());
        assert!(HoursPerWeek::parse("h", 0.0).is_err());
        let schema = serde_json::to_value(RadiusKm::schema()).unwrap();
        assert_eq!(
            (&schema["minimum"], &schema["maximum"]),
            (&0.into(), &100.into())
        );
        assert_eq!(
            RadiusKm::parse("km", 101.0).unwrap_err().code,
            crate::i18n::ErrorCode::OutOfRange
        );
    }

    #[test]
    fn logged_hours_have_at_most_two_decimals_and_a_day_at_most() {
        let centi = |h: f64| LoggedHours::parse("hours", h).ok().map(LoggedHours::centi);
        assert_eq!(centi(1.5), Some(150));
        assert_eq!(centi(0.01), Some(1));
        assert_eq!(centi(24.0), Some(2400));
        assert_eq!(centi(2.33), Some(233));
        for bad in [0.0, -1.0, 24.01, 1.234, f64::NAN, f64::INFINITY] {
            assert_eq!(centi(bad), None, "{bad}");
        }
        let schema = serde_json::to_value(LoggedHours::schema()).unwrap();
        assert_eq!(schema["multipleOf"], 0.01);
        assert_eq!(schema["exclusiveMinimum"], 0);
    }

    proptest::proptest! {
        // Every amount the schema admits (a multiple of 0.01 in (0, 24]) parses, exactly.
        #[test]
        fn every_two_decimal_amount_parses(centi in 1i32..=2400) {
            let hours = f64::from(centi) / 100.0;
            proptest::prop_assert_eq!(
                LoggedHours::parse("hours", hours).map(LoggedHours::centi),
                Ok(centi)
            );
        }
    }
}
