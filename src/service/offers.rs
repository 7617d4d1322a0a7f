//! Help offers: a volunteer's "I can help with this, there, then, this often", several per
//! volunteer, with their profile's values as defaults. Withdrawal and expiry cancel the
//! offer's pending matches; confirmed ones stay until completed or cancelled.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::audit::{self, Action};
use super::engine;
use super::requests::Relation;
use crate::db::offers::{self as repo, OfferChangeset, OfferRow};
use crate::db::{DbConnection, matches, new_id, now, volunteers};
use crate::domain::account::Caller;
use crate::domain::codes::{CodeSet, Codes};
use crate::domain::limits::{MAX_HOURS_PER_WEEK, MAX_RADIUS_KM};
use crate::domain::paging::{CursorCodec, Page, PageRequest};
use crate::domain::patch;
use crate::domain::schedule::Availability;
use crate::domain::schedule::{self, Mode, SlotInput};
use crate::domain::status::OfferStatus;
use crate::domain::validation::Checker;
use crate::domain::validation::check_list;
use crate::error::{AppError, AppResult};
use crate::i18n::{FieldText, Noun, Text};
use crate::reference::{self, vocabulary};

pub const SUBJECT: &str = "offer";
pub const LIST_KIND: &str = "offers";
pub const MAX_MATCHES: i64 = 50;
pub const MAX_SKILLS: usize = 20;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewOfferInput {
    /// 1–200 characters.
    pub title: String,
    /// 1–18 category ids.
    pub categories: Vec<String>,
    /// Skill ids (at most 20).
    pub skills: Vec<String>,
    /// Wijken served whatever the distance (CBS codes; may be empty).
    pub wijk_codes: Vec<String>,
    /// 0–100 km from your home wijk; default: your profile's.
    #[serde(default)]
    pub max_distance_km: Option<f64>,
    /// Weekly slots (empty = any time); default: your profile's.
    #[serde(default)]
    pub availability: Option<Vec<SlotInput>>,
    /// More than 0, at most 80.
    pub hours_per_week: f64,
    /// How many confirmed matches at once, 1–50.
    pub max_matches: i64,
    /// Default: your profile's.
    #[serde(default)]
    pub modes: Option<Vec<Mode>>,
    /// When the offer expires (RFC 3339, in the future).
    pub valid_until: DateTime<Utc>,
}

/// Every field optional; `max_matches` not below the confirmed matches (409).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OfferPatch {
    #[serde(default, deserialize_with = "patch::not_null")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "patch::not_null")]
    pub categories: Option<Vec<String>>,
    #[serde(default, deserialize_with = "patch::not_null")]
    pub skills: Option<Vec<String>>,
    #[serde(default, deserialize_with = "patch::not_null")]
    pub wijk_codes: Option<Vec<String>>,
    #[serde(default, deserialize_with = "patch::not_null")]
    pub max_distance_km: Option<f64>,
    #[serde(default, deserialize_with = "patch::not_null")]
    pub availability: Option<Vec<SlotInput>>,
    #[serde(default, deserialize_with = "patch::not_null")]
    pub hours_per_week: Option<f64>,
    #[serde(default, deserialize_with = "patch::not_null")]
    pub max_matches: Option<i64>,
    #[serde(default, deserialize_with = "patch::not_null")]
    pub modes: Option<Vec<Mode>>,
    /// Moving it into the future revives an expired offer.
    #[serde(default, deserialize_with = "patch::not_null")]
    pub valid_until: Option<DateTime<Utc>>,
}

/// An offer. It carries no location: the volunteer's whereabouts are in their profile,
/// which only they read.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OfferView {
    pub id: String,
    /// The volunteer's user id. `null` for a manager who is not vetted (not an admin, nor a
    /// worker of a team covering the request's wijk) until the volunteer applies to or
    /// accepts a match with one of their requests.
    #[schema(required = true)]
    pub volunteer_id: Option<String>,
    pub title: String,
    pub categories: Vec<String>,
    pub skills: Vec<String>,
    pub wijk_codes: Vec<String>,
    pub max_distance_km: f64,
    pub availability: Vec<SlotInput>,
    pub hours_per_week: f64,
    pub max_matches: i64,
    /// Matches confirmed now (the places this offer holds).
    pub confirmed_matches: i64,
    pub modes: Vec<Mode>,
    pub valid_until: DateTime<Utc>,
    pub status: OfferStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The status a caller sees: an active offer past `valid_until` is expired even before the
/// periodic sweep has marked it.
pub fn status_at(row: &OfferRow, at: chrono::NaiveDateTime) -> OfferStatus {
    match row.status {
        OfferStatus::Withdrawn => OfferStatus::Withdrawn,
        OfferStatus::Expired => OfferStatus::Expired,
        _ if row.valid_until <= at => OfferStatus::Expired,
        _ => OfferStatus::Active,
    }
}

