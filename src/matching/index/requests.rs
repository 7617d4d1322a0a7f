//! The request index: requests by category and cell, and by category and wijk; the best k
//! requests for an offer.

use std::cmp::Ordering;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rustc_hash::FxHashMap as FxMap;
use serde::Serialize;
use uuid::Uuid;

use super::grid::{Grid, cos_min_around, for_ring, key, remove_from, wkey};
use super::topk::TopK;
use crate::matching::config::Weights;
use crate::matching::core::{self, Interner, Kind, POffer, PRequest};
use crate::matching::model::{OfferSpec, RequestSpec};
use crate::matching::rules::Ctx;
use crate::matching::score::{Scored, scored};

/// One suggested request for an offer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestSuggestion {
    pub request_id: Uuid,
    #[serde(flatten)]
    pub scored: Scored,
}

/// Rank of a request for one offer: score desc, then longest waiting, then id asc.
#[derive(PartialEq, Eq, Clone, Copy)]
struct RequestRank(u8, DateTime<Utc>, Uuid, u32);

impl Ord for RequestRank {
    fn cmp(&self, o: &Self) -> Ordering {
        self.0
            .cmp(&o.0)
            .then(o.1.cmp(&self.1))
            .then(o.2.cmp(&self.2))
    }
}
impl PartialOrd for RequestRank {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

/// A request as the request index keeps it.
#[derive(Debug, Clone)]
struct IxRequest {
    spec: RequestSpec,
    category: u32,
    wijk: u32,
    /// Codes and weekly windows, prepared once.
    cached: core::Cached,
}

/// Requests indexed by category and location (for an offer's suggestions).
#[derive(Debug, Clone, Default)]
pub struct RequestIndex {
    grid: Grid,
    int: Interner,
    slots: Vec<Option<IxRequest>>,
    free: Vec<u32>,
    by_id: HashMap<Uuid, u32>,
    cells: FxMap<u64, Vec<u32>>,
    by_wijk: FxMap<u64, Vec<u32>>,
}

impl RequestIndex {
    pub fn new(grid: Grid) -> Self {
        RequestIndex {
            grid,
            ..Default::default()
        }
    }

    pub fn from_requests<'a>(
        grid: Grid,
        requests: impl IntoIterator<Item = &'a RequestSpec>,
    ) -> Self {
        let mut ix = RequestIndex::new(grid);
        for r in requests {
            ix.upsert(r);
        }
        ix
    }

    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// Adds a request, or replaces the one with the same id.
    pub fn upsert(&mut self, request: &RequestSpec) {
        self.remove(request.id);
        let category = self.int.intern(Kind::Category, &request.category);
        let wijk = self.int.intern(Kind::Wijk, &request.wijk_code);
        for s in &request.skills {
            self.int.intern(Kind::Skill, s);
        }
        for s in &request.languages {
            self.int.intern(Kind::Language, s);
        }
        let slot = match self.free.pop() {
            Some(s) => s,
            None => {
                self.slots.push(None);
                u32::try_from(self.slots.len() - 1).unwrap_or(u32::MAX)
            }
        };
        let (x, y) = self.grid.cell(request.location);
        self.cells
            .entry(key(category, x, y))
            .or_default()
            .push(slot);
        self.by_wijk
            .entry(wkey(category, wijk))
            .or_default()
            .push(slot);
        self.by_id.insert(request.id, slot);
        if let Some(s) = self.slots.get_mut(slot as usize) {
            *s = Some(IxRequest {
                spec: request.clone(),
                category,
                wijk,
                cached: core::Cached::new(request, &self.int),
            });
        }
    }

    /// Removes a request; returns whether it was there.
    pub fn remove(&mut self, request_id: Uuid) -> bool {
        let Some(slot) = self.by_id.remove(&request_id) else {
            return false;
        };
        let Some(r) = self.slots.get_mut(slot as usize).and_then(Option::take) else {
            return false;
        };
        let (x, y) = self.grid.cell(r.spec.location);
        remove_from(&mut self.cells, key(r.category, x, y), |&s| s == slot);
        remove_from(&mut self.by_wijk, wkey(r.category, r.wijk), |&s| s == slot);
        self.free.push(slot);
        true
    }

