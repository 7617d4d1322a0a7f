//! Weekly availability, modes of helping, and a volunteer's contact preference.

use chrono::{DateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::validation::FieldError;
use crate::i18n::FieldText;

pub const MAX_SLOTS: usize = 50;

/// A weekly time slot in Europe/Amsterdam local time, as it travels on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SlotInput {
    /// ISO weekday: 1 = Monday … 7 = Sunday.
    #[serde(deserialize_with = "super::quantity::whole_number")]
    #[schema(minimum = 1, maximum = 7)]
    pub weekday: i64,
    /// "HH:MM"
    #[schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub start: String,
    /// "HH:MM", after `start` (a rule between two fields, which the schema cannot state).
    #[schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub end: String,
}

/// A checked weekly slot: the engine's own type.
pub use crate::matching::{Schedule, WeeklySlot};

fn parse_hhmm(raw: &str) -> Option<NaiveTime> {
    if raw.len() != 5 || raw.as_bytes()[2] != b':' {
        return None;
    }
    NaiveTime::parse_from_str(raw, "%H:%M").ok()
}

impl WeeklySlot {
    pub fn parse(field: &str, input: &SlotInput) -> Result<Self, FieldError> {
        if !(1..=7).contains(&input.weekday) {
            return Err(FieldError::new(
                &format!("{field}.weekday"),
                FieldText::Weekday,
            ));
        }
        let start = parse_hhmm(&input.start)
            .ok_or_else(|| FieldError::new(&format!("{field}.start"), FieldText::Time))?;
        let end = parse_hhmm(&input.end)
            .ok_or_else(|| FieldError::new(&format!("{field}.end"), FieldText::Time))?;
        if start >= end {
            return Err(FieldError::new(
                &format!("{field}.end"),
                FieldText::EndAfterStart,
            ));
        }
        Ok(Self {
            weekday: input.weekday as u8,
            start,
            end,
        })
    }

    pub fn to_input(self) -> SlotInput {
        SlotInput {
            weekday: i64::from(self.weekday),
            start: self.start.format("%H:%M").to_string(),
            end: self.end.format("%H:%M").to_string(),
        }
    }
}

/// Parse a list of slots (at most 50), collecting the first error per slot.
pub fn parse_slots(field: &str, inputs: &[SlotInput]) -> Result<Vec<WeeklySlot>, Vec<FieldError>> {
    if inputs.len() > MAX_SLOTS {
        return Err(vec![FieldError::new(
            field,
            FieldText::TooManySlots { max: MAX_SLOTS },
        )]);
    }
    let mut errors = Vec::new();
    let mut slots = Vec::with_capacity(inputs.len());
    for (i, input) in inputs.iter().enumerate() {
        match WeeklySlot::parse(&format!("{field}[{i}]"), input) {
            Ok(s) => slots.push(s),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(slots)
    } else {
        Err(errors)
    }
}

/// When help is needed, as it travels on the wire and as it is stored; absent means any
/// time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ScheduleInput {
    /// 1–50 weekly slots in Europe/Amsterdam local time.
    Weekly {
        #[schema(min_items = 1, max_items = 50)]
        slots: Vec<SlotInput>,
    },
    /// One occasion; `ends_at` after `starts_at` (RFC 3339).
    Once {
        starts_at: DateTime<Utc>,
        ends_at: DateTime<Utc>,
    },
}

impl ScheduleInput {
    /// The checked schedule: at least one weekly slot, each valid, or a window that ends
    /// after it starts; every field error otherwise.
    pub fn parse(&self, field: &str) -> Result<Schedule, Vec<FieldError>> {
        Ok(match self {
            Self::Weekly { slots } if slots.is_empty() => {
                return Err(vec![FieldError::new(
                    &format!("{field}.slots"),
                    FieldText::AtLeastOneSlot,
                )]);
            }
            Self::Weekly { slots } => Schedule::Weekly {
                slots: parse_slots(&format!("{field}.slots"), slots)?,
            },
            Self::Once { starts_at, ends_at } if ends_at <= starts_at => {
                return Err(vec![FieldError::new(
                    &format!("{field}.ends_at"),
                    FieldText::EndsAfterStarts,
                )]);
            }
            Self::Once { starts_at, ends_at } => Schedule::Once {
                starts_at: *starts_at,
                ends_at: *ends_at,
            },
        })
    }

    pub fn from_schedule(schedule: &Schedule) -> Self {
        match schedule {
            Schedule::Weekly { slots } => Self::Weekly {
                slots: slots.iter().map(|s| s.to_input()).collect(),
            },
            Schedule::Once { starts_at, ends_at } => Self::Once {
                starts_at: *starts_at,
                ends_at: *ends_at,
            },
        }
    }
}

/// A volunteer's or an offer's weekly availability; empty means any time.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Availability(pub Vec<WeeklySlot>);

impl Availability {
    pub fn slots(&self) -> &[WeeklySlot] {
        &self.0
    }

    pub fn to_inputs(&self) -> Vec<SlotInput> {
        self.0.iter().map(|s| s.to_input()).collect()
    }
}

// The engine owns the vocabulary it matches on; the API uses the same types.
pub use crate::matching::{ContactPreference, Mode, Urgency};

crate::text_enum_schema!(Mode, Urgency, ContactPreference);

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(weekday: i64, start: &str, end: &str) -> SlotInput {
        SlotInput {
            weekday,
            start: start.into(),
            end: end.into(),
        }
    }

    #[test]
    fn slots_are_checked_field_by_field() {
        assert!(WeeklySlot::parse("s", &slot(1, "09:00", "12:30")).is_ok());
        assert_eq!(
            WeeklySlot::parse("s", &slot(0, "09:00", "10:00"))
                .unwrap_err()
                .field,
            "s.weekday"
        );
        assert_eq!(
            WeeklySlot::parse("s", &slot(8, "09:00", "10:00"))
                .unwrap_err()
                .field,
            "s.weekday"
        );
        assert_eq!(
            WeeklySlot::parse("s", &slot(1, "9:00", "10:00"))
                .unwrap_err()
                .field,
            "s.start"
        );
        assert_eq!(
            WeeklySlot::parse("s", &slot(1, "09:00", "24:00"))
                .unwrap_err()
                .field,
            "s.end"
        );
        assert_eq!(
            WeeklySlot::parse("s", &slot(1, "10:00", "10:00"))
                .unwrap_err()
                .field,
            "s.end"
        );
        assert_eq!(
            WeeklySlot::parse("s", &slot(1, "11:00", "10:00"))
                .unwrap_err()
                .field,
            "s.end"
        );
        let many: Vec<_> = (0..51).map(|_| slot(1, "09:00", "10:00")).collect();
        assert!(parse_slots("availability", &many).is_err());
        let errs = parse_slots(
            "availability",
            &[slot(1, "09:00", "10:00"), slot(9, "x", "y")],
        )
        .unwrap_err();
        assert_eq!(errs[0].field, "availability[1].weekday");
    }

    #[test]
    fn slots_round_trip() {
        let s = WeeklySlot::parse("s", &slot(7, "18:05", "21:00")).unwrap();
        assert_eq!(s.to_input(), slot(7, "18:05", "21:00"));
    }
}
