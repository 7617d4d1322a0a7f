//! What a caller reads of a volunteer profile: the volunteer their own, staff the public one.

use serde::Serialize;
use utoipa::ToSchema;

use crate::db::volunteers::{Profile, ProfileRow};
use crate::domain::geo::GeoPoint;
use crate::domain::schedule::{ContactPreference, Mode, SlotInput};
use crate::error::{AppError, AppResult};
use crate::reference;

/// The volunteer's own view of their profile.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProfileView {
    pub id: String,
    pub display_name: String,
    pub wijk_code: String,
    /// Always present (`null` without an exact location): this is what tells the owner's
    /// view apart from the public one.
    #[schema(required = true)]
    pub lat: Option<f64>,
    #[schema(required = true)]
    pub lon: Option<f64>,
    pub max_distance_km: f64,
    pub skills: Vec<String>,
    pub languages: Vec<String>,
    pub availability: Vec<SlotInput>,
    pub hours_per_week: f64,
    pub modes: Vec<Mode>,
    pub contact_preference: ContactPreference,
}

/// What team workers and admins see: no email, location rounded to the home wijk.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicProfileView {
    pub id: String,
    pub display_name: String,
    pub wijk_code: String,
    /// The home wijk's centroid, never the exact location.
    pub location: GeoPoint,
    pub max_distance_km: f64,
    pub skills: Vec<String>,
    pub languages: Vec<String>,
    pub availability: Vec<SlotInput>,
    pub hours_per_week: f64,
    pub modes: Vec<Mode>,
    pub contact_preference: ContactPreference,
}

/// The parts of a stored profile both views share.
struct Decoded {
    availability: Vec<SlotInput>,
    modes: Vec<Mode>,
    contact_preference: ContactPreference,
    languages: Vec<String>,
}

fn decode(row: &ProfileRow) -> AppResult<Decoded> {
    let availability = row.availability.to_inputs();
    let modes = row.modes.as_slice().to_vec();
    let contact_preference = row.contact_preference;
    Ok(Decoded {
        availability,
        modes,
        contact_preference,
        languages: row.languages.as_slice().to_vec(),
    })
}

pub(super) fn own_view(p: Profile) -> AppResult<ProfileView> {
    let d = decode(&p.row)?;
    Ok(ProfileView {
        id: p.row.user_id,
        display_name: p.display_name,
        wijk_code: p.row.wijk_code,
        lat: p.row.lat,
        lon: p.row.lon,
        max_distance_km: p.row.max_distance_km,
        skills: p.skills,
        languages: d.languages,
        availability: d.availability,
        hours_per_week: p.row.hours_per_week,
        modes: d.modes,
        contact_preference: d.contact_preference,
    })
}

pub(super) fn public_view(p: Profile) -> AppResult<PublicProfileView> {
    let d = decode(&p.row)?;
    let wijk = reference::wijk(&p.row.wijk_code)
        .ok_or_else(|| AppError::internal(format!("profile {}: unknown wijk", p.row.user_id)))?;
    Ok(PublicProfileView {
        id: p.row.user_id,
        display_name: p.display_name,
        wijk_code: p.row.wijk_code,
        location: GeoPoint {
            lat: wijk.lat,
            lon: wijk.lon,
        },
        max_distance_km: p.row.max_distance_km,
        skills: p.skills,
        languages: d.languages,
        availability: d.availability,
        hours_per_week: p.row.hours_per_week,
        modes: d.modes,
        contact_preference: d.contact_preference,
    })
}

/// Either view of a profile: the owner gets theirs; staff the public one.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(untagged)]
pub enum AnyProfileView {
    Own(ProfileView),
    Public(PublicProfileView),
}
