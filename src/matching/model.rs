//! The inputs of matching: what a request needs and what an offer gives.
//!
//! These are plain values the service fills from the database; nothing here does I/O.

use chrono::{DateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A point on the earth in WGS84 degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    pub lat: f64,
    pub lon: f64,
}

/// Mean earth radius in km (IUGG), used for great-circle distances.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

impl GeoPoint {
    /// Great-circle (haversine) distance in km.
    pub fn distance_km(self, other: GeoPoint) -> f64 {
        let (la1, la2) = (self.lat.to_radians(), other.lat.to_radians());
        let dlat = la2 - la1;
        let dlon = (other.lon - self.lon).to_radians();
        let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlon / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
    }
}

crate::text_enum! {
    /// How a request is carried out (API `mode`).
    #[derive(PartialOrd, Ord)]
    pub enum Mode {
        OneOff = "one_off",
        Recurring = "recurring",
        Project = "project",
    }
}

crate::text_enum! {
    /// Request urgency (API `urgency`).
    #[derive(PartialOrd, Ord, Default)]
    pub enum Urgency {
        Low = "low",
        #[default]
        Normal = "normal",
        High = "high",
    }
}

crate::text_enum! {
    /// Whether the system may propose matches to the volunteer, or only show what they ask
    /// for (API `contact_preference`).
    pub enum ContactPreference {
        Propose = "propose",
        OnlyWhenIAsk = "only_when_i_ask",
    }
}

/// A weekly slot in Europe/Amsterdam local time. `weekday` is ISO (1 = Monday … 7 = Sunday).
/// `end` at or before `start` means the slot runs past midnight into the next day
/// (`end` = 00:00 is the end of the day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklySlot {
    pub weekday: u8,
    pub start: NaiveTime,
    pub end: NaiveTime,
}

/// When a request needs help. Absent (`None` on the request) means any time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Schedule {
    Weekly {
        slots: Vec<WeeklySlot>,
    },
    Once {
        starts_at: DateTime<Utc>,
        ends_at: DateTime<Utc>,
    },
}

/// What matching needs of a support request.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestSpec {
    pub id: Uuid,
    pub category: String,
    pub skills: Vec<String>,
    pub wijk_code: String,
    /// Exact location if known, else the wijk centroid.
    pub location: GeoPoint,
    pub languages: Vec<String>,
    pub mode: Mode,
    pub schedule: Option<Schedule>,
    pub hours_estimate: f64,
    /// `helpers_needed` − confirmed − completed; a batch run also subtracts the pending
    /// matches, which speak for a place there.
    pub free_places: u32,
    pub urgency: Urgency,
    /// Waiting since.
    pub created_at: DateTime<Utc>,
    pub creator_id: Uuid,
    pub coordinator_ids: Vec<Uuid>,
}

/// What matching needs of a help offer (profile defaults already applied).
#[derive(Debug, Clone, PartialEq)]
pub struct OfferSpec {
    pub id: Uuid,
    pub volunteer_id: Uuid,
    pub categories: Vec<String>,
    pub skills: Vec<String>,
    pub wijk_codes: Vec<String>,
    /// The volunteer's exact location, else the home-wijk centroid.
    pub location: GeoPoint,
    pub max_distance_km: f64,
    /// Empty means no restriction stated: available any time.
    pub availability: Vec<WeeklySlot>,
    /// The volunteer profile's languages.
    pub languages: Vec<String>,
    pub modes: Vec<Mode>,
    /// `max_matches` − confirmed; a batch run also subtracts the pending matches.
    pub free_matches: u32,
    pub contact_preference: ContactPreference,
    pub active: bool,
    pub valid_until: DateTime<Utc>,
}