/// The whole offer, for its volunteer.
pub fn view(row: &OfferRow) -> AppResult<OfferView> {
    view_as(row, true)
}

fn view_as(row: &OfferRow, shows_volunteer: bool) -> AppResult<OfferView> {
    Ok(OfferView {
        id: row.id.clone(),
        volunteer_id: shows_volunteer.then(|| row.volunteer_id.clone()),
        title: row.title.clone(),
        categories: row.categories.as_slice().to_vec(),
        skills: row.skills.as_slice().to_vec(),
        wijk_codes: row.wijk_codes.as_slice().to_vec(),
        max_distance_km: row.max_distance_km,
        availability: row.availability.to_inputs(),
        hours_per_week: row.hours_per_week,
        max_matches: i64::from(row.max_matches),
        confirmed_matches: i64::from(row.confirmed_matches),
        modes: engine::modes(row),
        valid_until: row.valid_until.and_utc(),
        status: status_at(row, now()),
        created_at: row.created_at.and_utc(),
        updated_at: row.updated_at.and_utc(),
    })
}

fn check_categories(check: &mut Checker, v: &[String]) {
    check.check(!v.is_empty(), "categories", FieldText::AtLeastOneCategory);
    check_list(
        check,
        "categories",
        v,
        vocabulary::CATEGORIES.len(),
        vocabulary::is_category,
        FieldText::UnknownCategory,
    );
}

fn check_skills(check: &mut Checker, v: &[String]) {
    check_list(
        check,
        "skills",
        v,
        MAX_SKILLS,
        vocabulary::is_skill,
        FieldText::UnknownSkill,
    );
}

fn check_wijken(check: &mut Checker, v: &[String]) {
    check_list(
        check,
        "wijk_codes",
        v,
        reference::wijken().len(),
        reference::is_wijk,
        FieldText::UnknownWijk,
    );
}

fn check_radius(check: &mut Checker, km: f64) {
    check.check(
        km.is_finite() && (0.0..=MAX_RADIUS_KM).contains(&km),
        "max_distance_km",
        FieldText::Range { min: 0, max: 100 },
    );
}

fn check_availability(check: &mut Checker, slots: &[SlotInput]) {
    if let Err(errors) = schedule::parse_slots("availability", slots) {
        for e in errors {
            check.push(e);
        }
    }
}

fn check_hours(check: &mut Checker, h: f64) {
    check.check(
        h.is_finite() && h > 0.0 && h <= MAX_HOURS_PER_WEEK,
        "hours_per_week",
        FieldText::PositiveUpTo { max: 80 },
    );
}

fn check_max_matches(check: &mut Checker, n: i64) {
    check.check(
        (1..=MAX_MATCHES).contains(&n),
        "max_matches",
        FieldText::Range { min: 1, max: 50 },
    );
}

fn check_modes(check: &mut Checker, m: &[Mode]) {
    check.check(!m.is_empty(), "modes", FieldText::AtLeastOneMode);
}

fn check_valid_until(check: &mut Checker, t: DateTime<Utc>) {
    check.check(
        t > engine::now_utc(),
        "valid_until",
        FieldText::NotInTheFuture,
    );
}

fn modes_list(m: &[Mode]) -> CodeSet<Mode> {
    CodeSet::new(m.iter().copied())
}

/// Slots already checked by `check_availability`.
fn checked_availability(slots: &[SlotInput]) -> AppResult<Availability> {
    schedule::parse_slots("availability", slots)
        .map(Availability)
        .map_err(|_| AppError::internal("availability was checked"))
}

