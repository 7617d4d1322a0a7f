//! Initiatives, their themes and their coordinators.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{initiative_coordinators, initiative_themes, initiatives, users};
use super::{DbConnection, DbResult};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = initiatives, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct InitiativeRow {
    pub id: String,
    pub name: String,
    pub description: String,
    pub wijk_code: String,
    pub address: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub contact_email: Option<String>,
    pub website: Option<String>,
    pub search_text: String,
    pub is_demo: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = initiatives)]
pub struct NewInitiative<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub wijk_code: &'a str,
    pub address: Option<&'a str>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub contact_email: Option<&'a str>,
    pub website: Option<&'a str>,
    pub search_text: &'a str,
    pub is_demo: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = initiatives)]
pub struct InitiativeChangeset<'a> {
    pub name: Option<&'a str>,
    pub description: Option<&'a str>,
    pub wijk_code: Option<&'a str>,
    pub address: Option<Option<&'a str>>,
    pub lat: Option<Option<f64>>,
    pub lon: Option<Option<f64>>,
    pub contact_email: Option<Option<&'a str>>,
    pub website: Option<Option<&'a str>>,
    pub search_text: Option<&'a str>,
    pub updated_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConnection, row: &NewInitiative<'_>, themes: &[&str]) -> DbResult<()> {
    diesel::insert_into(initiatives::table)
        .values(row)
        .execute(conn)?;
    set_themes(conn, row.id, themes)
}

