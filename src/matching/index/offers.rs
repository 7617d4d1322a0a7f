//! The offer index: offers by lane (category and mode) and cell, and by lane and wijk, kept
//! up to date one offer at a time; the best k offers for a request walk rings of cells outward
//! and stop when no further cell can be reached or beat the k-th score.

use std::cmp::{Ordering, Reverse};
use std::collections::HashMap;

use rustc_hash::FxHashMap as FxMap;
use serde::Serialize;
use smallvec::SmallVec;
use uuid::Uuid;

use super::SearchStats;
use super::bounds::{Batch, Filter, Hot};
use super::grid::{Grid, cos_min_around, for_ring, remove_from, wkey};
use super::topk::TopK;
use crate::matching::config::Weights;
use crate::matching::core::{self, Interner, POffer, PRequest, UNKNOWN};
use crate::matching::model::{OfferSpec, RequestSpec};
use crate::matching::packed::PackedCells;
use crate::matching::rules::{Ctx, Infeasible};
use crate::matching::score::{Scored, scored};

/// One suggested offer for a request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub offer_id: Uuid,
    pub volunteer_id: Uuid,
    #[serde(flatten)]
    pub scored: Scored,
}

/// Rank of an offer for one request: score desc, then offer id asc; with the slot and what
/// the evaluation measured (kept for the reasons, and left out of the order).
#[derive(Clone, Copy)]
struct OfferRank(u8, Reverse<Uuid>, u32, core::Eval);

impl OfferRank {
    fn key(&self) -> (u8, Reverse<Uuid>) {
        (self.0, self.1)
    }
}
impl PartialEq for OfferRank {
    fn eq(&self, o: &Self) -> bool {
        self.key() == o.key()
    }
}
impl Eq for OfferRank {}
impl Ord for OfferRank {
    fn cmp(&self, o: &Self) -> Ordering {
        self.key().cmp(&o.key())
    }
}
impl PartialOrd for OfferRank {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

/// The lanes an offer is listed in per category: one per mode when it can take a match at
/// all (active, a free match), else the parked lane 3, seen only by [`OfferIndex::explain`].
fn lanes(p: &POffer, cat: u32) -> impl Iterator<Item = u32> {
    let usable = p.active && p.free_matches > 0 && p.modes != 0;
    let modes = if usable { p.modes } else { 0 };
    (0..3u32)
        .filter(move |m| modes & (1 << m) != 0)
        .chain((!usable).then_some(3))
        .map(move |m| cat.saturating_mul(4) | m)
}

/// The lane of a request's mode in its category.
fn lane(cat: u32, mode_bit: u8) -> u32 {
    cat.saturating_mul(4) | mode_bit.trailing_zeros().min(3)
}

/// Offers indexed by category and location, updated incrementally.
#[derive(Debug, Clone, Default)]
pub struct OfferIndex {
    grid: Grid,
    int: Interner,
    slots: Vec<Option<POffer>>,
    free: Vec<u32>,
    by_id: HashMap<Uuid, u32>,
    /// Per lane, the offers of each cell.
    cells: FxMap<u32, PackedCells<Hot>>,
    /// Per (lane, wijk), the offers that list the wijk.
    by_wijk: FxMap<u64, Vec<Hot>>,
    /// Largest travel radius ever seen per category code (never shrinks: a safe bound).
    max_km: FxMap<u32, f64>,
}

impl OfferIndex {
    pub fn new(grid: Grid) -> Self {
        OfferIndex {
            grid,
            ..Default::default()
        }
    }

    /// An index holding `offers`.
    pub fn from_offers<'a>(grid: Grid, offers: impl IntoIterator<Item = &'a OfferSpec>) -> Self {
        let mut ix = OfferIndex::new(grid);
        for o in offers {
            ix.upsert(o);
        }
        ix
    }

    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// Adds an offer, or replaces the one with the same id.
    pub fn upsert(&mut self, offer: &OfferSpec) {
        self.remove(offer.id);
        let p = POffer::new(offer, &mut self.int);
        let slot = match self.free.pop() {
            Some(s) => s,
            None => {
                self.slots.push(None);
                u32::try_from(self.slots.len() - 1).unwrap_or(u32::MAX)
            }
        };
        let (x, y) = self.grid.cell(p.loc);
        let hot = Hot::new(slot, &p);
        for &c in &p.categories {
            for l in lanes(&p, c) {
                // Largest travel radius first: a scan stops at the first radius that cannot
                // reach the query.
                let cells = self.cells.entry(l).or_default();
                cells.insert(x, y, hot, |h| h.max_km >= hot.max_km);
                for &w in &p.wijks {
                    self.by_wijk.entry(wkey(l, w)).or_default().push(hot);
                }
            }
            let m = self.max_km.entry(c).or_insert(0.0);
            if p.max_km > *m {
                *m = p.max_km;
            }
        }
        self.by_id.insert(p.id, slot);
        if let Some(s) = self.slots.get_mut(slot as usize) {
            *s = Some(p);
        }
    }

