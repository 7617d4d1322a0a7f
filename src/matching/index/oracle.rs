//! The oracle the indexes are tested against: every offer through the public rules and score.

use super::offers::Suggestion;
use crate::matching::config::Weights;
use crate::matching::feasibility::check_feasible;
use crate::matching::model::{OfferSpec, RequestSpec};
use crate::matching::rules::Ctx;
use crate::matching::score::score;

/// The oracle: best `k` feasible offers for `request` through the public
/// [`check_feasible`] and [`score()`], scanning all of `offers`.
pub fn full_scan_top_k_offers(
    request: &RequestSpec,
    offers: &[OfferSpec],
    k: usize,
    ctx: &Ctx,
    w: &Weights,
) -> Vec<Suggestion> {
    let mut all: Vec<Suggestion> = offers
        .iter()
        .filter(|o| check_feasible(request, o, ctx).is_ok())
        .map(|o| Suggestion {
            offer_id: o.id,
            volunteer_id: o.volunteer_id,
            scored: score(request, o, ctx.now, w),
        })
        .collect();
    all.sort_by(|a, b| {
        b.scored
            .score
            .cmp(&a.scored.score)
            .then(a.offer_id.cmp(&b.offer_id))
    });
    all.truncate(k);
    all
}
