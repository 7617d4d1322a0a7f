//! Public statistics per wijk: aggregates only, and small numbers suppressed so that no
//! figure points at one person (counts 1–4 become "<5"; durations and hours need at least
//! five requests or volunteers behind them).

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use utoipa::ToSchema;

use crate::db::{DbConnection, now, stats as repo};
use crate::error::AppResult;
use crate::reference;

/// Fewer than this many people or requests behind a figure and it is suppressed.
pub const MIN_GROUP: i64 = 5;

/// A count as published: exact from 5 on, `0` for none, the string `"<5"` in between.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(untagged)]
pub enum PublicCount {
    Exact(i64),
    /// Always `"<5"`.
    #[schema(value_type = String, example = "<5")]
    Suppressed(String),
}

impl PublicCount {
    pub fn of(n: i64) -> Self {
        if n == 0 || n >= MIN_GROUP {
            Self::Exact(n)
        } else {
            Self::Suppressed("<5".into())
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WijkStats {
    pub code: String,
    /// Volunteer profiles with this home wijk.
    pub volunteers: PublicCount,
    pub initiatives: PublicCount,
    pub open_requests: PublicCount,
    /// Matches confirmed in the last 30 days, for requests in this wijk.
    pub confirmed_matches_30d: PublicCount,
    /// Median hours from a request's creation to its first confirmed match, over requests
    /// first confirmed in the last 90 days; `null` with fewer than 5 such requests.
    #[schema(required = true)]
    pub median_hours_to_match: Option<f64>,
    /// Hours confirmed in the last 30 days on requests in this wijk by a WIJ-team worker or
    /// an admin; `null` when fewer than 5 volunteers logged them. Hours confirmed by an
    /// initiative's coordinators are left out: anyone can start an initiative, and a sum
    /// that self-registered accounts can add known amounts to could be differenced into
    /// one person's hours.
    #[schema(required = true)]
    pub hours_confirmed_30d: Option<f64>,
}

/// The median of `v` (sorted in place), `None` when empty.
pub fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    Some(if v.len() % 2 == 0 {
        (v[mid - 1] + v[mid]) / 2.0
    } else {
        v[mid]
    })
}

/// Every wijk's figures, by code.
pub fn wijken(conn: &mut DbConnection) -> AppResult<Vec<WijkStats>> {
    let at = now();
    let since_30 = at - chrono::Duration::days(30);
    let since_90 = at - chrono::Duration::days(90);
    let volunteers = repo::volunteers(conn)?;
    let initiatives = repo::initiatives(conn)?;
    let open = repo::open_requests(conn)?;
    let confirmed = repo::confirmed_matches(conn, since_30)?;
    let mut waits: HashMap<String, Vec<f64>> = HashMap::new();
    for (wijk, created, first) in repo::first_confirmations(conn)? {
        if let Some(first) = first.filter(|f| *f >= since_90) {
            let hours = (first - created).num_seconds() as f64 / 3600.0;
            waits.entry(wijk).or_default().push(hours.max(0.0));
        }
    }
    let mut logged: HashMap<String, (i64, HashSet<String>)> = HashMap::new();
    for (wijk, volunteer, centi) in repo::confirmed_hours(conn, since_30)? {
        let e = logged.entry(wijk).or_default();
        e.0 += i64::from(centi);
        e.1.insert(volunteer);
    }
    let count =
        |m: &HashMap<String, i64>, code: &str| PublicCount::of(m.get(code).copied().unwrap_or(0));
    let mut out: Vec<WijkStats> = reference::wijken()
        .iter()
        .map(|w| {
            let code = w.code;
            let median_hours_to_match = waits
                .get_mut(code)
                .filter(|v| v.len() as i64 >= MIN_GROUP)
                .and_then(|v| median(v))
                .map(|h| (h * 10.0).round() / 10.0);
            let hours_confirmed_30d = logged
                .get(code)
                .filter(|(_, who)| who.len() as i64 >= MIN_GROUP)
                .map(|(centi, _)| *centi as f64 / 100.0);
            WijkStats {
                code: code.to_owned(),
                volunteers: count(&volunteers, code),
                initiatives: count(&initiatives, code),
                open_requests: count(&open, code),
                confirmed_matches_30d: count(&confirmed, code),
                median_hours_to_match,
                hours_confirmed_30d,
            }
        })
        .collect();
    out.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_counts_are_suppressed_but_zero_is_not() {
        assert_eq!(serde_json::to_value(PublicCount::of(0)).unwrap(), 0);
        for n in 1..5 {
            assert_eq!(serde_json::to_value(PublicCount::of(n)).unwrap(), "<5");
        }
        assert_eq!(serde_json::to_value(PublicCount::of(5)).unwrap(), 5);
        assert_eq!(serde_json::to_value(PublicCount::of(1234)).unwrap(), 1234);
    }

    #[test]
    fn medians_of_odd_and_even_lengths() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [3.0]), Some(3.0));
        assert_eq!(median(&mut [5.0, 1.0, 3.0]), Some(3.0));
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), Some(2.5));
    }

    proptest::proptest! {
        #[test]
        fn the_median_splits_the_values_in_half(mut v in proptest::collection::vec(0.0f64..1e6, 1..50)) {
            let m = median(&mut v).unwrap();
            let below = v.iter().filter(|x| **x < m).count();
            let above = v.iter().filter(|x| **x > m).count();
            proptest::prop_assert!(below <= v.len() / 2 && above <= v.len() / 2);
        }
    }
}
