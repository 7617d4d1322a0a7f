//! WIJ-teams, the wijken they cover, and their contacts.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{wij_contacts, wij_team_wijken, wij_teams};
use super::{DbConnection, DbResult};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = wij_teams, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct TeamRow {
    pub id: String,
    pub name: String,
    pub address: Option<String>,
    pub walk_in_hours: Option<String>,
    pub seed_key: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = wij_teams)]
pub struct NewTeam<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub address: Option<&'a str>,
    pub walk_in_hours: Option<&'a str>,
    pub seed_key: Option<&'a str>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = wij_teams)]
pub struct TeamChangeset<'a> {
    pub name: Option<&'a str>,
    pub address: Option<Option<&'a str>>,
    pub walk_in_hours: Option<Option<&'a str>>,
    pub updated_at: Option<NaiveDateTime>,
}

/// A team with the wijken it covers.
#[derive(Debug, Clone)]
pub struct TeamWithWijken {
    pub team: TeamRow,
    pub wijk_codes: Vec<String>,
}

pub fn insert(conn: &mut DbConnection, team: &NewTeam<'_>, wijk_codes: &[&str]) -> DbResult<()> {
    diesel::insert_into(wij_teams::table)
        .values(team)
        .execute(conn)?;
    set_wijken(conn, team.id, wijk_codes)
}