    /// Removes an offer; returns whether it was there.
    pub fn remove(&mut self, offer_id: Uuid) -> bool {
        let Some(slot) = self.by_id.remove(&offer_id) else {
            return false;
        };
        let Some(p) = self.slots.get_mut(slot as usize).and_then(Option::take) else {
            return false;
        };
        let (x, y) = self.grid.cell(p.loc);
        for &c in &p.categories {
            for l in lanes(&p, c) {
                if let Some(cells) = self.cells.get_mut(&l) {
                    cells.remove(x, y, |h| h.slot == slot);
                    if cells.is_empty() {
                        self.cells.remove(&l);
                    }
                }
                for &w in &p.wijks {
                    remove_from(&mut self.by_wijk, wkey(l, w), |h| h.slot == slot);
                }
            }
        }
        self.free.push(slot);
        true
    }

    fn offer(&self, slot: u32) -> Option<&POffer> {
        self.slots.get(slot as usize).and_then(Option::as_ref)
    }

    /// Reads the records of the first candidates of a batch in one go, before they are
    /// evaluated one by one: their cache misses then overlap instead of following each
    /// other (the evaluation loop waited on memory for most of its time).
    fn warm(&self, batch: &[(u8, &Hot, bool)], k: usize) {
        let touched: usize = batch
            .iter()
            .take(k + 8)
            .filter_map(|c| self.offer(c.1.slot))
            .map(|o| o.categories.len() + o.avail.len() + o.skills.len() + o.langs.len())
            .sum();
        std::hint::black_box(touched);
    }

    /// Scores a candidate into `top`. `by_distance`: the grid pass takes the offers within
    /// their radius, the wijk pass the others.
    #[inline]
    fn consider(
        &self,
        req: &PRequest,
        h: &Hot,
        by_distance: bool,
        ctx: &Ctx,
        w: &Weights,
        top: &mut TopK<OfferRank>,
    ) {
        let Some(o) = self.offer(h.slot) else { return };
        let d = req.spec.location.distance_km(o.loc);
        if (d <= o.max_km) != by_distance {
            return;
        }
        if let Some((s, e)) = core::feasible_score_at(req, o, ctx, w, d) {
            top.push(OfferRank(s, Reverse(o.id), h.slot, e));
        }
    }

    fn finish(&self, req: &PRequest, top: TopK<OfferRank>, w: &Weights) -> Vec<Suggestion> {
        top.into_sorted()
            .into_iter()
            .filter_map(|OfferRank(_, _, slot, e)| {
                let o = self.offer(slot)?;
                Some(Suggestion {
                    offer_id: o.id,
                    volunteer_id: o.volunteer_id,
                    scored: scored(req, o, &e, w),
                })
            })
            .collect()
    }

    /// The best `k` feasible offers for `request`: score desc, then offer id.
    pub fn top_k_offers(
        &self,
        request: &RequestSpec,
        k: usize,
        ctx: &Ctx,
        w: &Weights,
    ) -> Vec<Suggestion> {
        self.top_k_offers_traced(request, k, ctx, w).0
    }

    /// [`OfferIndex::top_k_offers`] with a count of the work it took (for benchmarks).
    pub fn top_k_offers_traced(
        &self,
        request: &RequestSpec,
        k: usize,
        ctx: &Ctx,
        w: &Weights,
    ) -> (Vec<Suggestion>, SearchStats) {
        let mut stats = SearchStats::default();
        let found = self.search(request, k, ctx, w, &mut stats);
        (found, stats)
    }

