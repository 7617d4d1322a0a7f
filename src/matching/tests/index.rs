use proptest::prelude::*;

use super::super::Weights;
use super::super::index::{Grid, OfferIndex, RequestIndex, full_scan_top_k_offers};
use super::super::synthetic::{CityShape, Rng};
use super::super::{Ctx, ExclusionSet, Proposer};

fn city(half_width_km: f64, categories: usize) -> CityShape {
    CityShape {
        half_width_km,
        categories,
        ..CityShape::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    #[test]
    fn offer_index_top_k_equals_full_scan(
        seed in any::<u64>(), n in 0usize..400, k in 0usize..25, half in 0.5f64..12.0,
        cats in 1usize..4, cell in prop::sample::select(vec![0.3, 1.0, 2.5]),
        volunteer in any::<bool>(), churn in 0usize..60,
    ) {
        let shape = city(half, cats);
        let mut offers = shape.offers(n, seed);
        let requests = shape.requests(8, seed);
        let mut ix = OfferIndex::from_offers(Grid::new(cell, 53.2), &offers);
        // Churn: remove some offers, move and re-add others.
        let mut rng = Rng::new(seed ^ 7);
        for _ in 0..churn.min(offers.len()) {
            let i = rng.below(offers.len() as u64) as usize;
            if rng.chance(0.5) {
                let o = offers.swap_remove(i);
                prop_assert!(ix.remove(o.id));
            } else {
                let mut o = shape.offer(rng.below(1 << 20), &mut rng);
                o.id = offers[i].id;
                offers[i] = o.clone();
                ix.upsert(&o);
            }
        }
        prop_assert_eq!(ix.len(), offers.len());
        let mut ex = ExclusionSet::default();
        for r in &requests {
            for o in offers.iter().take(10) {
                if rng.chance(0.2) { ex.declined.insert((r.id, o.volunteer_id)); }
                if rng.chance(0.2) { ex.live.insert((r.id, o.id)); }
            }
        }
        let proposer = if volunteer { Proposer::Volunteer } else { Proposer::Others };
        let ctx = Ctx::new(shape.now, proposer, &ex);
        let w = Weights::default();
        for r in &requests {
            let oracle = full_scan_top_k_offers(r, &offers, k, &ctx, &w);
            prop_assert_eq!(&ix.top_k_offers(r, k, &ctx, &w), &oracle);
            prop_assert_eq!(&ix.top_k_offers_scan(r, k, &ctx, &w), &oracle);
        }
    }

    #[test]
    fn request_index_top_k_equals_scan(
        seed in any::<u64>(), n in 0usize..400, k in 0usize..25, half in 0.5f64..12.0,
        cats in 1usize..4, removals in 0usize..50,
    ) {
        let shape = city(half, cats);
        let mut requests = shape.requests(n, seed);
        let offers = shape.offers(8, seed);
        let mut ix = RequestIndex::from_requests(Grid::default(), &requests);
        let mut rng = Rng::new(seed);
        for _ in 0..removals.min(requests.len()) {
            let r = requests.swap_remove(rng.below(requests.len() as u64) as usize);
            prop_assert!(ix.remove(r.id));
        }
        let ex = ExclusionSet::default();
        let ctx = Ctx::new(shape.now, Proposer::Volunteer, &ex);
        let w = Weights::default();
        for o in &offers {
            let scan = ix.top_k_requests_scan(o, k, &ctx, &w);
            prop_assert_eq!(&ix.top_k_requests(o, k, &ctx, &w), &scan);
            // The scan agrees with the public functions.
            let mut all: Vec<_> = requests.iter()
                .filter(|r| super::super::check_feasible(r, o, &ctx).is_ok())
                .map(|r| (super::super::score(r, o, ctx.now, &w).score, r.created_at, r.id))
                .collect();
            all.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
            all.truncate(k);
            let got: Vec<_> = scan.iter().map(|s| s.request_id).collect();
            let want: Vec<_> = all.iter().map(|t| t.2).collect();
            prop_assert_eq!(got, want);
        }
    }
}

#[test]
fn top_k_order_is_score_then_id_and_deterministic() {
    let shape = CityShape::default();
    let offers = shape.offers(3000, 42);
    let requests = shape.requests(50, 42);
    let ix = OfferIndex::from_offers(Grid::default(), &offers);
    let ex = ExclusionSet::default();
    let ctx = Ctx::new(shape.now, Proposer::Others, &ex);
    let w = Weights::default();
    let mut nonempty = 0;
    for r in &requests {
        let a = ix.top_k_offers(r, 10, &ctx, &w);
        for pair in a.windows(2) {
            let (x, y) = (&pair[0], &pair[1]);
            assert!(
                x.scored.score > y.scored.score
                    || (x.scored.score == y.scored.score && x.offer_id < y.offer_id)
            );
        }
        // Rebuilt in another order: the same answer.
        let mut rev = offers.clone();
        rev.reverse();
        let ix2 = OfferIndex::from_offers(Grid::default(), &rev);
        assert_eq!(ix2.top_k_offers(r, 10, &ctx, &w), a);
        nonempty += usize::from(!a.is_empty());
    }
    assert!(nonempty > 20, "the fixture finds suggestions ({nonempty})");
}
