//! What matching knows of the current state, kept in memory and changed record by record:
//! the offers that may be suggested, the open requests with a free place, and the matches
//! that rule pairs out. The service fills and updates it (from the tables at start, then from
//! the change feed); it answers the same top-k questions as an index built for one call from
//! the tables would, without reading them.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::config::Weights;
use super::index::{Grid, OfferIndex, RequestIndex, RequestSuggestion, Suggestion};
use super::model::{OfferSpec, RequestSpec};
use super::rules::{Ctx, Exclusions, Proposer};

/// One earlier match of a request, as far as the exclusion rule cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pair {
    pub offer_id: Uuid,
    pub volunteer_id: Uuid,
    /// The volunteer declined or was declined: never again for this request.
    pub declined: bool,
    /// Pending or confirmed: the pair is taken.
    pub live: bool,
}

/// The matching state of one instance.
#[derive(Debug, Clone, Default)]
pub struct LiveIndex {
    offers: OfferIndex,
    offer_specs: HashMap<Uuid, OfferSpec>,
    offers_of: HashMap<Uuid, HashSet<Uuid>>,
    requests: RequestIndex,
    request_specs: HashMap<Uuid, RequestSpec>,
    /// The earlier matches of each request held (those of other requests do not matter).
    pairs: HashMap<Uuid, Vec<Pair>>,
}

/// The exclusion rule answered from the pairs held.
struct HeldPairs<'a>(&'a HashMap<Uuid, Vec<Pair>>);

impl Exclusions for HeldPairs<'_> {
    fn declined(&self, request_id: Uuid, volunteer_id: Uuid) -> bool {
        self.0.get(&request_id).is_some_and(|ps| {
            ps.iter()
                .any(|p| p.declined && p.volunteer_id == volunteer_id)
        })
    }
    fn live_match(&self, request_id: Uuid, offer_id: Uuid) -> bool {
        self.0
            .get(&request_id)
            .is_some_and(|ps| ps.iter().any(|p| p.live && p.offer_id == offer_id))
    }
}

impl LiveIndex {
    pub fn new(grid: Grid) -> Self {
        LiveIndex {
            offers: OfferIndex::new(grid),
            requests: RequestIndex::new(grid),
            ..Default::default()
        }
    }

    /// Adds an offer or replaces it.
    pub fn upsert_offer(&mut self, offer: OfferSpec) {
        self.remove_offer(offer.id);
        self.offers.upsert(&offer);
        self.offers_of
            .entry(offer.volunteer_id)
            .or_default()
            .insert(offer.id);
        self.offer_specs.insert(offer.id, offer);
    }

    pub fn remove_offer(&mut self, id: Uuid) {
        if let Some(old) = self.offer_specs.remove(&id) {
            self.offers.remove(id);
            if let Some(set) = self.offers_of.get_mut(&old.volunteer_id) {
                set.remove(&id);
                if set.is_empty() {
                    self.offers_of.remove(&old.volunteer_id);
                }
            }
        }
    }

    /// Adds a request with its earlier matches, or replaces both.
    pub fn upsert_request(&mut self, request: RequestSpec, pairs: Vec<Pair>) {
        self.requests.upsert(&request);
        self.pairs.insert(request.id, pairs);
        self.request_specs.insert(request.id, request);
    }

    pub fn remove_request(&mut self, id: Uuid) {
        if self.request_specs.remove(&id).is_some() {
            self.requests.remove(id);
        }
        self.pairs.remove(&id);
    }

    pub fn offer(&self, id: Uuid) -> Option<&OfferSpec> {
        self.offer_specs.get(&id)
    }

    pub fn request(&self, id: Uuid) -> Option<&RequestSpec> {
        self.request_specs.get(&id)
    }

    /// The offers held of one volunteer.
    pub fn offers_of(&self, volunteer_id: Uuid) -> Vec<Uuid> {
        let mut ids: Vec<Uuid> = self
            .offers_of
            .get(&volunteer_id)
            .map(|s| s.iter().copied().collect())
            .unwrap_or_default();
        ids.sort_unstable();
        ids
    }

    /// How many offers and requests are held.
    pub fn sizes(&self) -> (usize, usize) {
        (self.offer_specs.len(), self.request_specs.len())
    }

    /// The best `k` offers for `request`, proposed by others (managers): the answer of an
    /// [`OfferIndex`] over every offer that may serve it, with the request's earlier matches.
    pub fn top_offers(
        &self,
        request: &RequestSpec,
        k: usize,
        now: DateTime<Utc>,
        w: &Weights,
    ) -> Vec<Suggestion> {
        let held = HeldPairs(&self.pairs);
        let ctx = Ctx::new(now, Proposer::Others, &held);
        self.offers.top_k_offers(request, k, &ctx, w)
    }

