//! Volunteer profiles, their skills, and the wijken each volunteer reaches.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{users, volunteer_profiles, volunteer_reach, volunteer_skills};
use super::{DbConnection, DbResult};
use crate::domain::codes::{CodeSet, Codes};
use crate::domain::schedule::Availability;
use crate::matching::{ContactPreference, Mode};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = volunteer_profiles, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
#[diesel(treat_none_as_null = true)]
pub struct ProfileRow {
    pub user_id: String,
    pub wijk_code: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub max_distance_km: f64,
    pub languages: Codes,
    pub availability: Availability,
    pub hours_per_week: f64,
    pub modes: CodeSet<Mode>,
    pub contact_preference: ContactPreference,
    pub is_demo: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A profile with its owner's display name and skills.
#[derive(Debug, Clone)]
pub struct Profile {
    pub row: ProfileRow,
    pub display_name: String,
    pub skills: Vec<String>,
}

/// One wijk a volunteer reaches, with the public distance to its centroid.
#[derive(Debug, Clone, PartialEq)]
pub struct Reach {
    pub wijk_code: String,
    pub distance_km: f64,
    pub is_home: bool,
}

/// A stored reach row, for batch writes.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = volunteer_reach)]
pub struct VolunteerReachRow {
    pub wijk_code: String,
    pub user_id: String,
    pub distance_km: f64,
    pub is_home: bool,
}

/// Every profile's (user id, home wijk, radius in km).
pub fn homes(conn: &mut DbConnection) -> DbResult<Vec<(String, String, f64)>> {
    Ok(volunteer_profiles::table
        .select((
            volunteer_profiles::user_id,
            volunteer_profiles::wijk_code,
            volunteer_profiles::max_distance_km,
        ))
        .load(conn)?)
}

/// Replace every reach row, in the caller's transaction.
pub fn replace_all_reach(conn: &mut DbConnection, rows: &[VolunteerReachRow]) -> DbResult<()> {
    diesel::delete(volunteer_reach::table).execute(conn)?;
    crate::insert_batch!(conn, volunteer_reach::table, rows)?;
    Ok(())
}

pub fn find_row(conn: &mut DbConnection, user_id: &str) -> DbResult<Option<ProfileRow>> {
    Ok(volunteer_profiles::table
        .find(user_id)
        .select(ProfileRow::as_select())
        .get_result(conn)
        .optional()?)
}

/// Create or replace a profile with its skills and reach, in the caller's transaction.
pub fn upsert(
    conn: &mut DbConnection,
    row: &ProfileRow,
    skills: &[&str],
    reach: &[Reach],
) -> DbResult<()> {
    let updated = diesel::update(volunteer_profiles::table.find(&row.user_id))
        .set(row)
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(volunteer_profiles::table)
            .values(row)
            .execute(conn)?;
    }
    diesel::delete(volunteer_skills::table.filter(volunteer_skills::user_id.eq(&row.user_id)))
        .execute(conn)?;
    for skill in skills {
        diesel::insert_into(volunteer_skills::table)
            .values((
                volunteer_skills::user_id.eq(&row.user_id),
                volunteer_skills::skill.eq(*skill),
            ))
            .execute(conn)?;
    }
    diesel::delete(volunteer_reach::table.filter(volunteer_reach::user_id.eq(&row.user_id)))
        .execute(conn)?;
    for r in reach {
        diesel::insert_into(volunteer_reach::table)
            .values((
                volunteer_reach::wijk_code.eq(&r.wijk_code),
                volunteer_reach::user_id.eq(&row.user_id),
                volunteer_reach::distance_km.eq(r.distance_km),
                volunteer_reach::is_home.eq(r.is_home),
            ))
            .execute(conn)?;
    }
    Ok(())
}

fn skills_of(conn: &mut DbConnection, ids: &[&str]) -> DbResult<HashMap<String, Vec<String>>> {
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    for (id, skill) in volunteer_skills::table
        .filter(volunteer_skills::user_id.eq_any(ids))
        .select((volunteer_skills::user_id, volunteer_skills::skill))
        .order((volunteer_skills::user_id, volunteer_skills::skill))
        .load::<(String, String)>(conn)?
    {
        map.entry(id).or_default().push(skill);
    }
    Ok(map)
}

