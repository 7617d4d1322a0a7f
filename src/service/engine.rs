//! The service's side of the matching engine: stored requests, offers and matches become the
//! engine's plain inputs.
//!
//! Everything is placed at its *public* location: a request at its wijk's centroid, an
//! offer at its volunteer's home-wijk centroid. So feasibility, scores and the distances in
//! `reasons` never depend on an exact address that one of the two sides may not read, and
//! the same pair gets the same answer whoever asks.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::db::matches::PairState;
use crate::db::offers::{Candidate, OfferRow, ReachRow};
use crate::db::requests::RequestRow;
use crate::domain::schedule::Mode;
use crate::domain::status::{MatchStatus, OfferStatus};
use crate::error::{AppError, AppResult};
use crate::matching::{self, ExclusionSet, OfferSpec, RequestSpec};
use crate::reference;

pub fn uuid(s: &str) -> AppResult<Uuid> {
    Uuid::parse_str(s).map_err(|e| AppError::internal(format!("stored id {s}: {e}")))
}

/// A wijk's centroid (the public location of everything in it).
pub fn centroid(code: &str) -> AppResult<matching::GeoPoint> {
    reference::wijk(code)
        .map(|w| matching::GeoPoint {
            lat: w.lat,
            lon: w.lon,
        })
        .ok_or_else(|| AppError::internal(format!("unknown wijk {code}")))
}

/// A stored request as the engine sees it, at its wijk's centroid.
pub fn request_spec(row: &RequestRow, coordinators: &[Uuid]) -> AppResult<RequestSpec> {
    let schedule = row.schedule.clone();
    Ok(RequestSpec {
        id: uuid(&row.id)?,
        category: row.category.clone(),
        skills: row.skills.as_slice().to_vec(),
        wijk_code: row.wijk_code.clone(),
        location: centroid(&row.wijk_code)?,
        languages: row.languages.as_slice().to_vec(),
        mode: row.mode,
        schedule,
        hours_estimate: row.hours_estimate,
        free_places: u32::try_from(row.helpers_needed - row.places_held).unwrap_or(0),
        urgency: row.urgency,
        created_at: row.created_at.and_utc(),
        creator_id: row
            .created_by
            .as_deref()
            .and_then(|c| Uuid::parse_str(c).ok())
            .unwrap_or(Uuid::nil()),
        coordinator_ids: coordinators.to_vec(),
    })
}

/// Request specs for many rows, with their initiatives' coordinators.
pub fn request_specs(
    conn: &mut crate::db::DbConnection,
    rows: &[RequestRow],
) -> AppResult<Vec<RequestSpec>> {
    let mut initiatives: Vec<String> = rows
        .iter()
        .filter_map(|r| r.initiative_id.clone())
        .collect();
    initiatives.sort_unstable();
    initiatives.dedup();
    let mut coordinators: HashMap<String, Vec<Uuid>> = HashMap::new();
    for (initiative, user) in crate::db::requests::coordinators_of(conn, &initiatives)? {
        coordinators
            .entry(initiative)
            .or_default()
            .push(uuid(&user)?);
    }
    rows.iter()
        .map(|r| {
            let c = r
                .initiative_id
                .as_ref()
                .and_then(|i| coordinators.get(i))
                .map_or(&[][..], Vec::as_slice);
            request_spec(r, c)
        })
        .collect()
}

pub fn modes(row: &OfferRow) -> Vec<Mode> {
    row.modes.as_slice().to_vec()
}

/// A stored offer as the engine sees it, at its volunteer's home-wijk centroid.
pub fn offer_spec(c: &Candidate) -> AppResult<OfferSpec> {
    let row = &c.offer;
    Ok(OfferSpec {
        id: uuid(&row.id)?,
        volunteer_id: uuid(&row.volunteer_id)?,
        categories: row.categories.as_slice().to_vec(),
        skills: row.skills.as_slice().to_vec(),
        wijk_codes: row.wijk_codes.as_slice().to_vec(),
        location: centroid(&c.home_wijk)?,
        max_distance_km: row.max_distance_km,
        availability: row.availability.slots().to_vec(),
        languages: c.languages.as_slice().to_vec(),
        modes: modes(row),
        free_matches: u32::try_from(row.max_matches - row.confirmed_matches).unwrap_or(0),
        contact_preference: c.contact_preference,
        active: row.status == OfferStatus::Active,
        valid_until: row.valid_until.and_utc(),
    })
}

