//! The `[matching]` configuration section and its `[matching.weights]` table.

use serde::{Deserialize, Serialize};

/// `[matching]` in `config/default.toml`; the score weights are the `[matching.weights]`
/// table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MatchingConfig {
    /// 200: batch runs are exact over each request's best 200 feasible offers. A request
    /// rarely has a real chance beyond its 200 best, and it keeps a city-wide run in the
    /// hundreds of thousands of edges instead of tens of millions.
    pub candidates_per_request: usize,
    /// true: suggestions are answered from each instance's live index, kept in step with the
    /// change feed. false ranks from the tables on every call (slower at scale; a switch
    /// for operators, and the way to measure the difference).
    pub live_index: bool,
    pub weights: Weights,
}

impl Default for MatchingConfig {
    fn default() -> Self {
        MatchingConfig {
            candidates_per_request: 200,
            live_index: true,
            weights: Weights::default(),
        }
    }
}

/// Score weights (`[matching]` in the configuration). Only their ratios matter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Weights {
    /// 30: being near is what makes neighbourhood help happen and keep happening (the report:
    /// help is local, but networks cross wijk borders), so it weighs most.
    pub distance: f64,
    /// 20: help only happens when both can at the same time; the hard rule already demands
    /// 30 minutes, this rewards covering the whole time needed.
    pub time: f64,
    /// 25: the skills asked for decide whether the help is good help; missing ones can often be
    /// learnt, so not more than distance.
    pub skills: f64,
    /// 5: a shared language is already a hard rule; this small extra prefers the requester's
    /// first language.
    pub language: f64,
    /// 10: requests that have waited long should not keep losing to fresh ones (fairness),
    /// reaching full weight after `waiting_full_days`.
    pub waiting: f64,
    /// 10: high urgency moves a request up in batch runs and in a volunteer's list, without
    /// overriding a much better fit.
    pub urgency: f64,
    /// 2 km: the distance at which the distance part is halved; a walk or a short bike ride
    /// in a Dutch city.
    pub distance_half_km: f64,
    /// 28 days: after four weeks of waiting a request gets the full waiting part.
    pub waiting_full_days: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            distance: 30.0,
            time: 20.0,
            skills: 25.0,
            language: 5.0,
            waiting: 10.0,
            urgency: 10.0,
            distance_half_km: 2.0,
            waiting_full_days: 28.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_partial_overrides() {
        let c: MatchingConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(c, MatchingConfig::default());
        assert_eq!(c.candidates_per_request, 200);
        let c: MatchingConfig =
            serde_json::from_str(r#"{"candidates_per_request": 50, "weights": {"skills": 40}}"#)
                .unwrap();
        assert_eq!(c.candidates_per_request, 50);
        assert_eq!(
            c.weights,
            Weights {
                skills: 40.0,
                ..Weights::default()
            }
        );
        assert!(serde_json::from_str::<MatchingConfig>(r#"{"candidates": 5}"#).is_err());
    }
}
