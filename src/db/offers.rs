//! Help offers and the (wijk, category) pairs each can serve. `confirmed_matches` is the
//! offer's held capacity; it only moves through the guarded updates here.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{offer_reach, offers, users, volunteer_profiles};
use super::{DbConnection, DbResult};
use crate::domain::codes::{CodeSet, Codes};
use crate::domain::schedule::Availability;
use crate::domain::status::OfferStatus;
use crate::matching::{ContactPreference, Mode};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = offers, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct OfferRow {
    pub id: String,
    pub volunteer_id: String,
    pub title: String,
    pub categories: Codes,
    pub skills: Codes,
    pub wijk_codes: Codes,
    pub max_distance_km: f64,
    pub availability: Availability,
    pub hours_per_week: f64,
    pub max_matches: i32,
    pub confirmed_matches: i32,
    pub modes: CodeSet<Mode>,
    pub valid_until: NaiveDateTime,
    pub status: OfferStatus,
    pub is_demo: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Changes of a PATCH; `None` leaves a column as it is.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = offers)]
pub struct OfferChangeset<'a> {
    pub title: Option<&'a str>,
    pub categories: Option<&'a Codes>,
    pub skills: Option<&'a Codes>,
    pub wijk_codes: Option<&'a Codes>,
    pub max_distance_km: Option<f64>,
    pub availability: Option<&'a Availability>,
    pub hours_per_week: Option<f64>,
    pub max_matches: Option<i32>,
    pub modes: Option<&'a CodeSet<Mode>>,
    pub valid_until: Option<NaiveDateTime>,
    pub status: Option<OfferStatus>,
    pub updated_at: Option<NaiveDateTime>,
}

/// One (wijk, category) pair an offer can serve.
#[derive(Debug, Clone, PartialEq, Eq, Insertable)]
#[diesel(table_name = offer_reach)]
pub struct ReachRow {
    pub wijk_code: String,
    pub category: String,
    pub offer_id: String,
}

/// An offer with what matching needs of its volunteer's profile.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub offer: OfferRow,
    pub home_wijk: String,
    pub languages: Codes,
    pub contact_preference: ContactPreference,
}

pub fn insert(conn: &mut DbConnection, row: &OfferRow, reach: &[ReachRow]) -> DbResult<()> {
    diesel::insert_into(offers::table)
        .values(row)
        .execute(conn)?;
    crate::insert_batch!(conn, offer_reach::table, reach)?;
    Ok(())
}

/// Insert many offers with their reach (the demo seeder).
pub fn insert_many(conn: &mut DbConnection, rows: &[OfferRow], reach: &[ReachRow]) -> DbResult<()> {
    crate::insert_batch!(conn, offers::table, rows)?;
    crate::insert_batch!(conn, offer_reach::table, reach)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: &str) -> DbResult<Option<OfferRow>> {
    Ok(offers::table
        .find(id)
        .select(OfferRow::as_select())
        .get_result(conn)
        .optional()?)
}

/// Replace an offer's reach.
pub fn set_reach(conn: &mut DbConnection, offer_id: &str, reach: &[ReachRow]) -> DbResult<()> {
    diesel::delete(offer_reach::table.filter(offer_reach::offer_id.eq(offer_id))).execute(conn)?;
    crate::insert_batch!(conn, offer_reach::table, reach)?;
    Ok(())
}

