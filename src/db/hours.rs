//! Hours logged on matches, in hundredths of an hour so sums are exact.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::hours;
use super::{DbConnection, DbResult};
use crate::domain::status::HoursStatus;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = hours, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct HoursRow {
    pub id: String,
    pub match_id: String,
    pub volunteer_id: String,
    pub request_id: String,
    pub date: NaiveDate,
    pub centi_hours: i32,
    pub note: Option<String>,
    pub status: HoursStatus,
    pub confirmed_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub decided_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConnection, row: &HoursRow) -> DbResult<()> {
    diesel::insert_into(hours::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: &str) -> DbResult<Option<HoursRow>> {
    Ok(hours::table
        .find(id)
        .select(HoursRow::as_select())
        .get_result(conn)
        .optional()?)
}

/// Confirm or reject a logged entry; false when it was already decided.
pub fn decide(
    conn: &mut DbConnection,
    id: &str,
    status: HoursStatus,
    by: &str,
    at: NaiveDateTime,
) -> DbResult<bool> {
    Ok(diesel::update(
        hours::table
            .filter(hours::id.eq(id))
            .filter(hours::status.eq(HoursStatus::Logged)),
    )
    .set((
        hours::status.eq(status),
        hours::confirmed_by.eq(Some(by)),
        hours::decided_at.eq(Some(at)),
    ))
    .execute(conn)?
        == 1)
}

/// Which entries a list shows: one match's, or one volunteer's between two dates.
pub enum HoursOf<'a> {
    Match(&'a str),
    Volunteer {
        id: &'a str,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    },
}

/// Entries newest first (by date, then id).
pub fn list(
    conn: &mut DbConnection,
    of: HoursOf<'_>,
    after: Option<(NaiveDate, String)>,
    limit: i64,
) -> DbResult<Vec<HoursRow>> {
    let mut query = hours::table
        .select(HoursRow::as_select())
        .order((hours::date.desc(), hours::id.desc()))
        .limit(limit)
        .into_boxed();
    match of {
        HoursOf::Match(id) => query = query.filter(hours::match_id.eq(id.to_owned())),
        HoursOf::Volunteer { id, from, to } => {
            query = query.filter(hours::volunteer_id.eq(id.to_owned()));
            if let Some(from) = from {
                query = query.filter(hours::date.ge(from));
            }
            if let Some(to) = to {
                query = query.filter(hours::date.le(to));
            }
        }
    }
    if let Some((date, id)) = after {
        query = query.filter(
            hours::date
                .lt(date)
                .or(hours::date.eq(date).and(hours::id.lt(id))),
        );
    }
    Ok(query.load(conn)?)
}

/// A volunteer's confirmed entries between two dates (inclusive), oldest first.
pub fn confirmed_between(
    conn: &mut DbConnection,
    volunteer_id: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> DbResult<Vec<HoursRow>> {
    Ok(hours::table
        .filter(hours::volunteer_id.eq(volunteer_id))
        .filter(hours::status.eq(HoursStatus::Confirmed))
        .filter(hours::date.ge(from))
        .filter(hours::date.le(to))
        .select(HoursRow::as_select())
        .order((hours::date.asc(), hours::id.asc()))
        .load(conn)?)
}

/// Every entry of a volunteer (export).
pub fn all_for_volunteer(conn: &mut DbConnection, volunteer_id: &str) -> DbResult<Vec<HoursRow>> {
    Ok(hours::table
        .filter(hours::volunteer_id.eq(volunteer_id))
        .select(HoursRow::as_select())
        .order((hours::date.desc(), hours::id.desc()))
        .load(conn)?)
}

/// Erasure: the entries stay (they are the request's history), without the free text.
pub fn erase_notes_of(conn: &mut DbConnection, volunteer_id: &str) -> DbResult<()> {
    diesel::update(hours::table.filter(hours::volunteer_id.eq(volunteer_id)))
        .set(hours::note.eq(None::<String>))
        .execute(conn)?;
    Ok(())
}

/// Hundredths of an hour a volunteer has logged on one date, rejected entries left out.
pub fn logged_on(conn: &mut DbConnection, volunteer_id: &str, date: NaiveDate) -> DbResult<i64> {
    let rows: Vec<i32> = hours::table
        .filter(hours::volunteer_id.eq(volunteer_id))
        .filter(hours::date.eq(date))
        .filter(hours::status.ne(HoursStatus::Rejected))
        .select(hours::centi_hours)
        .load(conn)?;
    Ok(rows.into_iter().map(i64::from).sum())
}