    fn consider(
        &self,
        slot: u32,
        off: &POffer,
        ctx: &Ctx,
        w: &Weights,
        top: &mut TopK<RequestRank>,
    ) {
        let Some(r) = self.slots.get(slot as usize).and_then(Option::as_ref) else {
            return;
        };
        let req = PRequest::cached(&r.spec, &r.cached, ctx.now);
        if let Some((s, _)) = core::feasible_score(&req, off, ctx, w) {
            top.push(RequestRank(s, r.spec.created_at, r.spec.id, slot));
        }
    }

    fn finish(
        &self,
        off: &POffer,
        top: TopK<RequestRank>,
        ctx: &Ctx,
        w: &Weights,
    ) -> Vec<RequestSuggestion> {
        top.into_sorted()
            .into_iter()
            .filter_map(|RequestRank(_, _, _, slot)| {
                let r = self.slots.get(slot as usize).and_then(Option::as_ref)?;
                let req = PRequest::cached(&r.spec, &r.cached, ctx.now);
                let e = core::measure(&req, off);
                Some(RequestSuggestion {
                    request_id: r.spec.id,
                    scored: scored(&req, off, &e, w),
                })
            })
            .collect()
    }

    /// The best `k` feasible requests for `offer`: score desc, longest waiting, id.
    pub fn top_k_requests(
        &self,
        offer: &OfferSpec,
        k: usize,
        ctx: &Ctx,
        w: &Weights,
    ) -> Vec<RequestSuggestion> {
        let off = POffer::lookup(offer, &self.int);
        let mut top = TopK::new(k);
        if k == 0 {
            return Vec::new();
        }
        let (qx, qy) = self.grid.cell(offer.location);
        let max_km = if off.max_km.is_finite() {
            off.max_km.max(0.0)
        } else {
            40_000.0
        };
        let cos_min = cos_min_around(offer.location, max_km);
        for &cat in &off.categories {
            for &wj in &off.wijks {
                if let Some(list) = self.by_wijk.get(&wkey(cat, wj)) {
                    for &slot in list {
                        self.consider(slot, &off, ctx, w, &mut top);
                    }
                }
            }
            let mut r = 0i32;
            loop {
                let lb = self.grid.ring_lower_bound(r - 1, cos_min);
                if lb > max_km || r > 100_000 {
                    break;
                }
                if let Some(t) = top.threshold() {
                    let p = core::Parts {
                        distance: core::distance_fit(lb, w),
                        time: 1.0,
                        skills: 1.0,
                        language: 1.0,
                        waiting: 1.0,
                        urgency: 1.0,
                    };
                    if core::combine(&p, w) < t.0 {
                        break;
                    }
                }
                for_ring(qx, qy, r, |x, y| {
                    let Some(list) = self.cells.get(&key(cat, x, y)) else {
                        return;
                    };
                    for &slot in list {
                        let Some(rq) = self.slots.get(slot as usize).and_then(Option::as_ref)
                        else {
                            continue;
                        };
                        if off.wijks.binary_search(&rq.wijk).is_ok() {
                            continue; // seen through the wijk lists
                        }
                        self.consider(slot, &off, ctx, w, &mut top);
                    }
                });
                r += 1;
            }
        }
        self.finish(&off, top, ctx, w)
    }

    /// The same answer as [`RequestIndex::top_k_requests`] by scanning every request.
    pub fn top_k_requests_scan(
        &self,
        offer: &OfferSpec,
        k: usize,
        ctx: &Ctx,
        w: &Weights,
    ) -> Vec<RequestSuggestion> {
        let off = POffer::lookup(offer, &self.int);
        let mut top = TopK::new(k);
        for slot in 0..self.slots.len() {
            self.consider(slot as u32, &off, ctx, w, &mut top);
        }
        self.finish(&off, top, ctx, w)
    }
}
