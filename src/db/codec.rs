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