/// Create an offer for the caller, who needs a volunteer profile (else 409).
pub fn create(
    conn: &mut DbConnection,
    caller: &Caller,
    input: &NewOfferInput,
) -> AppResult<OfferView> {
    let mut check = Checker::new();
    check.text("title", &input.title, 200, false);
    check_categories(&mut check, &input.categories);
    check_skills(&mut check, &input.skills);
    check_wijken(&mut check, &input.wijk_codes);
    if let Some(km) = input.max_distance_km {
        check_radius(&mut check, km);
    }
    if let Some(a) = &input.availability {
        check_availability(&mut check, a);
    }
    check_hours(&mut check, input.hours_per_week);
    check_max_matches(&mut check, input.max_matches);
    if let Some(m) = &input.modes {
        check_modes(&mut check, m);
    }
    check_valid_until(&mut check, input.valid_until);
    check.finish()?;
    let profile = volunteers::find_row(conn, &caller.user_id)?
        .ok_or_else(|| AppError::Conflict(Text::ProfileFirst))?;
    let at = now();
    let row = OfferRow {
        id: new_id(),
        volunteer_id: caller.user_id.clone(),
        title: input.title.clone(),
        categories: Codes::new(input.categories.iter().cloned()),
        skills: Codes::new(input.skills.iter().cloned()),
        wijk_codes: Codes::new(input.wijk_codes.iter().cloned()),
        max_distance_km: input.max_distance_km.unwrap_or(profile.max_distance_km),
        availability: match &input.availability {
            Some(a) => checked_availability(a)?,
            None => profile.availability.clone(),
        },
        hours_per_week: input.hours_per_week,
        max_matches: i32::try_from(input.max_matches).map_err(AppError::internal)?,
        confirmed_matches: 0,
        modes: match &input.modes {
            Some(m) => modes_list(m),
            None => profile.modes.clone(),
        },
        valid_until: input.valid_until.naive_utc(),
        status: OfferStatus::Active,
        is_demo: false,
        created_at: at,
        updated_at: at,
    };
    let reach = reach_of_row(&row, &profile.wijk_code)?;
    conn.write_tx(|conn| {
        repo::insert(conn, &row, &reach)?;
        audit::record(conn, Some(caller), Action::Create, SUBJECT, &row.id)
    })?;
    view(&row)
}

fn reach_of_row(row: &OfferRow, home_wijk: &str) -> AppResult<Vec<repo::ReachRow>> {
    engine::offer_reach(
        &row.id,
        home_wijk,
        row.wijk_codes.as_slice(),
        row.max_distance_km,
        row.categories.as_slice(),
    )
}

/// Recompute the reach of a volunteer's offers after their home wijk changed, in the
/// caller's transaction.
pub fn refresh_reach(
    conn: &mut DbConnection,
    volunteer_id: &str,
    home_wijk: &str,
) -> AppResult<()> {
    for row in repo::all_for_volunteer(conn, volunteer_id)? {
        repo::set_reach(conn, &row.id, &reach_of_row(&row, home_wijk)?)?;
    }
    Ok(())
}

/// The caller's offers, newest first.
pub fn list_mine(
    conn: &mut DbConnection,
    caller: &Caller,
    page: &PageRequest,
    cursors: &CursorCodec,
) -> AppResult<Page<OfferView>> {
    let after = page
        .after
        .as_deref()
        .map(audit::parse_time_id)
        .transpose()?;
    let rows = repo::list_for_volunteer(conn, &caller.user_id, after, page.fetch_limit())?;
    let page = Page::from_rows(rows, page, cursors, LIST_KIND, |r| {
        vec![r.created_at.and_utc().to_rfc3339(), r.id.clone()]
    });
    let items = page.items.iter().map(view).collect::<AppResult<_>>()?;
    Ok(Page {
        items,
        next_cursor: page.next_cursor,
    })
}

/// Who the caller is to an offer.
enum Standing {
    Owner,
    /// A manager of a request the offer has a match with: may read it, nothing more; sees
    /// who the volunteer is only as the match rules allow.
    Reader {
        shows_volunteer: bool,
    },
}

/// The offer, if the caller may know it exists (else 404).
fn find_for(conn: &mut DbConnection, caller: &Caller, id: &str) -> AppResult<(OfferRow, Standing)> {
    let row = repo::find(conn, id)?.ok_or(AppError::NotFound(Noun::Offer))?;
    if row.volunteer_id == caller.user_id {
        return Ok((row, Standing::Owner));
    }
    let rel = Relation::of(conn, caller)?;
    let matched = matches::offer_matches_in_scope(conn, id, &rel.scope())?;
    if matched.is_empty() {
        return Err(AppError::NotFound(Noun::Offer));
    }
    let rows: Vec<_> = matched.iter().map(|(m, wijk)| (m, wijk.as_str())).collect();
    let shows_volunteer = super::matches::volunteer_shown(conn, caller, &rel, &rows)?
        .into_iter()
        .any(|shown| shown);
    Ok((row, Standing::Reader { shows_volunteer }))
}

pub fn get(conn: &mut DbConnection, caller: &Caller, id: &str) -> AppResult<OfferView> {
    match find_for(conn, caller, id)? {
        (row, Standing::Owner) => view(&row),
        (row, Standing::Reader { shows_volunteer }) => view_as(&row, shows_volunteer),
    }
}

/// The offer, when the caller is its volunteer (else 403 or 404).
pub fn owned(conn: &mut DbConnection, caller: &Caller, id: &str) -> AppResult<OfferRow> {
    match find_for(conn, caller, id)? {
        (row, Standing::Owner) => Ok(row),
        (_, Standing::Reader { .. }) => Err(AppError::Forbidden(Text::OfferOwnerOnly)),
    }
}