/// A volunteer's offers, newest first, then id.
pub fn list_for_volunteer(
    conn: &mut DbConnection,
    volunteer_id: &str,
    after: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> DbResult<Vec<OfferRow>> {
    let mut query = offers::table
        .filter(offers::volunteer_id.eq(volunteer_id.to_owned()))
        .select(OfferRow::as_select())
        .order((offers::created_at.desc(), offers::id.desc()))
        .limit(limit)
        .into_boxed();
    if let Some((at, id)) = after {
        query = query.filter(
            offers::created_at
                .lt(at)
                .or(offers::created_at.eq(at).and(offers::id.lt(id))),
        );
    }
    Ok(query.load(conn)?)
}

/// Every offer of a volunteer (export, profile changes).
pub fn all_for_volunteer(conn: &mut DbConnection, volunteer_id: &str) -> DbResult<Vec<OfferRow>> {
    Ok(offers::table
        .filter(offers::volunteer_id.eq(volunteer_id))
        .select(OfferRow::as_select())
        .order((offers::created_at.desc(), offers::id.desc()))
        .load(conn)?)
}

/// Apply a PATCH to an offer that is not withdrawn, never taking `max_matches` below the
/// confirmed matches (the guard is part of the UPDATE). Returns whether a row changed.
pub fn update_guarded(
    conn: &mut DbConnection,
    id: &str,
    changes: &OfferChangeset<'_>,
) -> DbResult<bool> {
    let live = offers::table
        .filter(offers::id.eq(id))
        .filter(offers::status.ne(OfferStatus::Withdrawn));
    let changed = match changes.max_matches {
        Some(n) => diesel::update(live.filter(offers::confirmed_matches.le(n)))
            .set(changes)
            .execute(conn)?,
        None => diesel::update(live).set(changes).execute(conn)?,
    };
    Ok(changed == 1)
}

/// Withdraw an offer; false when it already was.
pub fn withdraw(conn: &mut DbConnection, id: &str, at: NaiveDateTime) -> DbResult<bool> {
    Ok(diesel::update(
        offers::table
            .filter(offers::id.eq(id))
            .filter(offers::status.ne(OfferStatus::Withdrawn)),
    )
    .set((
        offers::status.eq(OfferStatus::Withdrawn),
        offers::updated_at.eq(at),
    ))
    .execute(conn)?
        == 1)
}

/// Mark active offers whose `valid_until` has passed as expired; returns their ids.
pub fn expire_due(conn: &mut DbConnection, at: NaiveDateTime) -> DbResult<Vec<String>> {
    let due = offers::table
        .filter(offers::status.eq(OfferStatus::Active))
        .filter(offers::valid_until.le(at));
    let ids: Vec<String> = due.select(offers::id).load(conn)?;
    if !ids.is_empty() {
        diesel::update(offers::table.filter(offers::id.eq_any(&ids)))
            .set((
                offers::status.eq(OfferStatus::Expired),
                offers::updated_at.eq(at),
            ))
            .execute(conn)?;
    }
    Ok(ids)
}

/// Take one of the offer's places, if it is active, valid at `at` and has a free one.
/// The condition is part of the UPDATE: concurrent accepts cannot overbook.
pub fn take_place(conn: &mut DbConnection, id: &str, at: NaiveDateTime) -> DbResult<bool> {
    Ok(diesel::update(
        offers::table
            .filter(offers::id.eq(id))
            .filter(offers::status.eq(OfferStatus::Active))
            .filter(offers::valid_until.gt(at))
            .filter(offers::confirmed_matches.lt(offers::max_matches)),
    )
    .set(offers::confirmed_matches.eq(offers::confirmed_matches + 1))
    .execute(conn)?
        == 1)
}

/// Give back one place (a confirmed match ended). Offers that are gone are left alone.
pub fn release_place(conn: &mut DbConnection, id: &str) -> DbResult<()> {
    diesel::update(
        offers::table
            .filter(offers::id.eq(id))
            .filter(offers::confirmed_matches.gt(0)),
    )
    .set(offers::confirmed_matches.eq(offers::confirmed_matches - 1))
    .execute(conn)?;
    Ok(())
}

/// Offers that can serve `category` in one of `wijk_codes` now: active, valid after `at`,
/// with a free match; `proposable_only` leaves out volunteers who only want to be matched
/// when they ask.
pub fn candidates(
    conn: &mut DbConnection,
    wijk_codes: &[String],
    categories: &[String],
    at: NaiveDateTime,
    proposable_only: bool,
) -> DbResult<Vec<Candidate>> {
    let offer_ids = offer_reach::table
        .filter(offer_reach::wijk_code.eq_any(wijk_codes.to_vec()))
        .filter(offer_reach::category.eq_any(categories.to_vec()))
        .select(offer_reach::offer_id)
        .distinct();
    // No users join: display names are read for the few offers shown, not every candidate.
    let mut query = offers::table
        .inner_join(volunteer_profiles::table)
        .filter(offers::id.eq_any(offer_ids))
        .filter(offers::status.eq(OfferStatus::Active))
        .filter(offers::valid_until.gt(at))
        .filter(offers::confirmed_matches.lt(offers::max_matches))
        .select((
            OfferRow::as_select(),
            volunteer_profiles::wijk_code,
            volunteer_profiles::languages,
            volunteer_profiles::contact_preference,
        ))
        .into_boxed();
    if proposable_only {
        query = query.filter(volunteer_profiles::contact_preference.eq("propose"));
    }
    Ok(query
        .load::<CandidateTuple>(conn)?
        .into_iter()
        .map(Candidate::from)
        .collect())
}

type CandidateTuple = (OfferRow, String, Codes, ContactPreference);

impl From<CandidateTuple> for Candidate {
    fn from((offer, home_wijk, languages, contact_preference): CandidateTuple) -> Self {
        Candidate {
            offer,
            home_wijk,
            languages,
            contact_preference,
        }
    }
}

/// Active offers with their volunteers' profile fields (whatever their dates and free
/// matches, which the engine judges): all of them, or those among `ids`.
pub fn active_candidates(
    conn: &mut DbConnection,
    ids: Option<&[String]>,
) -> DbResult<Vec<Candidate>> {
    let query = || {
        offers::table
            .inner_join(volunteer_profiles::table)
            .filter(offers::status.eq(OfferStatus::Active))
            .select((
                OfferRow::as_select(),
                volunteer_profiles::wijk_code,
                volunteer_profiles::languages,
                volunteer_profiles::contact_preference,
            ))
            .into_boxed()
    };
    let rows: Vec<CandidateTuple> = match ids {
        None => query().load(conn)?,
        Some(ids) => {
            let mut rows = Vec::new();
            // Chunked: SQLite limits bound parameters per statement.
            for chunk in ids.chunks(super::bulk::CHUNK) {
                rows.extend(
                    query()
                        .filter(offers::id.eq_any(chunk.to_vec()))
                        .load::<CandidateTuple>(conn)?,
                );
            }
            rows
        }
    };
    Ok(rows.into_iter().map(Candidate::from).collect())
}

/// One offer with its volunteer's profile fields, whatever its state.
pub fn candidate(conn: &mut DbConnection, id: &str) -> DbResult<Option<Candidate>> {
    Ok(offers::table
        .inner_join(volunteer_profiles::table)
        .filter(offers::id.eq(id))
        .select((
            OfferRow::as_select(),
            volunteer_profiles::wijk_code,
            volunteer_profiles::languages,
            volunteer_profiles::contact_preference,
        ))
        .get_result::<CandidateTuple>(conn)
        .optional()?
        .map(Candidate::from))
}

/// Display names of these volunteers.
pub fn display_names(
    conn: &mut DbConnection,
    volunteer_ids: &[String],
) -> DbResult<std::collections::HashMap<String, String>> {
    Ok(users::table
        .filter(users::id.eq_any(volunteer_ids))
        .select((users::id, users::display_name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect())
}

/// The (wijk, category) pairs an offer reaches.
pub fn reach_of(conn: &mut DbConnection, offer_id: &str) -> DbResult<Vec<(String, String)>> {
    Ok(offer_reach::table
        .filter(offer_reach::offer_id.eq(offer_id))
        .select((offer_reach::wijk_code, offer_reach::category))
        .load(conn)?)
}
