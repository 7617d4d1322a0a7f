//! How typed values live in text columns, on both backends and through the two-backend
//! connection. A status, a mode or a kind is written and read as its `text_enum!` text; a
//! column holding an unknown text fails to load instead of turning into a default.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql};
use diesel::pg::Pg;
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::Text;
use diesel::sqlite::Sqlite;
use diesel::{AsExpression, FromSqlRow};

use super::MultiBackend;
use crate::domain::codes::{Code, CodeSet};
use crate::domain::kinds::{PartnerKind, Visibility};
use crate::domain::schedule::{Availability, Schedule, ScheduleInput, SlotInput};
use crate::domain::status::{HoursStatus, InitiatedBy, MatchStatus, OfferStatus, RequestStatus};
use crate::matching::{ContactPreference, Mode, Urgency};

/// Reads a column's text as `T`, refusing texts `T` does not know.
fn parse_column<T>(text: &str) -> deserialize::Result<T>
where
    T: std::str::FromStr<Err = crate::text_enum::UnknownText>,
{
    text.parse::<T>().map_err(Into::into)
}

/// `ToSql`/`FromSql` for SQLite, PostgreSQL and the two-backend connection, and diesel's
/// expression and row traits, for `text_enum!` types.
macro_rules! text_columns {
    ($($ty:ident),+ $(,)?) => {
        $(
            const _: () = {
                #[derive(AsExpression, FromSqlRow)]
                #[diesel(foreign_derive, sql_type = Text)]
                #[allow(dead_code)]
                struct Proxy($ty);

                impl ToSql<Text, Sqlite> for $ty {
                    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
                        out.set_value(self.as_str());
                        Ok(IsNull::No)
                    }
                }

                impl ToSql<Text, Pg> for $ty {
                    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
                        <str as ToSql<Text, Pg>>::to_sql(self.as_str(), out)
                    }
                }

                impl ToSql<Text, MultiBackend> for $ty {
                    fn to_sql<'b>(
                        &'b self,
                        out: &mut Output<'b, '_, MultiBackend>,
                    ) -> serialize::Result {
                        out.set_value((Text, self.as_str()));
                        Ok(IsNull::No)
                    }
                }

                impl FromSql<Text, Sqlite> for $ty {
                    fn from_sql(bytes: <Sqlite as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                        let text = <String as FromSql<Text, Sqlite>>::from_sql(bytes)?;
                        parse_column(&text)
                    }
                }

                impl FromSql<Text, Pg> for $ty {
                    fn from_sql(bytes: <Pg as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                        let text = <String as FromSql<Text, Pg>>::from_sql(bytes)?;
                        parse_column(&text)
                    }
                }

                impl FromSql<Text, MultiBackend> for $ty {
                    fn from_sql(
                        bytes: <MultiBackend as Backend>::RawValue<'_>,
                    ) -> deserialize::Result<Self> {
                        let text = <String as FromSql<Text, MultiBackend>>::from_sql(bytes)?;
                        parse_column(&text)
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
);

/// Reads a stored code set, refusing codes its element type does not know.
fn parse_set<T: Code>(text: &str) -> deserialize::Result<CodeSet<T>> {
    CodeSet::parse_joined(text).ok_or_else(|| "a stored code set names an unknown code".into())
}

/// A code set lives in a text column as its codes joined by commas.
macro_rules! code_set_columns {
    ($($ty:ty),+ $(,)?) => {
        $(
            const _: () = {
                #[derive(AsExpression, FromSqlRow)]
                #[diesel(foreign_derive, sql_type = Text)]
                #[allow(dead_code)]
                struct Proxy($ty);

                impl ToSql<Text, Sqlite> for $ty {
                    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
                        out.set_value(self.joined());
                        Ok(IsNull::No)
                    }
                }

                impl ToSql<Text, Pg> for $ty {
                    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
                        use std::io::Write;
                        out.write_all(self.joined().as_bytes())?;
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
                        parse_set(&<String as FromSql<Text, Sqlite>>::from_sql(bytes)?)
                    }
                }

                impl FromSql<Text, Pg> for $ty {
                    fn from_sql(bytes: <Pg as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                        parse_set(&<String as FromSql<Text, Pg>>::from_sql(bytes)?)
                    }
                }

                impl FromSql<Text, MultiBackend> for $ty {
                    fn from_sql(
                        bytes: <MultiBackend as Backend>::RawValue<'_>,
                    ) -> deserialize::Result<Self> {
                        parse_set(&<String as FromSql<Text, MultiBackend>>::from_sql(bytes)?)
                    }
                }
            };
        )+
    };
}

