//! The `[matching]` configuration section.

use serde::{Deserialize, Serialize};

use super::score::Weights;

/// `[matching]` in `config/default.toml`; the score weights are the `[matching.weights]`
/// table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MatchingConfig {
    /// 200: batch runs are exact over each request's best 200 feasible offers. A request
    /// rarely has a real chance beyond its 200 best, and it keeps a city-wide run in the
    /// hundreds of thousands of edges instead of tens of millions.
    pub candidates_per_request: usize,
    pub weights: Weights,
}

impl Default for MatchingConfig {
    fn default() -> Self {
        MatchingConfig {
            candidates_per_request: 200,
            weights: Weights::default(),
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