pub fn update(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    p: &OfferPatch,
) -> AppResult<OfferView> {
    let current = owned(conn, caller, id)?;
    let mut check = Checker::new();
    if let Some(v) = &p.title {
        check.text("title", v, 200, false);
    }
    if let Some(v) = &p.categories {
        check_categories(&mut check, v);
    }
    if let Some(v) = &p.skills {
        check_skills(&mut check, v);
    }
    if let Some(v) = &p.wijk_codes {
        check_wijken(&mut check, v);
    }
    if let Some(v) = p.max_distance_km {
        check_radius(&mut check, v);
    }
    if let Some(v) = &p.availability {
        check_availability(&mut check, v);
    }
    if let Some(v) = p.hours_per_week {
        check_hours(&mut check, v);
    }
    if let Some(v) = p.max_matches {
        check_max_matches(&mut check, v);
    }
    if let Some(v) = &p.modes {
        check_modes(&mut check, v);
    }
    if let Some(v) = p.valid_until {
        check_valid_until(&mut check, v);
    }
    check.finish()?;
    if current.status == OfferStatus::Withdrawn {
        return Err(AppError::Conflict(Text::OfferWithdrawn));
    }
    let categories = p
        .categories
        .as_deref()
        .map(|v| Codes::new(v.iter().cloned()));
    let skills = p.skills.as_deref().map(|v| Codes::new(v.iter().cloned()));
    let wijk_codes = p
        .wijk_codes
        .as_deref()
        .map(|v| Codes::new(v.iter().cloned()));
    let availability = p
        .availability
        .as_deref()
        .map(checked_availability)
        .transpose()?;
    let modes = p.modes.as_deref().map(modes_list);
    let max_matches = p
        .max_matches
        .map(i32::try_from)
        .transpose()
        .map_err(AppError::internal)?;
    // A new valid_until (always in the future) revives an expired offer.
    let revive = p.valid_until.is_some().then_some(OfferStatus::Active);
    let home = volunteers::find_row(conn, &caller.user_id)?
        .map(|p| p.wijk_code)
        .ok_or_else(|| AppError::Conflict(Text::ProfileGone))?;
    conn.write_tx(|conn| {
        let changed = repo::update_guarded(
            conn,
            id,
            &OfferChangeset {
                title: p.title.as_deref(),
                categories: categories.as_ref(),
                skills: skills.as_ref(),
                wijk_codes: wijk_codes.as_ref(),
                max_distance_km: p.max_distance_km,
                availability: availability.as_ref(),
                hours_per_week: p.hours_per_week,
                max_matches,
                modes: modes.as_ref(),
                valid_until: p.valid_until.map(|t| t.naive_utc()),
                status: revive,
                updated_at: Some(now()),
            },
        )?;
        if !changed {
            let row = repo::find(conn, id)?.ok_or(AppError::NotFound(Noun::Offer))?;
            return Err(AppError::Conflict(
                if row.status == OfferStatus::Withdrawn {
                    Text::OfferWithdrawn
                } else {
                    Text::MaxMatchesBelowConfirmed {
                        confirmed: row.confirmed_matches.into(),
                    }
                },
            ));
        }
        let row = repo::find(conn, id)?.ok_or(AppError::NotFound(Noun::Offer))?;
        if p.categories.is_some() || p.wijk_codes.is_some() || p.max_distance_km.is_some() {
            repo::set_reach(conn, id, &reach_of_row(&row, &home)?)?;
        }
        audit::record(conn, Some(caller), Action::Update, SUBJECT, id)
    })?;
    let row = repo::find(conn, id)?.ok_or(AppError::NotFound(Noun::Offer))?;
    view(&row)
}

/// Withdraw an offer (its volunteer): pending matches are cancelled; confirmed ones stay.
/// Withdrawing a withdrawn offer changes nothing.
pub fn withdraw(conn: &mut DbConnection, caller: &Caller, id: &str) -> AppResult<()> {
    owned(conn, caller, id)?;
    conn.write_tx(|conn| {
        let at = now();
        if repo::withdraw(conn, id, at)? {
            matches::cancel_pending_for_offers(conn, &[id.to_owned()], at)?;
            audit::record(conn, Some(caller), Action::Delete, SUBJECT, id)?;
        }
        Ok(())
    })
}

/// Mark offers past `valid_until` expired and cancel their pending matches. Returns how many
/// offers expired.
pub fn expire_due(conn: &mut DbConnection, at: chrono::NaiveDateTime) -> AppResult<usize> {
    conn.write_tx(|conn| {
        let ids = repo::expire_due(conn, at)?;
        matches::cancel_pending_for_offers(conn, &ids, at)?;
        Ok(ids.len())
    })
}