code_set_columns!(CodeSet<String>, CodeSet<Mode>);

/// A schedule is stored as the JSON of its wire form, and checked again when read.
fn schedule_text(schedule: &Schedule) -> Result<String, serde_json::Error> {
    serde_json::to_string(&ScheduleInput::from_schedule(schedule))
}

fn parse_schedule(text: &str) -> deserialize::Result<Schedule> {
    serde_json::from_str::<ScheduleInput>(text)?
        .parse("schedule")
        .map_err(|_| "a stored schedule has an invalid slot".into())
}

/// Availability is stored as the JSON list of its slots' wire form.
fn availability_text(availability: &Availability) -> Result<String, serde_json::Error> {
    serde_json::to_string(&availability.to_inputs())
}

fn parse_availability(text: &str) -> deserialize::Result<Availability> {
    let inputs: Vec<SlotInput> = serde_json::from_str(text)?;
    crate::domain::schedule::parse_slots("availability", &inputs)
        .map(Availability)
        .map_err(|_| "a stored availability has an invalid slot".into())
}

/// Values stored as JSON text, written and read through the given functions.
macro_rules! json_columns {
    ($($ty:ty => ($to_text:path, $from_text:path)),+ $(,)?) => {
        $(
            const _: () = {
                #[derive(AsExpression, FromSqlRow)]
                #[diesel(foreign_derive, sql_type = Text)]
                #[allow(dead_code)]
                struct Proxy($ty);

                impl ToSql<Text, Sqlite> for $ty {
                    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
                        out.set_value($to_text(self)?);
                        Ok(IsNull::No)
                    }
                }

                impl ToSql<Text, Pg> for $ty {
                    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
                        use std::io::Write;
                        out.write_all($to_text(self)?.as_bytes())?;
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
                        $from_text(&<String as FromSql<Text, Sqlite>>::from_sql(bytes)?)
                    }
                }

                impl FromSql<Text, Pg> for $ty {
                    fn from_sql(bytes: <Pg as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                        $from_text(&<String as FromSql<Text, Pg>>::from_sql(bytes)?)
                    }
                }

                impl FromSql<Text, MultiBackend> for $ty {
                    fn from_sql(
                        bytes: <MultiBackend as Backend>::RawValue<'_>,
                    ) -> deserialize::Result<Self> {
                        $from_text(&<String as FromSql<Text, MultiBackend>>::from_sql(bytes)?)
                    }
                }
            };
        )+
    };
}

json_columns!(
    Schedule => (schedule_text, parse_schedule),
    Availability => (availability_text, parse_availability),
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
        let text = schedule_text(&weekly).unwrap_or_default();
        assert_eq!(
            text,
            r#"{"kind":"weekly","slots":[{"weekday":1,"start":"09:00","end":"12:00"},{"weekday":5,"start":"14:00","end":"16:00"}]}"#
        );
        assert_eq!(parse_schedule(&text).ok(), Some(weekly));
        let availability = Availability(vec![slot(3, 8, 10)]);
        let text = availability_text(&availability).unwrap_or_default();
        assert_eq!(text, r#"[{"weekday":3,"start":"08:00","end":"10:00"}]"#);
        assert_eq!(parse_availability(&text).ok(), Some(availability));
    }

    #[test]
    fn stored_values_the_rules_refuse_fail_to_load() {
        assert!(
            parse_schedule(
                r#"{"kind":"weekly","slots":[{"weekday":8,"start":"09:00","end":"10:00"}]}"#
            )
            .is_err()
        );
        assert!(parse_availability(r#"[{"weekday":1,"start":"10:00","end":"09:00"}]"#).is_err());
        assert!(parse_set::<Mode>("one_off,whenever").is_err());
        assert!(parse_column::<RequestStatus>("archived").is_err());
    }
}