    /// The best `k` requests for `offer`, asked for by its volunteer.
    pub fn top_requests(
        &self,
        offer: &OfferSpec,
        k: usize,
        now: DateTime<Utc>,
        w: &Weights,
    ) -> Vec<RequestSuggestion> {
        let held = HeldPairs(&self.pairs);
        let ctx = Ctx::new(now, Proposer::Volunteer, &held);
        self.requests.top_k_requests(offer, k, &ctx, w)
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use proptest::prelude::*;

    use super::*;
    use crate::matching::ExclusionSet;
    use crate::matching::synthetic::{CityShape, Rng};

    /// One step on the held state: offers and requests come, change and go, matches rule
    /// pairs out.
    #[derive(Debug, Clone)]
    enum Step {
        Offer(usize, u64),
        DropOffer(usize),
        Request(usize, u64),
        DropRequest(usize),
        Match(usize, usize, bool),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (0..12usize, any::<u64>()).prop_map(|(i, s)| Step::Offer(i, s)),
            (0..12usize).prop_map(Step::DropOffer),
            (0..12usize, any::<u64>()).prop_map(|(i, s)| Step::Request(i, s)),
            (0..12usize).prop_map(Step::DropRequest),
            (0..12usize, 0..12usize, any::<bool>()).prop_map(|(r, o, d)| Step::Match(r, o, d)),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// After any sequence of changes, the held state answers as indexes built afresh
        /// from the same records do.
        #[test]
        fn changed_record_by_record_it_answers_as_a_fresh_index(
            steps in prop::collection::vec(step(), 1..40)
        ) {
            let shape = CityShape::default();
            let now = Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap();
            let w = Weights::default();
            let mut live = LiveIndex::new(Grid::default());
            let mut offers: HashMap<usize, OfferSpec> = HashMap::new();
            let mut requests: HashMap<usize, RequestSpec> = HashMap::new();
            let mut pairs: HashMap<usize, Vec<Pair>> = HashMap::new();
            for s in steps {
                match s {
                    Step::Offer(i, seed) => {
                        let mut o = shape.offer(i as u64, &mut Rng::new(seed));
                        o.id = Uuid::from_u128(1000 + i as u128);
                        o.volunteer_id = Uuid::from_u128(2000 + (i % 5) as u128);
                        o.valid_until = now + chrono::Duration::days(30);
                        live.upsert_offer(o.clone());
                        offers.insert(i, o);
                    }
                    Step::DropOffer(i) => {
                        live.remove_offer(Uuid::from_u128(1000 + i as u128));
                        offers.remove(&i);
                    }
                    Step::Request(i, seed) => {
                        let mut r = shape.request(i as u64, &mut Rng::new(seed));
                        r.id = Uuid::from_u128(3000 + i as u128);
                        let p = pairs.get(&i).cloned().unwrap_or_default();
                        live.upsert_request(r.clone(), p);
                        requests.insert(i, r);
                    }
                    Step::DropRequest(i) => {
                        live.remove_request(Uuid::from_u128(3000 + i as u128));
                        requests.remove(&i);
                        pairs.remove(&i);
                    }
                    Step::Match(r, o, declined) => {
                        let (Some(req), Some(off)) = (requests.get(&r), offers.get(&o)) else {
                            continue;
                        };
                        let ps = pairs.entry(r).or_default();
                        ps.push(Pair {
                            offer_id: off.id,
                            volunteer_id: off.volunteer_id,
                            declined,
                            live: !declined,
                        });
                        live.upsert_request(req.clone(), ps.clone());
                    }
                }
                let mut ex = ExclusionSet::default();
                for (r, ps) in &pairs {
                    let Some(req) = requests.get(r) else { continue };
                    for p in ps {
                        if p.declined {
                            ex.declined.insert((req.id, p.volunteer_id));
                        }
                        if p.live {
                            ex.live.insert((req.id, p.offer_id));
                        }
                    }
                }
                let fresh_offers = OfferIndex::from_offers(Grid::default(), offers.values());
                let fresh_requests = RequestIndex::from_requests(Grid::default(), requests.values());
                for r in requests.values() {
                    let ctx = Ctx::new(now, Proposer::Others, &ex);
                    prop_assert_eq!(
                        live.top_offers(r, 5, now, &w),
                        fresh_offers.top_k_offers(r, 5, &ctx, &w)
                    );
                }
                for o in offers.values() {
                    let ctx = Ctx::new(now, Proposer::Volunteer, &ex);
                    prop_assert_eq!(
                        live.top_requests(o, 5, now, &w),
                        fresh_requests.top_k_requests(o, 5, &ctx, &w)
                    );
                }
            }
        }
    }
}
