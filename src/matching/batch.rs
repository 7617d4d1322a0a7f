//! A batch matching run (API `POST /matching/runs`): the exact optimum — most filled places,
//! then the highest total score — over each request's best `candidates_per_request`
//! feasible offers.

use std::collections::HashMap;

use serde::Serialize;
use uuid::Uuid;

use super::config::Weights;
use super::index::{Grid, OfferIndex};
use super::model::{OfferSpec, RequestSpec};
use super::rules::{Ctx, Proposer};
use super::score::{Reasons, Scored};
use super::solver::{Edge, Instance, Objective, solve};

/// One proposed pair, with the reasons of its score (a person reviews a run by them).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Proposal {
    pub request_id: Uuid,
    pub offer_id: Uuid,
    pub score: u8,
    pub reasons: Reasons,
}

/// A request that got no proposal, and why: a hard-rule code ([`super::Infeasible::code`])
/// when no offer was feasible — the rule the nearest-to-feasible offers failed, i.e. the
/// highest-numbered rule any offer in the category and in reach got to —, or
/// `offers_taken` when feasible offers existed but the optimum gave them to other requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unmatched {
    pub request_id: Uuid,
    pub reason: String,
}

/// The result of a batch run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BatchPlan {
    /// By request (longest waiting first, then id), then score desc, then offer id.
    pub proposals: Vec<Proposal>,
    pub filled_places: u64,
    pub matched_requests: u64,
    /// Requests without any proposal, in the order of `proposals`.
    pub unmatched: Vec<Unmatched>,
    pub total_score: u64,
    pub optimal_over: String,
}

/// Plans a batch run over `requests` and `offers`. Rule 10 always applies (a batch run
/// proposes on others' behalf), whatever `ctx.proposer` says. Capacities are the requests'
/// `free_places` and the offers' `free_matches`.
pub fn plan_batch(
    requests: &[RequestSpec],
    offers: &[OfferSpec],
    ctx: &Ctx,
    weights: &Weights,
    candidates_per_request: usize,
) -> BatchPlan {
    let ctx = Ctx {
        proposer: Proposer::Others,
        ..*ctx
    };
    let index = OfferIndex::from_offers(Grid::default(), offers);
    let offer_pos: HashMap<Uuid, u32> = offers
        .iter()
        .enumerate()
        .map(|(i, o)| (o.id, i as u32))
        .collect();
    let caps: Vec<u32> = offers.iter().map(|o| o.free_matches).collect();

    // A fixed order (longest waiting first, then id) keeps the plan deterministic.
    let mut order: Vec<usize> = (0..requests.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (&requests[a], &requests[b]);
        ra.created_at.cmp(&rb.created_at).then(ra.id.cmp(&rb.id))
    });

    // Every candidate edge: (row, offer position, scored); its index is the solver's edge.
    let mut edges: Vec<(usize, u32, Scored)> = Vec::new();
    let mut has_candidates: Vec<bool> = Vec::with_capacity(order.len());
    for (row, &ri) in order.iter().enumerate() {
        let r = &requests[ri];
        let first = edges.len();
        for s in index.top_k_offers(r, candidates_per_request, &ctx, weights) {
            if let Some(&p) = offer_pos.get(&s.offer_id) {
                edges.push((row, p, s.scored));
            }
        }
        has_candidates.push(edges.len() > first);
    }
    let instance = Instance {
        request_capacity: order.iter().map(|&ri| requests[ri].free_places).collect(),
        offer_capacity: caps,
        edges: edges
            .iter()
            .map(|(row, o, s)| Edge {
                request: *row as u32,
                offer: *o,
                score: u32::from(s.score),
            })
            .collect(),
    };
    let solution = solve(&instance, Objective::MaxMatchedThenScore);

    let mut per_row: Vec<Vec<(Scored, Uuid)>> = vec![Vec::new(); order.len()];
    for i in solution.assignments {
        if let Some((row, o, s)) = edges.get(i) {
            per_row[*row].push((s.clone(), offers[*o as usize].id));
        }
    }

    let mut plan = BatchPlan {
        proposals: Vec::new(),
        filled_places: 0,
        matched_requests: 0,
        unmatched: Vec::new(),
        total_score: 0,
        optimal_over: format!(
            "each request's best {candidates_per_request} feasible offers by score"
        ),
    };
    for (row, &ri) in order.iter().enumerate() {
        let r = &requests[ri];
        let mut got = std::mem::take(&mut per_row[row]);
        got.sort_by(|a, b| b.0.score.cmp(&a.0.score).then(a.1.cmp(&b.1)));
        if got.is_empty() {
            let reason = if !has_candidates[row] {
                index.explain(r, &ctx).code().to_owned()
            } else {
                "offers_taken".to_owned()
            };
            plan.unmatched.push(Unmatched {
                request_id: r.id,
                reason,
            });
            continue;
        }
        plan.matched_requests += 1;
        for (scored, offer_id) in got {
            plan.filled_places += 1;
            plan.total_score += u64::from(scored.score);
            plan.proposals.push(Proposal {
                request_id: r.id,
                offer_id,
                score: scored.score,
                reasons: scored.reasons,
            });
        }
    }
    plan
}
