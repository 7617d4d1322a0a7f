use std::collections::HashMap;

use proptest::prelude::*;

use super::super::batch::plan_batch;
use super::super::model::*;
use super::super::solver::{Edge, Instance, Objective, solve};
use super::super::synthetic::CityShape;
use super::super::{Ctx, NoExclusions, Proposer, check_feasible};
use super::super::{Weights, score};
use super::fixtures::*;

fn ctx() -> Ctx<'static> {
    Ctx::new(now(), Proposer::Others, &NoExclusions)
}

#[test]
fn one_offer_two_requests_the_better_pair_wins_and_the_other_is_explained() {
    let mut r1 = request();
    let mut r2 = request();
    r2.id = id(11);
    r2.location = east(CENTRE, 2.5); // 1.5 km from the offer
    r1.location = east(CENTRE, 1.0); // at the offer
    let mut r3 = request();
    r3.id = id(12);
    r3.category = "dog_walking".into();
    let plan = plan_batch(
        &[r1.clone(), r2.clone(), r3.clone()],
        &[offer()],
        &ctx(),
        &Weights::default(),
        200,
    );
    assert_eq!(plan.proposals.len(), 1);
    assert_eq!(
        (plan.proposals[0].request_id, plan.proposals[0].offer_id),
        (r1.id, offer().id)
    );
    assert_eq!((plan.filled_places, plan.matched_requests), (1, 1));
    assert_eq!(plan.total_score, u64::from(plan.proposals[0].score));
    let reasons: HashMap<_, _> = plan
        .unmatched
        .iter()
        .map(|u| (u.request_id, u.reason.as_str()))
        .collect();
    assert_eq!(reasons[&r2.id], "offers_taken");
    assert_eq!(reasons[&r3.id], "category_mismatch");
    assert!(plan.optimal_over.contains("200"));
}

#[test]
fn unmatched_reason_names_the_rule_closest_to_feasible() {
    let mut o = offer();
    o.availability = vec![slot(5, (9, 0), (10, 0))];
    let plan = plan_batch(&[request()], &[o.clone()], &ctx(), &Weights::default(), 10);
    assert_eq!(plan.unmatched[0].reason, "no_time_overlap");
    o.location = east(CENTRE, 20.0);
    let plan = plan_batch(&[request()], &[o], &ctx(), &Weights::default(), 10);
    assert_eq!(plan.unmatched[0].reason, "out_of_reach");
}

#[test]
fn batch_runs_never_propose_only_when_i_ask_volunteers() {
    let mut o = offer();
    o.contact_preference = ContactPreference::OnlyWhenIAsk;
    let c = Ctx::new(now(), Proposer::Volunteer, &NoExclusions);
    let plan = plan_batch(&[request()], &[o], &c, &Weights::default(), 10);
    assert!(plan.proposals.is_empty());
    assert_eq!(plan.unmatched[0].reason, "not_proposable");
}

#[test]
fn most_places_first_then_score() {
    // Offer A (1 km) suits r1 and r2; offer B only r1. Max score alone could give A to r1;
    // filling both places needs r1–B and r2–A.
    let mut a = offer();
    a.location = CENTRE;
    let mut b = offer();
    b.id = id(3);
    b.volunteer_id = id(300);
    b.location = east(CENTRE, 2.5);
    let r1 = request();
    let mut r2 = request();
    r2.id = id(11);
    r2.location = east(CENTRE, -2.5);
    let plan = plan_batch(
        &[r1.clone(), r2.clone()],
        &[a.clone(), b.clone()],
        &ctx(),
        &Weights::default(),
        200,
    );
    let pairs: Vec<_> = plan
        .proposals
        .iter()
        .map(|p| (p.request_id, p.offer_id))
        .collect();
    assert_eq!(plan.filled_places, 2);
    assert!(
        pairs.contains(&(r1.id, b.id)) && pairs.contains(&(r2.id, a.id)),
        "{pairs:?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn plan_is_feasible_within_capacity_and_optimal(seed in any::<u64>(), nr in 1usize..40, no in 1usize..60) {
        let shape = CityShape { half_width_km: 3.0, categories: 2, ..CityShape::default() };
        let requests = shape.requests(nr, seed);
        let offers = shape.offers(no, seed);
        let c = Ctx::new(shape.now, Proposer::Others, &NoExclusions);
        let w = Weights::default();
        let plan = plan_batch(&requests, &offers, &c, &w, 1000);
        let rpos: HashMap<_, _> = requests.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
        let opos: HashMap<_, _> = offers.iter().enumerate().map(|(i, o)| (o.id, i)).collect();
        let mut rl = vec![0u32; nr];
        let mut ol = vec![0u32; no];
        for p in &plan.proposals {
            let (r, o) = (&requests[rpos[&p.request_id]], &offers[opos[&p.offer_id]]);
            prop_assert_eq!(check_feasible(r, o, &c), Ok(()));
            prop_assert_eq!(score(r, o, c.now, &w).score, p.score);
            rl[rpos[&p.request_id]] += 1;
            ol[opos[&p.offer_id]] += 1;
        }
        for (i, r) in requests.iter().enumerate() { prop_assert!(rl[i] <= r.free_places); }
        for (i, o) in offers.iter().enumerate() { prop_assert!(ol[i] <= o.free_matches); }
        // The optimum over all feasible pairs (1000 candidates = all of them here).
        let mut inst = Instance {
            request_capacity: requests.iter().map(|r| r.free_places).collect(),
            offer_capacity: offers.iter().map(|o| o.free_matches).collect(),
            edges: Vec::new(),
        };
        for (i, r) in requests.iter().enumerate() {
            for (j, o) in offers.iter().enumerate() {
                if check_feasible(r, o, &c).is_ok() {
                    inst.edges.push(Edge { request: i as u32, offer: j as u32, score: u32::from(score(r, o, c.now, &w).score) });
                }
            }
        }
        let best = solve(&inst, Objective::MaxMatchedThenScore);
        prop_assert_eq!((plan.filled_places, plan.total_score), (best.matched, best.total_score));
        let matched: std::collections::HashSet<_> = plan.proposals.iter().map(|p| p.request_id).collect();
        prop_assert_eq!(plan.matched_requests as usize, matched.len());
        prop_assert_eq!(plan.unmatched.len() + matched.len(), nr);
    }
}
