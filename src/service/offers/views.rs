//! What a caller reads of an offer.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::now;
use crate::db::offers::OfferRow;
use crate::domain::schedule::{Mode, SlotInput};
use crate::domain::status::OfferStatus;
use crate::error::AppResult;
use crate::service::engine;

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

pub(super) fn view_as(row: &OfferRow, shows_volunteer: bool) -> AppResult<OfferView> {
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
