//! Key figures (sleutelfiguren), recorded with consent.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::key_figures;
use super::{DbConnection, DbResult};
use crate::domain::kinds::Visibility;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = key_figures, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct KeyFigureRow {
    pub id: String,
    pub name: String,
    pub description: String,
    pub organisation: String,
    pub wijk_code: String,
    pub connects: String,
    pub contact: String,
    pub visibility: Visibility,
    pub consent_given_at: NaiveDateTime,
    pub consent_recorded_by: Option<String>,
    pub recorded_by_user_id: Option<String>,
    pub is_demo: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = key_figures)]
pub struct KeyFigureChangeset<'a> {
    pub name: Option<&'a str>,
    pub description: Option<&'a str>,
    pub organisation: Option<&'a str>,
    pub wijk_code: Option<&'a str>,
    pub connects: Option<&'a str>,
    pub contact: Option<&'a str>,
    pub visibility: Option<Visibility>,
    pub consent_given_at: Option<NaiveDateTime>,
    pub consent_recorded_by: Option<Option<&'a str>>,
    pub updated_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConnection, row: &KeyFigureRow) -> DbResult<()> {
    diesel::insert_into(key_figures::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: &str) -> DbResult<Option<KeyFigureRow>> {
    Ok(key_figures::table
        .find(id)
        .select(KeyFigureRow::as_select())
        .get_result(conn)
        .optional()?)
}

pub fn update(
    conn: &mut DbConnection,
    id: &str,
    changes: &KeyFigureChangeset<'_>,
) -> DbResult<usize> {
    Ok(diesel::update(key_figures::table.find(id))
        .set(changes)
        .execute(conn)?)
}

pub fn delete(conn: &mut DbConnection, id: &str) -> DbResult<usize> {
    Ok(diesel::delete(key_figures::table.find(id)).execute(conn)?)
}

/// Newest first, then id; `public_only` hides team-only records.
pub fn list(
    conn: &mut DbConnection,
    wijk_code: Option<&str>,
    public_only: bool,
    after: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> DbResult<Vec<KeyFigureRow>> {
    let mut query = key_figures::table
        .select(KeyFigureRow::as_select())
        .order((key_figures::created_at.desc(), key_figures::id.desc()))
        .limit(limit)
        .into_boxed();
    if let Some(wijk) = wijk_code {
        query = query.filter(key_figures::wijk_code.eq(wijk.to_owned()));
    }
    if public_only {
        query = query.filter(key_figures::visibility.eq(Visibility::Public));
    }
    if let Some((at, id)) = after {
        query = query.filter(
            key_figures::created_at
                .lt(at)
                .or(key_figures::created_at.eq(at).and(key_figures::id.lt(id))),
        );
    }
    Ok(query.load(conn)?)
}

/// A key figure as the social map lists it.
#[derive(Debug, Clone, Queryable)]
pub struct MapKeyFigure {
    pub id: String,
    pub name: String,
    pub organisation: String,
    pub connects: String,
}

/// Every key figure of a wijk (a handful), whatever its visibility.
pub fn in_wijk(conn: &mut DbConnection, wijk_code: &str) -> DbResult<Vec<MapKeyFigure>> {
    Ok(key_figures::table
        .filter(key_figures::wijk_code.eq(wijk_code.to_owned()))
        .select((
            key_figures::id,
            key_figures::name,
            key_figures::organisation,
            key_figures::connects,
        ))
        .order(key_figures::id)
        .load(conn)?)
}
