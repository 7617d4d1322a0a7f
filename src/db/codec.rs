//! How typed values live in text columns, on both backends and through the two-backend
//! connection. A status, a mode or a kind is written and read as its `text_enum!` text; a
//! set of codes as its codes joined by commas; a schedule or an availability as the JSON of
//! its wire form. Reading checks again: a column holding a text its type does not accept
//! fails to load instead of turning into a default.

use std::borrow::Cow;

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql};
use diesel::pg::Pg;
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::Text;
use diesel::sqlite::Sqlite;
use diesel::{AsExpression, FromSqlRow};

use super::MultiBackend;
use crate::domain::changes::{ChangeKind, Entity};
use crate::domain::codes::{Code, CodeSet};
use crate::domain::kinds::{PartnerKind, Visibility};
use crate::domain::notices::{Language, Notice, OutboxEvent, OutboxKind};
use crate::domain::schedule::{Availability, Schedule, ScheduleInput, SlotInput};
use crate::domain::status::{HoursStatus, InitiatedBy, MatchStatus, OfferStatus, RequestStatus};
use crate::matching::{ContactPreference, Mode, Urgency};
use crate::text_enum::TextEnum;

/// Why a value could not be written (diesel's own error type for `ToSql`).
type WriteError = Box<dyn std::error::Error + Send + Sync>;

/// A value stored as text: how it is written, and how a stored text is read back.
trait TextColumn: Sized {
    fn to_text(&self) -> Result<Cow<'_, str>, WriteError>;
    fn from_text(text: &str) -> deserialize::Result<Self>;
}

/// A `text_enum!` value is its text.
impl<T: TextEnum> TextColumn for T {
    fn to_text(&self) -> Result<Cow<'_, str>, WriteError> {
        Ok(Cow::Borrowed(self.as_str()))
    }

    fn from_text(text: &str) -> deserialize::Result<Self> {
        T::parse(text)
            .ok_or_else(|| format!("`{text}` is not a {}", std::any::type_name::<T>()).into())
    }
}

impl<T: Code> TextColumn for CodeSet<T> {
    fn to_text(&self) -> Result<Cow<'_, str>, WriteError> {
        Ok(Cow::Owned(self.joined()))
    }

    fn from_text(text: &str) -> deserialize::Result<Self> {
        CodeSet::parse_joined(text).ok_or_else(|| "a stored code set names an unknown code".into())
    }
}

impl TextColumn for Schedule {
    fn to_text(&self) -> Result<Cow<'_, str>, WriteError> {
        Ok(Cow::Owned(serde_json::to_string(
            &ScheduleInput::from_schedule(self),
        )?))
    }

    fn from_text(text: &str) -> deserialize::Result<Self> {
        serde_json::from_str::<ScheduleInput>(text)?
            .parse("schedule")
            .map_err(|_| "a stored schedule has an invalid slot".into())
    }
}

impl TextColumn for Availability {
    fn to_text(&self) -> Result<Cow<'_, str>, WriteError> {
        Ok(Cow::Owned(serde_json::to_string(&self.to_inputs())?))
    }

    fn from_text(text: &str) -> deserialize::Result<Self> {
        let inputs: Vec<SlotInput> = serde_json::from_str(text)?;
        crate::domain::schedule::parse_slots("availability", &inputs)
            .map(Availability)
            .map_err(|_| "a stored availability has an invalid slot".into())
    }
}

