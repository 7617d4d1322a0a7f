//! Accounts.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{initiative_coordinators, users, wij_team_wijken};
use super::{DbConnection, DbResult};
use crate::domain::notices::{Language, NoticesOff};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct UserRow {
    pub id: String,
    pub email: String,
    pub email_key: String,
    pub display_name: String,
    pub password_hash: String,
    pub roles: String,
    pub wij_team_id: Option<String>,
    pub is_demo: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub language: Language,
    pub notices_off: NoticesOff,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub id: &'a str,
    pub email: &'a str,
    pub email_key: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub roles: &'a str,
    pub wij_team_id: Option<&'a str>,
    pub is_demo: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, user: &NewUser<'_>) -> DbResult<()> {
    diesel::insert_into(users::table)
        .values(user)
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: &str) -> DbResult<Option<UserRow>> {
    Ok(users::table
        .find(id)
        .select(UserRow::as_select())
        .get_result(conn)
        .optional()?)
}

pub fn find_by_email_key(conn: &mut DbConnection, key: &str) -> DbResult<Option<UserRow>> {
    Ok(users::table
        .filter(users::email_key.eq(key))
        .select(UserRow::as_select())
        .get_result(conn)
        .optional()?)
}

pub fn set_display_name(
    conn: &mut DbConnection,
    id: &str,
    name: &str,
    now: NaiveDateTime,
) -> DbResult<usize> {
    Ok(diesel::update(users::table.find(id))
        .set((users::display_name.eq(name), users::updated_at.eq(now)))
        .execute(conn)?)
}

pub fn set_password_hash(
    conn: &mut DbConnection,
    id: &str,
    hash: &str,
    now: NaiveDateTime,
) -> DbResult<usize> {
    Ok(diesel::update(users::table.find(id))
        .set((users::password_hash.eq(hash), users::updated_at.eq(now)))
        .execute(conn)?)
}

pub fn set_roles(
    conn: &mut DbConnection,
    id: &str,
    roles: &str,
    wij_team_id: Option<&str>,
    now: NaiveDateTime,
) -> DbResult<usize> {
    Ok(diesel::update(users::table.find(id))
        .set((
            users::roles.eq(roles),
            users::wij_team_id.eq(wij_team_id),
            users::updated_at.eq(now),
        ))
        .execute(conn)?)
}

pub fn set_language(
    conn: &mut DbConnection,
    id: &str,
    language: Language,
    now: NaiveDateTime,
) -> DbResult<usize> {
    Ok(diesel::update(users::table.find(id))
        .set((users::language.eq(language), users::updated_at.eq(now)))
        .execute(conn)?)
}

pub fn set_notices_off(
    conn: &mut DbConnection,
    id: &str,
    off: &NoticesOff,
    now: NaiveDateTime,
) -> DbResult<usize> {
    Ok(diesel::update(users::table.find(id))
        .set((users::notices_off.eq(off), users::updated_at.eq(now)))
        .execute(conn)?)
}

/// The people a request's notices go to: the team workers of the teams covering its wijk
/// and the coordinators of its initiative (not every admin), each once, sorted.
pub fn managers_of(
    conn: &mut DbConnection,
    wijk_code: &str,
    initiative_id: Option<&str>,
) -> DbResult<Vec<String>> {
    let teams = wij_team_wijken::table
        .filter(wij_team_wijken::wijk_code.eq(wijk_code))
        .select(wij_team_wijken::team_id);
    let mut ids: Vec<String> = users::table
        .filter(users::wij_team_id.eq_any(teams.nullable()))
        .filter(users::roles.like("%team_worker%"))
        .select(users::id)
        .load(conn)?;
    if let Some(initiative) = initiative_id {
        ids.extend(
            initiative_coordinators::table
                .filter(initiative_coordinators::initiative_id.eq(initiative))
                .select(initiative_coordinators::user_id)
                .load::<String>(conn)?,
        );
    }
    ids.sort();
    ids.dedup();
    Ok(ids)
}

/// Accounts whose email contains `needle` (already lowercased), newest first, then id.
pub fn search_by_email(
    conn: &mut DbConnection,
    needle: &str,
    after: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> DbResult<Vec<UserRow>> {
    let pattern = format!("%{}%", escape_like(needle));
    let mut query = users::table
        .filter(users::email_key.like(pattern).escape('\\'))
        .select(UserRow::as_select())
        .order((users::created_at.desc(), users::id.desc()))
        .limit(limit)
        .into_boxed();
    if let Some((at, id)) = after {
        query = query.filter(
            users::created_at
                .lt(at)
                .or(users::created_at.eq(at).and(users::id.lt(id))),
        );
    }
    Ok(query.load(conn)?)
}

/// Accounts holding the admin role (roles are stored sorted, comma-separated).
pub fn count_admins(conn: &mut DbConnection) -> DbResult<i64> {
    Ok(users::table
        .filter(users::roles.like("%admin%"))
        .count()
        .get_result(conn)?)
}

pub fn delete(conn: &mut DbConnection, id: &str) -> DbResult<usize> {
    Ok(diesel::delete(users::table.find(id)).execute(conn)?)
}

/// Escape `\`, `%` and `_` for a LIKE pattern with `ESCAPE '\'`.
pub fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '%' | '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