pub fn set_wijken(conn: &mut DbConnection, team_id: &str, wijk_codes: &[&str]) -> DbResult<()> {
    diesel::delete(wij_team_wijken::table.filter(wij_team_wijken::team_id.eq(team_id)))
        .execute(conn)?;
    // MultiConnection has no batch insert; a team covers at most 20 wijken.
    for code in wijk_codes {
        diesel::insert_into(wij_team_wijken::table)
            .values((
                wij_team_wijken::team_id.eq(team_id),
                wij_team_wijken::wijk_code.eq(*code),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn update(conn: &mut DbConnection, id: &str, changes: &TeamChangeset<'_>) -> DbResult<usize> {
    Ok(diesel::update(wij_teams::table.find(id))
        .set(changes)
        .execute(conn)?)
}

pub fn find(conn: &mut DbConnection, id: &str) -> DbResult<Option<TeamWithWijken>> {
    let Some(team) = wij_teams::table
        .find(id)
        .select(TeamRow::as_select())
        .get_result(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let wijk_codes = wij_team_wijken::table
        .filter(wij_team_wijken::team_id.eq(id))
        .select(wij_team_wijken::wijk_code)
        .order(wij_team_wijken::wijk_code)
        .load(conn)?;
    Ok(Some(TeamWithWijken { team, wijk_codes }))
}

pub fn exists(conn: &mut DbConnection, id: &str) -> DbResult<bool> {
    Ok(wij_teams::table
        .find(id)
        .select(wij_teams::id)
        .get_result::<String>(conn)
        .optional()?
        .is_some())
}

pub fn find_by_seed_key(conn: &mut DbConnection, key: &str) -> DbResult<Option<TeamRow>> {
    Ok(wij_teams::table
        .filter(wij_teams::seed_key.eq(key))
        .select(TeamRow::as_select())
        .get_result(conn)
        .optional()?)
}

/// Teams ordered by name, then id (a small, stable, human order).
pub fn list(
    conn: &mut DbConnection,
    after: Option<(String, String)>,
    limit: i64,
) -> DbResult<Vec<TeamWithWijken>> {
    let mut query = wij_teams::table
        .select(TeamRow::as_select())
        .order((wij_teams::name.asc(), wij_teams::id.asc()))
        .limit(limit)
        .into_boxed();
    if let Some((name, id)) = after {
        query = query.filter(
            wij_teams::name
                .gt(name.clone())
                .or(wij_teams::name.eq(name).and(wij_teams::id.gt(id))),
        );
    }
    let teams: Vec<TeamRow> = query.load(conn)?;
    let ids: Vec<&str> = teams.iter().map(|t| t.id.as_str()).collect();
    let mut coverage: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (team_id, code) in wij_team_wijken::table
        .filter(wij_team_wijken::team_id.eq_any(ids))
        .select((wij_team_wijken::team_id, wij_team_wijken::wijk_code))
        .order((wij_team_wijken::team_id, wij_team_wijken::wijk_code))
        .load::<(String, String)>(conn)?
    {
        coverage.entry(team_id).or_default().push(code);
    }
    Ok(teams
        .into_iter()
        .map(|team| {
            let wijk_codes = coverage.remove(&team.id).unwrap_or_default();
            TeamWithWijken { team, wijk_codes }
        })
        .collect())
}

/// Which teams cover each wijk: `(wijk_code, team_id)` pairs.
pub fn coverage(conn: &mut DbConnection) -> DbResult<Vec<(String, String)>> {
    Ok(wij_team_wijken::table
        .select((wij_team_wijken::wijk_code, wij_team_wijken::team_id))
        .order((wij_team_wijken::wijk_code, wij_team_wijken::team_id))
        .load(conn)?)
}

/// Does `team_id` cover `wijk_code` right now?
pub fn covers(conn: &mut DbConnection, team_id: &str, wijk_code: &str) -> DbResult<bool> {
    Ok(wij_team_wijken::table
        .find((team_id, wijk_code))
        .select(wij_team_wijken::team_id)
        .get_result::<String>(conn)
        .optional()?
        .is_some())
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = wij_contacts, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct ContactRow {
    pub id: String,
    pub team_id: String,
    pub name: String,
    pub role: String,
    pub email: String,
    pub phone: String,
    pub expertise: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub is_demo: bool,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = wij_contacts)]
pub struct NewContact<'a> {
    pub id: &'a str,
    pub team_id: &'a str,
    pub name: &'a str,
    pub role: &'a str,
    pub email: &'a str,
    pub phone: &'a str,
    pub expertise: &'a str,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub is_demo: bool,
}

#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = wij_contacts)]
pub struct ContactChangeset<'a> {
    pub name: Option<&'a str>,
    pub role: Option<&'a str>,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub expertise: Option<&'a str>,
    pub updated_at: Option<NaiveDateTime>,
}

pub fn insert_contact(conn: &mut DbConnection, contact: &NewContact<'_>) -> DbResult<()> {
    diesel::insert_into(wij_contacts::table)
        .values(contact)
        .execute(conn)?;
    Ok(())
}

pub fn find_contact(
    conn: &mut DbConnection,
    team_id: &str,
    contact_id: &str,
) -> DbResult<Option<ContactRow>> {
    Ok(wij_contacts::table
        .find(contact_id)
        .filter(wij_contacts::team_id.eq(team_id))
        .select(ContactRow::as_select())
        .get_result(conn)
        .optional()?)
}

pub fn update_contact(
    conn: &mut DbConnection,
    contact_id: &str,
    changes: &ContactChangeset<'_>,
) -> DbResult<usize> {
    Ok(diesel::update(wij_contacts::table.find(contact_id))
        .set(changes)
        .execute(conn)?)
}

pub fn delete_contact(conn: &mut DbConnection, contact_id: &str) -> DbResult<usize> {
    Ok(diesel::delete(wij_contacts::table.find(contact_id)).execute(conn)?)
}

/// A team's contacts, newest first, then id.
pub fn list_contacts(
    conn: &mut DbConnection,
    team_id: &str,
    after: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> DbResult<Vec<ContactRow>> {
    let mut query = wij_contacts::table
        .filter(wij_contacts::team_id.eq(team_id.to_owned()))
        .select(ContactRow::as_select())
        .order((wij_contacts::created_at.desc(), wij_contacts::id.desc()))
        .limit(limit)
        .into_boxed();
    if let Some((at, id)) = after {
        query = query.filter(
            wij_contacts::created_at
                .lt(at)
                .or(wij_contacts::created_at.eq(at).and(wij_contacts::id.lt(id))),
        );
    }
    Ok(query.load(conn)?)
}

/// The contacts of every team covering a wijk: (contact id, name, team name).
pub fn contacts_covering(
    conn: &mut DbConnection,
    wijk_code: &str,
) -> DbResult<Vec<(String, String, String)>> {
    Ok(wij_contacts::table
        .inner_join(wij_teams::table.inner_join(wij_team_wijken::table))
        .filter(wij_team_wijken::wijk_code.eq(wijk_code.to_owned()))
        .select((wij_contacts::id, wij_contacts::name, wij_teams::name))
        .order(wij_contacts::id)
        .load(conn)?)
}