pub fn set_themes(conn: &mut DbConnection, id: &str, themes: &[&str]) -> DbResult<()> {
    diesel::delete(initiative_themes::table.filter(initiative_themes::initiative_id.eq(id)))
        .execute(conn)?;
    for theme in themes {
        diesel::insert_into(initiative_themes::table)
            .values((
                initiative_themes::initiative_id.eq(id),
                initiative_themes::theme.eq(*theme),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn update(
    conn: &mut DbConnection,
    id: &str,
    changes: &InitiativeChangeset<'_>,
) -> DbResult<usize> {
    Ok(diesel::update(initiatives::table.find(id))
        .set(changes)
        .execute(conn)?)
}

pub fn delete(conn: &mut DbConnection, id: &str) -> DbResult<usize> {
    Ok(diesel::delete(initiatives::table.find(id)).execute(conn)?)
}

diesel::define_sql_function! {
    /// SQL's LOWER: ASCII letters only on SQLite, all of Unicode on PostgreSQL.
    fn lower(x: diesel::sql_types::Nullable<diesel::sql_types::Text>) -> diesel::sql_types::Nullable<diesel::sql_types::Text>;
}

/// Remove an address as contact from every initiative, in whatever case it was stored.
/// `email_key` is the address lowercased (`domain::account::email_key`).
pub fn clear_contact_email(conn: &mut DbConnection, email_key: &str) -> DbResult<usize> {
    let clear = |conn: &mut DbConnection, ids: &[String]| {
        diesel::update(initiatives::table.filter(initiatives::id.eq_any(ids)))
            .set(initiatives::contact_email.eq(None::<String>))
            .execute(conn)
    };
    if email_key.is_ascii() {
        // Every case variant of an ASCII address lowers to it on both backends.
        return Ok(diesel::update(
            initiatives::table.filter(lower(initiatives::contact_email).eq(email_key)),
        )
        .set(initiatives::contact_email.eq(None::<String>))
        .execute(conn)?);
    }
    // SQLite cannot lower other letters: compare here, the way the key was made.
    let ids: Vec<String> = initiatives::table
        .filter(initiatives::contact_email.is_not_null())
        .select((initiatives::id, initiatives::contact_email))
        .load::<(String, Option<String>)>(conn)?
        .into_iter()
        .filter(|(_, email)| {
            email
                .as_deref()
                .is_some_and(|e| e.to_lowercase() == email_key)
        })
        .map(|(id, _)| id)
        .collect();
    let mut cleared = 0;
    for chunk in ids.chunks(super::bulk::CHUNK) {
        cleared += clear(conn, chunk)?;
    }
    Ok(cleared)
}

pub fn find(conn: &mut DbConnection, id: &str) -> DbResult<Option<InitiativeRow>> {
    Ok(initiatives::table
        .find(id)
        .select(InitiativeRow::as_select())
        .get_result(conn)
        .optional()?)
}

/// The initiatives a user coordinates, newest first, then id.
pub fn coordinated_by(conn: &mut DbConnection, user_id: &str) -> DbResult<Vec<InitiativeRow>> {
    let mine = initiative_coordinators::table
        .filter(initiative_coordinators::user_id.eq(user_id.to_owned()))
        .select(initiative_coordinators::initiative_id);
    Ok(initiatives::table
        .filter(initiatives::id.eq_any(mine))
        .select(InitiativeRow::as_select())
        .order((initiatives::created_at.desc(), initiatives::id.desc()))
        .load(conn)?)
}

/// Filters of the public list; `search` is a folded LIKE pattern.
#[derive(Debug, Default)]
pub struct InitiativeFilter {
    pub wijk_code: Option<String>,
    pub theme: Option<String>,
    pub search: Option<String>,
    /// Only initiatives with a location (both coordinates).
    pub located: bool,
}

/// Initiatives newest first, then id.
pub fn list(
    conn: &mut DbConnection,
    filter: &InitiativeFilter,
    after: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> DbResult<Vec<InitiativeRow>> {
    let mut query = initiatives::table
        .select(InitiativeRow::as_select())
        .order((initiatives::created_at.desc(), initiatives::id.desc()))
        .limit(limit)
        .into_boxed();
    if let Some(wijk) = &filter.wijk_code {
        query = query.filter(initiatives::wijk_code.eq(wijk.clone()));
    }
    if let Some(theme) = &filter.theme {
        let with_theme = initiative_themes::table
            .filter(initiative_themes::theme.eq(theme.clone()))
            .select(initiative_themes::initiative_id);
        query = query.filter(initiatives::id.eq_any(with_theme));
    }
    if let Some(pattern) = &filter.search {
        query = query.filter(initiatives::search_text.like(pattern.clone()).escape('\\'));
    }
    if filter.located {
        query = query.filter(
            initiatives::lat
                .is_not_null()
                .and(initiatives::lon.is_not_null()),
        );
    }
    if let Some((at, id)) = after {
        query = query.filter(
            initiatives::created_at
                .lt(at)
                .or(initiatives::created_at.eq(at).and(initiatives::id.lt(id))),
        );
    }
    Ok(query.load(conn)?)
}

/// Themes of each of these initiatives, sorted.
pub fn themes_of(conn: &mut DbConnection, ids: &[&str]) -> DbResult<HashMap<String, Vec<String>>> {
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    // Chunked: the open-data map asks for every located initiative at once, and SQLite
    // limits bound parameters per statement.
    for chunk in ids.chunks(super::bulk::CHUNK) {
        for (id, theme) in initiative_themes::table
            .filter(initiative_themes::initiative_id.eq_any(chunk))
            .select((initiative_themes::initiative_id, initiative_themes::theme))
            .order((initiative_themes::initiative_id, initiative_themes::theme))
            .load::<(String, String)>(conn)?
        {
            map.entry(id).or_default().push(theme);
        }
    }
    Ok(map)
}

pub fn add_coordinator(
    conn: &mut DbConnection,
    id: &str,
    user_id: &str,
    at: NaiveDateTime,
) -> DbResult<()> {
    diesel::insert_into(initiative_coordinators::table)
        .values((
            initiative_coordinators::initiative_id.eq(id),
            initiative_coordinators::user_id.eq(user_id),
            initiative_coordinators::added_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn remove_coordinator(conn: &mut DbConnection, id: &str, user_id: &str) -> DbResult<usize> {
    Ok(diesel::delete(initiative_coordinators::table.find((id, user_id))).execute(conn)?)
}

pub fn is_coordinator(conn: &mut DbConnection, id: &str, user_id: &str) -> DbResult<bool> {
    Ok(initiative_coordinators::table
        .find((id, user_id))
        .select(initiative_coordinators::user_id)
        .get_result::<String>(conn)
        .optional()?
        .is_some())
}

pub fn coordinator_count(conn: &mut DbConnection, id: &str) -> DbResult<i64> {
    Ok(initiative_coordinators::table
        .filter(initiative_coordinators::initiative_id.eq(id))
        .count()
        .get_result(conn)?)
}

/// Coordinators with their display names, in the order they were added.
pub fn coordinators(
    conn: &mut DbConnection,
    id: &str,
    after: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> DbResult<Vec<(String, String, NaiveDateTime)>> {
    let mut query = initiative_coordinators::table
        .inner_join(users::table)
        .filter(initiative_coordinators::initiative_id.eq(id.to_owned()))
        .select((
            users::id,
            users::display_name,
            initiative_coordinators::added_at,
        ))
        .order((initiative_coordinators::added_at.asc(), users::id.asc()))
        .limit(limit)
        .into_boxed();
    if let Some((at, uid)) = after {
        query = query.filter(
            initiative_coordinators::added_at
                .gt(at)
                .or(initiative_coordinators::added_at
                    .eq(at)
                    .and(users::id.gt(uid))),
        );
    }
    Ok(query.load(conn)?)
}

/// Where an initiative is, for the social map: only what the map shows.
#[derive(Debug, Clone, Queryable)]
pub struct PlacedInitiative {
    pub id: String,
    pub name: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// Initiatives located in one wijk (for the social map).
pub fn in_wijk(
    conn: &mut DbConnection,
    wijk_code: &str,
    theme: Option<&str>,
) -> DbResult<Vec<PlacedInitiative>> {
    let mut query = initiatives::table
        .filter(initiatives::wijk_code.eq(wijk_code.to_owned()))
        .select((
            initiatives::id,
            initiatives::name,
            initiatives::lat,
            initiatives::lon,
        ))
        .into_boxed();
    if let Some(theme) = theme {
        let with_theme = initiative_themes::table
            .filter(initiative_themes::theme.eq(theme.to_owned()))
            .select(initiative_themes::initiative_id);
        query = query.filter(initiatives::id.eq_any(with_theme));
    }
    Ok(query.load(conn)?)
}