/// diesel's expression and row traits, and `ToSql`/`FromSql` for SQLite, PostgreSQL and the
/// two-backend connection, for types that are a [`TextColumn`].
macro_rules! text_columns {
    ($($ty:ty),+ $(,)?) => {
        $(
            const _: () = {
                #[derive(AsExpression, FromSqlRow)]
                #[diesel(foreign_derive, sql_type = Text)]
                #[allow(dead_code)]
                struct Proxy($ty);

                impl ToSql<Text, Sqlite> for $ty {
                    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
                        match self.to_text()? {
                            Cow::Borrowed(text) => out.set_value(text),
                            Cow::Owned(text) => out.set_value(text),
                        }
                        Ok(IsNull::No)
                    }
                }

                impl ToSql<Text, Pg> for $ty {
                    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
                        use std::io::Write;
                        out.write_all(self.to_text()?.as_bytes())?;
                        Ok(IsNull::No)
                    }
                }

                impl ToSql<Text, MultiBackend> for $ty {
                    fn to_sql<'b>(
                        &'b self,
                        out: &mut Output<'b, '_, MultiBackend>,
                    ) -> serialize::Result {
                        out.set_value((Text, self));
                        Ok(IsNull::No)
                    }
                }

                impl FromSql<Text, Sqlite> for $ty {
                    fn from_sql(bytes: <Sqlite as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                        Self::from_text(&<String as FromSql<Text, Sqlite>>::from_sql(bytes)?)
                    }
                }

                impl FromSql<Text, Pg> for $ty {
                    fn from_sql(bytes: <Pg as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                        Self::from_text(&<String as FromSql<Text, Pg>>::from_sql(bytes)?)
                    }
                }

                impl FromSql<Text, MultiBackend> for $ty {
                    fn from_sql(
                        bytes: <MultiBackend as Backend>::RawValue<'_>,
                    ) -> deserialize::Result<Self> {
                        Self::from_text(&<String as FromSql<Text, MultiBackend>>::from_sql(bytes)?)
                    }
                }
            };
        )+
    };
}

text_columns!(
    RequestStatus,
    OfferStatus,
    MatchStatus,
    InitiatedBy,
    HoursStatus,
    Mode,
    Urgency,
    ContactPreference,
    Visibility,
    PartnerKind,
    ChangeKind,
    Entity,
    Language,
    OutboxKind,
    OutboxEvent,
    CodeSet<Notice>,
    CodeSet<String>,
    CodeSet<Mode>,
    Schedule,
    Availability,
);

#[cfg(test)]
mod tests {
    use chrono::NaiveTime;

    use super::*;
    use crate::domain::schedule::WeeklySlot;

    fn slot(weekday: u8, start: u32, end: u32) -> WeeklySlot {
        let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap_or_default();
        WeeklySlot {
            weekday,
            start: t(start),
            end: t(end),
        }
    }

    #[test]
    fn schedules_keep_the_stored_wire_form_and_read_back_unchanged() {
        let weekly = Schedule::Weekly {
            slots: vec![slot(1, 9, 12), slot(5, 14, 16)],
        };
        let text = weekly.to_text().map(Cow::into_owned).unwrap_or_default();
        assert_eq!(
            text,
            r#"{"kind":"weekly","slots":[{"weekday":1,"start":"09:00","end":"12:00"},{"weekday":5,"start":"14:00","end":"16:00"}]}"#
        );
        assert_eq!(Schedule::from_text(&text).ok(), Some(weekly));
        let availability = Availability(vec![slot(3, 8, 10)]);
        let text = availability
            .to_text()
            .map(Cow::into_owned)
            .unwrap_or_default();
        assert_eq!(text, r#"[{"weekday":3,"start":"08:00","end":"10:00"}]"#);
        assert_eq!(Availability::from_text(&text).ok(), Some(availability));
    }

    #[test]
    fn stored_values_the_rules_refuse_fail_to_load() {
        assert!(
            Schedule::from_text(
                r#"{"kind":"weekly","slots":[{"weekday":8,"start":"09:00","end":"10:00"}]}"#
            )
            .is_err()
        );
        assert!(
            Availability::from_text(r#"[{"weekday":1,"start":"10:00","end":"09:00"}]"#).is_err()
        );
        assert!(CodeSet::<Mode>::from_text("one_off,whenever").is_err());
        assert!(RequestStatus::from_text("archived").is_err());
        assert_eq!(
            RequestStatus::Closed.to_text().ok().as_deref(),
            Some("closed")
        );
    }
}
