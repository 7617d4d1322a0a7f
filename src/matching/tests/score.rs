use chrono::Duration;

use super::super::model::*;
use super::super::{Weights, score};
use super::fixtures::*;

#[test]
fn the_fixture_pair_scores_80_with_its_reasons() {
    // distance 1 km → 1/(1 + 1/2) = 2/3 of 30; time, skills, language full (20 + 25 + 5);
    // waited 14 of 28 days → 5 of 10; normal urgency → 5 of 10. Total 80.
    let s = score(&request(), &offer(), now(), &Weights::default());
    assert_eq!(s.score, 80);
    let r = &s.reasons;
    assert!((r.distance_km - 1.0).abs() < 0.01, "{}", r.distance_km);
    assert_eq!(r.overlap_minutes, 120);
    assert_eq!(r.skills_matched, vec!["cycling", "dutch_cooking"]);
    assert!(r.skills_missing.is_empty());
    assert_eq!(r.shared_languages, vec!["nl"]);
    assert_eq!((r.waiting_days, r.urgency), (14, Urgency::Normal));
}

#[test]
fn a_perfect_pair_scores_100() {
    let mut r = request();
    r.urgency = Urgency::High;
    r.created_at = now() - Duration::days(60);
    let mut o = offer();
    o.location = r.location;
    assert_eq!(score(&r, &o, now(), &Weights::default()).score, 100);
}

#[test]
fn each_part_moves_the_score_the_right_way() {
    let w = Weights::default();
    let base = score(&request(), &offer(), now(), &w).score;
    let mut o = offer();
    o.skills = vec!["cycling".into()];
    let s = score(&request(), &o, now(), &w);
    assert_eq!(s.score, base - 13); // half the skills: 12.5 points less
    assert_eq!(
        (
            s.reasons.skills_matched.clone(),
            s.reasons.skills_missing.clone()
        ),
        (
            vec!["cycling".to_string()],
            vec!["dutch_cooking".to_string()]
        )
    );
    let mut o = offer();
    o.location = east(CENTRE, 3.0);
    assert!(
        score(&request(), &o, now(), &w).score < base,
        "farther is worse"
    );
    let mut o = offer();
    o.availability = vec![slot(2, (11, 0), (13, 0))];
    let s = score(&request(), &o, now(), &w);
    assert_eq!(
        (s.score, s.reasons.overlap_minutes),
        (base - 10, 60),
        "half the time needed"
    );
    let mut o = offer();
    o.location = CENTRE;
    assert_eq!(score(&request(), &o, now(), &w).score, 90);
    o.languages = vec!["en".into()];
    let s = score(&request(), &o, now(), &w);
    assert_eq!(
        s.score, 88,
        "not the first language: 2.5 points less (87.5, rounded)"
    );
    assert_eq!(s.reasons.shared_languages, vec!["en"]);
    let mut r = request();
    r.urgency = Urgency::High;
    assert_eq!(score(&r, &offer(), now(), &w).score, base + 5);
    assert_eq!(
        score(&request(), &offer(), now() + Duration::days(14), &w).score,
        base + 5,
        "waiting longer"
    );
}

#[test]
fn hours_needed_decide_how_much_overlap_is_enough() {
    let w = Weights::default();
    let mut r = request();
    r.hours_estimate = 1.0; // one hour of the two-hour window is all that is needed
    let mut o = offer();
    o.availability = vec![slot(2, (11, 0), (13, 0))];
    assert_eq!(
        score(&r, &o, now(), &w).score,
        score(&request(), &offer(), now(), &w).score
    );
}

#[test]
fn weights_deserialise_with_defaults_and_refuse_unknown_keys() {
    let w: Weights = serde_json::from_str(r#"{"distance": 50}"#).unwrap();
    assert_eq!(
        w,
        Weights {
            distance: 50.0,
            ..Weights::default()
        }
    );
    assert!(serde_json::from_str::<Weights>(r#"{"distanse": 50}"#).is_err());
    let zero = Weights {
        distance: 0.0,
        time: 0.0,
        skills: 0.0,
        language: 0.0,
        waiting: 0.0,
        urgency: 0.0,
        ..Weights::default()
    };
    assert_eq!(score(&request(), &offer(), now(), &zero).score, 0);
}

#[test]
fn reasons_have_the_api_field_names() {
    let v = serde_json::to_value(score(&request(), &offer(), now(), &Weights::default())).unwrap();
    let keys: Vec<&str> = v["reasons"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys.len(), 7);
    for k in [
        "distance_km",
        "overlap_minutes",
        "skills_matched",
        "skills_missing",
        "shared_languages",
        "waiting_days",
        "urgency",
    ] {
        assert!(keys.contains(&k), "{k}");
    }
    assert_eq!(v["reasons"]["urgency"], "normal");
    assert_eq!(v["score"], 80);
}

#[test]
fn score_is_deterministic() {
    let w = Weights::default();
    let a = score(&request(), &offer(), now(), &w);
    for _ in 0..10 {
        assert_eq!(score(&request(), &offer(), now(), &w), a);
    }
}
