//! Bounds the API states for a volunteer's reach and time, shared by profiles and offers.

/// The farthest a volunteer may say they travel, in km.
pub const MAX_RADIUS_KM: f64 = 100.0;
/// The most hours a week a volunteer or an offer may give.
pub const MAX_HOURS_PER_WEEK: f64 = 80.0;