/// Pairs that earlier matches rule out. With `any_match`, every earlier match rules its
/// pair out (batch runs); otherwise only live ones do, and declines rule out the volunteer.
pub fn exclusions(states: &[PairState], any_match: bool) -> AppResult<ExclusionSet> {
    let mut set = ExclusionSet::default();
    for s in states {
        let request = uuid(&s.request_id)?;
        if s.status == MatchStatus::Declined {
            set.declined.insert((request, uuid(&s.volunteer_id)?));
        }
        if any_match || MatchStatus::LIVE.contains(&s.status) {
            set.live.insert((request, uuid(&s.offer_id)?));
        }
    }
    Ok(set)
}

/// The (wijk, category) pairs an offer can serve: its own wijken, and every wijk whose
/// centroid lies within its radius of the home-wijk centroid (the engine's reach rule at
/// public locations, so the prefilter and the engine agree).
pub fn offer_reach(
    offer_id: &str,
    home_wijk: &str,
    wijk_codes: &[String],
    max_distance_km: f64,
    categories: &[String],
) -> AppResult<Vec<ReachRow>> {
    let home = centroid(home_wijk)?;
    let mut out = Vec::new();
    for w in reference::wijken() {
        let c = matching::GeoPoint {
            lat: w.lat,
            lon: w.lon,
        };
        if wijk_codes.iter().any(|x| x == w.code) || home.distance_km(c) <= max_distance_km {
            for category in categories {
                out.push(ReachRow {
                    wijk_code: w.code.to_owned(),
                    category: category.clone(),
                    offer_id: offer_id.to_owned(),
                });
            }
        }
    }
    Ok(out)
}

pub fn now_utc() -> DateTime<Utc> {
    crate::db::now().and_utc()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(request: &str, offer: &str, volunteer: &str, status: MatchStatus) -> PairState {
        PairState {
            request_id: request.into(),
            offer_id: offer.into(),
            volunteer_id: volunteer.into(),
            status,
        }
    }

    #[test]
    fn an_offer_reaches_its_wijken_and_those_within_its_radius_of_home() {
        let home = "WK001404";
        let listed = vec!["WK001417".to_owned()];
        let rows = offer_reach("o", home, &listed, 0.0, &["groceries".to_owned()]).unwrap();
        let wijken: Vec<&str> = rows.iter().map(|r| r.wijk_code.as_str()).collect();
        // Radius 0 reaches the home wijk's centroid itself, plus the listed wijk.
        assert_eq!(wijken, ["WK001404", "WK001417"]);
        let wide = offer_reach("o", home, &[], 100.0, &["a".into(), "b".into()]).unwrap();
        assert_eq!(
            wide.len(),
            2 * reference::wijken().len(),
            "every wijk, per category"
        );
        // The prefilter agrees with the engine's reach rule at the same public points.
        let home_point = centroid(home).unwrap();
        for w in reference::wijken() {
            let inside = home_point.distance_km(centroid(w.code).unwrap()) <= 3.0;
            let reached = offer_reach("o", home, &[], 3.0, &["c".into()])
                .unwrap()
                .iter()
                .any(|r| r.wijk_code == w.code);
            assert_eq!(inside, reached, "{}", w.code);
        }
    }

    #[test]
    fn declines_rule_out_the_volunteer_and_live_matches_the_pair() {
        let r = "00000000-0000-0000-0000-000000000001";
        let (o1, o2) = (
            "00000000-0000-0000-0000-0000000000a1",
            "00000000-0000-0000-0000-0000000000a2",
        );
        let v = "00000000-0000-0000-0000-0000000000b1";
        let states = [
            state(r, o1, v, MatchStatus::Declined),
            state(r, o2, v, MatchStatus::Cancelled),
        ];
        let live_only = exclusions(&states, false).unwrap();
        let (r, o1, o2, v) = (
            uuid(r).unwrap(),
            uuid(o1).unwrap(),
            uuid(o2).unwrap(),
            uuid(v).unwrap(),
        );
        assert!(live_only.declined.contains(&(r, v)));
        assert!(live_only.live.is_empty(), "a cancelled match is not live");
        let any = exclusions(&states, true).unwrap();
        assert!(any.live.contains(&(r, o1)) && any.live.contains(&(r, o2)));
    }
}