    fn search(
        &self,
        request: &RequestSpec,
        k: usize,
        ctx: &Ctx,
        w: &Weights,
        stats: &mut SearchStats,
    ) -> Vec<Suggestion> {
        let req = PRequest::new(request, &self.int, ctx.now);
        let mut top: TopK<OfferRank> = TopK::new(k);
        if k == 0
            || req.category == UNKNOWN
            || request.free_places == 0
            || matches!(*req.schedule, core::PSchedule::Ended)
        {
            return Vec::new(); // nothing can be feasible
        }
        let cat = req.category;
        let lane = lane(cat, req.mode);
        let filter = Filter::new(&req, ctx, w);
        // Candidates of one ring (the wijk list joins the first), best bound first: the k-th
        // score rises fast and the rest of the ring is cut at the first bound below it.
        let mut batch: Batch = SmallVec::new();
        let mut ring: SmallVec<[(&[Hot], f64); 64]> = SmallVec::new();
        // Offers reachable by distance are found in the grid; those listing the request's
        // wijk but beyond their radius only through the wijk list: each offer once.
        let Some(cells) = self.cells.get(&lane) else {
            return Vec::new(); // no offer in this category and mode can take a match
        };
        if req.wijk != UNKNOWN
            && let Some(list) = self.by_wijk.get(&wkey(lane, req.wijk))
        {
            filter.collect(&req, list, false, 0.0, None, &mut batch, stats);
        }
        let max_km = self.max_km.get(&cat).copied().unwrap_or(0.0);
        let cos_min = cos_min_around(request.location, max_km);
        let (qx, qy) = self.grid.cell(request.location);
        let (fx, fy) = self.grid.cell_f(request.location);
        let mut r = 0i32;
        loop {
            let lb = self.grid.ring_lower_bound(r - 1, cos_min);
            if lb > max_km || r > 100_000 {
                break;
            }
            if let Some(t) = top.threshold() {
                let bound = core::combine(&core::bound_parts(&req, lb, w), w);
                if bound < t.0 {
                    break;
                }
            }
            let threshold = top.threshold().map(|t| t.0);
            stats.rings += 1;
            // First the cells of the ring worth reading, then their first lines together
            // (overlapping misses), then the reading.
            for_ring(qx, qy, r, |x, y| {
                let list = cells.get(x, y);
                if list.is_empty() {
                    return;
                }
                // The cell's own bound is tighter than the ring's (corners are farther).
                let lb = if lb < 100.0 {
                    let c = self.grid.cell_lower_bound(fx, fy, x, y, cos_min).max(lb);
                    if c > max_km {
                        return;
                    }
                    if let Some(t) = threshold
                        && core::combine(&core::bound_parts(&req, c, w), w) < t
                    {
                        return;
                    }
                    c
                } else {
                    lb
                };
                ring.push((list, lb));
            });
            let first: u32 = ring
                .iter()
                .map(|(list, _)| list[0].slot)
                .fold(0, u32::wrapping_add);
            std::hint::black_box(first);
            stats.cells += ring.len();
            for &(list, lb) in &ring {
                filter.collect(&req, list, true, lb, threshold, &mut batch, stats);
            }
            ring.clear();
            batch.sort_unstable_by_key(|c| Reverse(c.0));
            self.warm(&batch, k);
            for &(b, h, by_distance) in &batch {
                if let Some(t) = top.threshold()
                    && b < t.0
                {
                    break;
                }
                stats.evaluated += 1;
                self.consider(&req, h, by_distance, ctx, w, &mut top);
            }
            batch.clear();
            r += 1;
        }
        self.finish(&req, top, w)
    }

    /// Why no offer is feasible for `request`: of the offers in its category and in reach,
    /// the failure that got furthest through the rules (highest rule number); out of reach
    /// when none is in reach, category mismatch when the category has no offers.
    pub fn explain(&self, request: &RequestSpec, ctx: &Ctx) -> Infeasible {
        let req = PRequest::new(request, &self.int, ctx.now);
        let Some(&max_km) = self.max_km.get(&req.category) else {
            return Infeasible::CategoryMismatch;
        };
        let mut best = Infeasible::OutOfReach;
        let mut see = |o: &POffer| {
            if let Err(e) = core::evaluate(&req, o, ctx)
                && e > best
            {
                best = e;
            }
        };
        let all_lanes = (0..4).map(|l| req.category.saturating_mul(4) | l);
        for l in all_lanes.clone() {
            if let Some(list) = self.by_wijk.get(&wkey(l, req.wijk)) {
                list.iter()
                    .filter_map(|h| self.offer(h.slot))
                    .for_each(&mut see);
            }
        }
        let cos_min = cos_min_around(request.location, max_km);
        let (qx, qy) = self.grid.cell(request.location);
        let mut r = 0;
        while self.grid.ring_lower_bound(r - 1, cos_min) <= max_km && r <= 100_000 {
            for_ring(qx, qy, r, |x, y| {
                for l in all_lanes.clone() {
                    if let Some(cells) = self.cells.get(&l) {
                        cells
                            .get(x, y)
                            .iter()
                            .filter_map(|h| self.offer(h.slot))
                            .for_each(&mut see);
                    }
                }
            });
            r += 1;
        }
        best
    }

    /// The same answer as [`OfferIndex::top_k_offers`] by scanning every offer (baseline).
    pub fn top_k_offers_scan(
        &self,
        request: &RequestSpec,
        k: usize,
        ctx: &Ctx,
        w: &Weights,
    ) -> Vec<Suggestion> {
        let req = PRequest::new(request, &self.int, ctx.now);
        let mut top = TopK::new(k);
        for (slot, o) in self.slots.iter().enumerate() {
            if let Some(o) = o
                && let Some((s, e)) = core::feasible_score(&req, o, ctx, w)
            {
                top.push(OfferRank(s, Reverse(o.id), slot as u32, e));
            }
        }
        self.finish(&req, top, w)
    }
}
