//! Builders for tests: a request and an offer that are feasible together, to be varied.

use chrono::{DateTime, NaiveTime, TimeZone, Utc};
use uuid::Uuid;

use super::super::model::*;

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, 20, 12, 0, 0).unwrap()
}

pub fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

pub fn slot(weekday: u8, start: (u32, u32), end: (u32, u32)) -> WeeklySlot {
    WeeklySlot {
        weekday,
        start: hm(start.0, start.1),
        end: hm(end.0, end.1),
    }
}

/// Groningen, Grote Markt.
pub const CENTRE: GeoPoint = GeoPoint {
    lat: 53.2194,
    lon: 6.5665,
};

/// A point `km_east` east of `p`.
pub fn east(p: GeoPoint, km_east: f64) -> GeoPoint {
    GeoPoint {
        lat: p.lat,
        lon: p.lon + km_east / (111.195 * p.lat.to_radians().cos()),
    }
}

pub fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

pub fn request() -> RequestSpec {
    RequestSpec {
        id: id(1),
        category: "groceries".into(),
        skills: vec!["cycling".into(), "dutch_cooking".into()],
        wijk_code: "WK001401".into(),
        location: CENTRE,
        languages: vec!["nl".into(), "en".into()],
        mode: Mode::Recurring,
        schedule: Some(Schedule::Weekly {
            slots: vec![slot(2, (10, 0), (12, 0))],
        }),
        hours_estimate: 2.0,
        free_places: 1,
        urgency: Urgency::Normal,
        created_at: now() - chrono::Duration::days(14),
        creator_id: id(100),
        coordinator_ids: vec![id(101)],
    }
}

pub fn offer() -> OfferSpec {
    OfferSpec {
        id: id(2),
        volunteer_id: id(200),
        categories: vec!["groceries".into(), "informal_care".into()],
        skills: vec!["cycling".into(), "dutch_cooking".into()],
        wijk_codes: vec!["WK001402".into()],
        location: east(CENTRE, 1.0),
        max_distance_km: 3.0,
        availability: vec![slot(2, (9, 0), (13, 0))],
        languages: vec!["nl".into()],
        modes: vec![Mode::Recurring, Mode::OneOff],
        free_matches: 1,
        contact_preference: ContactPreference::Propose,
        active: true,
        valid_until: now() + chrono::Duration::days(90),
    }
}