fn complete(conn: &mut DbConnection, rows: Vec<(ProfileRow, String)>) -> DbResult<Vec<Profile>> {
    let ids: Vec<&str> = rows.iter().map(|(r, _)| r.user_id.as_str()).collect();
    let mut skills = skills_of(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|(row, display_name)| {
            let skills = skills.remove(&row.user_id).unwrap_or_default();
            Profile {
                row,
                display_name,
                skills,
            }
        })
        .collect())
}

pub fn find(conn: &mut DbConnection, user_id: &str) -> DbResult<Option<Profile>> {
    let row = volunteer_profiles::table
        .inner_join(users::table)
        .filter(volunteer_profiles::user_id.eq(user_id))
        .select((ProfileRow::as_select(), users::display_name))
        .get_result::<(ProfileRow, String)>(conn)
        .optional()?;
    Ok(complete(conn, row.into_iter().collect())?.pop())
}

/// Profiles newest first, then id, optionally by home wijk and skill.
pub fn list(
    conn: &mut DbConnection,
    wijk_code: Option<&str>,
    skill: Option<&str>,
    after: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> DbResult<Vec<Profile>> {
    let mut query = volunteer_profiles::table
        .inner_join(users::table)
        .select((ProfileRow::as_select(), users::display_name))
        .order((
            volunteer_profiles::created_at.desc(),
            volunteer_profiles::user_id.desc(),
        ))
        .limit(limit)
        .into_boxed();
    if let Some(wijk) = wijk_code {
        query = query.filter(volunteer_profiles::wijk_code.eq(wijk.to_owned()));
    }
    if let Some(skill) = skill {
        let with_skill = volunteer_skills::table
            .filter(volunteer_skills::skill.eq(skill.to_owned()))
            .select(volunteer_skills::user_id);
        query = query.filter(volunteer_profiles::user_id.eq_any(with_skill));
    }
    if let Some((at, id)) = after {
        query = query.filter(
            volunteer_profiles::created_at
                .lt(at)
                .or(volunteer_profiles::created_at
                    .eq(at)
                    .and(volunteer_profiles::user_id.lt(id))),
        );
    }
    let rows = query.load::<(ProfileRow, String)>(conn)?;
    complete(conn, rows)
}

/// A volunteer who reaches a wijk, as the social map lists them.
#[derive(Debug, Clone, Queryable)]
pub struct ReachingVolunteer {
    pub user_id: String,
    pub display_name: String,
    pub distance_km: f64,
    pub is_home: bool,
    pub max_distance_km: f64,
    pub home_wijk_code: String,
}

/// The nearest volunteers reaching a wijk, nearest first, then user id: an indexed range
/// read of the reach table, from `from` on (a distance and a user id, both included), at
/// most `limit`. With `skills`, only volunteers with one of them.
pub fn reaching(
    conn: &mut DbConnection,
    wijk_code: &str,
    skills: Option<&[&str]>,
    from: Option<(f64, &str)>,
    limit: i64,
) -> DbResult<Vec<ReachingVolunteer>> {
    let mut query = volunteer_reach::table
        .inner_join(volunteer_profiles::table.inner_join(users::table))
        .filter(volunteer_reach::wijk_code.eq(wijk_code.to_owned()))
        .order((
            volunteer_reach::distance_km.asc(),
            volunteer_reach::user_id.asc(),
        ))
        .limit(limit)
        .select((
            volunteer_reach::user_id,
            users::display_name,
            volunteer_reach::distance_km,
            volunteer_reach::is_home,
            volunteer_profiles::max_distance_km,
            volunteer_profiles::wijk_code,
        ))
        .into_boxed();
    if let Some(skills) = skills {
        let with_skill = volunteer_skills::table
            .filter(volunteer_skills::skill.eq_any(skills.iter().map(|s| (*s).to_owned())))
            .select(volunteer_skills::user_id);
        query = query.filter(volunteer_reach::user_id.eq_any(with_skill));
    }
    if let Some((km, id)) = from {
        query = query.filter(
            volunteer_reach::distance_km
                .gt(km)
                .or(volunteer_reach::distance_km
                    .eq(km)
                    .and(volunteer_reach::user_id.ge(id.to_owned()))),
        );
    }
    Ok(query.load(conn)?)
}
