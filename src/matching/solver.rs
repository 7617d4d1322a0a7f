//! Exact batch assignment: a min-cost flow on a bipartite graph solved by
//! successive shortest paths.
//!
//! Network: every request unit enters at its request node; it leaves either through an edge
//! to an offer (cost `MAX_SCORE − score`, capacity 1, so a pair is used at most once) and the
//! offer's arc to the sink (capacity = the offer's capacity), or through the request's own
//! "unmatched" arc to the sink (cost `U`). With `U = MAX_SCORE` the cheapest flow is the one
//! with the highest total score; with `U` larger than any possible score total
//! (`MAX_SCORE · (Σ offer capacity + 1) + 1`) it first fills the most places and then has the
//! highest total score (lexicographic).
//!
//! Requests are added one unit at a time; each unit costs one Dijkstra over the residual
//! graph with reduced costs (node potentials keep them non-negative), stopped as soon as the
//! sink is settled; only settled nodes get their potential updated (LAPJVsp style). Integer
//! scores make plateaus of equal distances: nodes on the plateau being settled wait on a
//! stack instead of the heap, and an offer with room offers the sink as soon as it is
//! reached, so a search ends at the first free offer of the plateau. Adding a
//! unit along a shortest path keeps the flow min-cost for the units added so far, so the
//! result is optimal after every request: [`Solver::add_request`] is also the incremental
//! entry point. [`solve`] routes from the side with fewer places (it transposes the
//! instance when offers are scarce), which turns a contested instance into an uncontested
//! one for the search.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Highest edge score accepted; higher scores are treated as this.
pub const MAX_SCORE: u32 = 1_000_000;

/// What to optimise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Objective {
    /// Most filled places first, then the highest total score.
    #[default]
    MaxMatchedThenScore,
    /// The highest total score.
    MaxScore,
}

/// A possible pair with its score (0..=[`MAX_SCORE`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    pub request: u32,
    pub offer: u32,
    pub score: u32,
}

/// A weighted bipartite instance: capacities by index, edges between them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Instance {
    pub request_capacity: Vec<u32>,
    pub offer_capacity: Vec<u32>,
    pub edges: Vec<Edge>,
}

/// An optimal assignment.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Solution {
    /// Indices into `Instance::edges` of the pairs chosen, ascending.
    pub assignments: Vec<usize>,
    /// Filled places (= number of assignments).
    pub matched: u64,
    pub total_score: u64,
}

const INF: i64 = i64::MAX / 4;

/// The incremental solver: offers are fixed, requests are added one by one, and after each
/// addition the assignment is optimal for the requests added so far.
#[derive(Debug, Clone)]
pub struct Solver {
    unmatched_cost: i64,
    n_req: usize,
    // requests
    r_cap: Vec<u32>,
    r_unmatched: Vec<u32>,
    r_start: Vec<u32>,
    // edges (rows by request, appended)
    e_req: Vec<u32>,
    e_offer: Vec<u32>,
    e_cost: Vec<i64>,
    e_used: Vec<bool>,
    e_tag: Vec<usize>,
    // offers
    o_cap: Vec<u32>,
    o_users: Vec<Vec<u32>>,
    // nodes: requests are 0..n_req, offers are OFF + o, the sink is SINK
    pot_r: Vec<i64>,
    pot_o: Vec<i64>,
    // Dijkstra scratch
    dist_r: Vec<i64>,
    dist_o: Vec<i64>,
    pred_r: Vec<u32>,
    pred_o: Vec<u32>,
    done_r: Vec<bool>,
    done_o: Vec<bool>,
    touched_r: Vec<u32>,
    touched_o: Vec<u32>,
    heap: BinaryHeap<Reverse<(i64, u32)>>,
    /// Nodes reached at exactly the distance being settled (`level_d`): kept out of the
    /// heap, since integer scores put many nodes on such plateaus.
    level: Vec<u32>,
    level_d: i64,
}

const SINK: u32 = u32::MAX;
const OFF: u32 = 1 << 31;

impl Solver {
    /// A solver for offers with these capacities.
    pub fn new(offer_capacity: &[u32], objective: Objective) -> Solver {
        let total: u64 = offer_capacity
            .iter()
            .map(|&c| u64::from(c))
            .sum::<u64>()
            .min(1 << 32);
        let unmatched_cost = match objective {
            Objective::MaxScore => i64::from(MAX_SCORE),
            Objective::MaxMatchedThenScore => i64::from(MAX_SCORE) * (total as i64 + 1) + 1,
        };
        let n = offer_capacity.len();
        Solver {
            unmatched_cost,
            n_req: 0,
            r_cap: Vec::new(),
            r_unmatched: Vec::new(),
            r_start: vec![0],
            e_req: Vec::new(),
            e_offer: Vec::new(),
            e_cost: Vec::new(),
            e_used: Vec::new(),
            e_tag: Vec::new(),
            o_cap: offer_capacity.to_vec(),
            o_users: vec![Vec::new(); n],
            pot_r: Vec::new(),
            pot_o: vec![0; n],
            dist_r: Vec::new(),
            dist_o: vec![INF; n],
            pred_r: Vec::new(),
            pred_o: vec![0; n],
            done_r: Vec::new(),
            done_o: vec![false; n],
            touched_r: Vec::new(),
            touched_o: Vec::new(),
            heap: BinaryHeap::new(),
            level: Vec::new(),
            level_d: 0,
        }
    }

    /// Reserves room for `requests` more requests and `edges` more edges.
    pub fn reserve(&mut self, requests: usize, edges: usize) {
        for v in [&mut self.r_cap, &mut self.r_unmatched, &mut self.r_start] {
            v.reserve(requests);
        }
        for v in [&mut self.pot_r, &mut self.dist_r] {
            v.reserve(requests);
        }
        self.e_req.reserve(edges);
        self.e_offer.reserve(edges);
        self.e_cost.reserve(edges);
        self.e_used.reserve(edges);
        self.e_tag.reserve(edges);
    }

    /// Adds a request with `capacity` places and its edges `(offer, score, tag)` (each offer
    /// at most once; out-of-range offers are ignored), and routes its places optimally.
    /// Returns the request's index.
    pub fn add_request(
        &mut self,
        capacity: u32,
        edges: impl IntoIterator<Item = (u32, u32, usize)>,
    ) -> u32 {
        let r = self.n_req as u32;
        self.n_req += 1;
        for (o, s, tag) in edges {
            if (o as usize) < self.o_cap.len() {
                self.e_req.push(r);
                self.e_offer.push(o);
                self.e_cost.push(i64::from(MAX_SCORE - s.min(MAX_SCORE)));
                self.e_used.push(false);
                self.e_tag.push(tag);
            }
        }
        self.r_start.push(self.e_req.len() as u32);
        self.r_cap.push(capacity);
        self.r_unmatched.push(0);
        self.pot_r.push(0);
        self.dist_r.push(INF);
        self.pred_r.push(0);
        self.done_r.push(false);
        // A place beyond the request's number of edges can never be filled (a pair is used
        // at most once): count those as unmatched without a search each.
        let edges = self.r_start[r as usize + 1] - self.r_start[r as usize];
        let units = capacity.min(edges);
        for _ in 0..units {
            self.augment_from(r);
        }
        self.r_unmatched[r as usize] += capacity - units;
        r
    }

    fn has_room(&self, o: usize) -> bool {
        (self.o_users[o].len() as u32) < self.o_cap[o]
    }

    #[inline]
    fn push(&mut self, d: i64, node: u32) {
        if d == self.level_d {
            self.level.push(node);
        } else {
            self.heap.push(Reverse((d, node)));
        }
    }

    fn relax(&mut self, node: u32, nd: i64, pred: u32, sink: &mut (i64, u32)) {
        if node == SINK {
            // The sink stays out of the heap: the search compares the heap's top with it.
            if nd < sink.0 {
                *sink = (nd, pred);
            }
        } else if node >= OFF {
            let o = (node - OFF) as usize;
            if !self.done_o[o] && nd < self.dist_o[o] {
                if self.dist_o[o] == INF {
                    self.touched_o.push(o as u32);
                }
                self.dist_o[o] = nd;
                self.pred_o[o] = pred;
                self.push(nd, node);
                // An offer with room leads straight on to the sink: offer it the sink now,
                // not when the offer is settled. On a plateau of equal distances (integer
                // scores tie a lot) the search can then stop at the first such offer it
                // reaches instead of settling the whole plateau first.
                let po = self.pot_o[o];
                if self.has_room(o) && nd + po < sink.0 {
                    *sink = (nd + po, node);
                }
            }
        } else {
            let r = node as usize;
            if !self.done_r[r] && nd < self.dist_r[r] {
                if self.dist_r[r] == INF {
                    self.touched_r.push(r as u32);
                }
                self.dist_r[r] = nd;
                self.pred_r[r] = pred;
                self.push(nd, node);
            }
        }
    }

    /// The common case without a Dijkstra: the cheapest edge of `s` (reduced cost) leads to
    /// an offer with room, and nothing is cheaper, so `s → o → sink` is a shortest path.
    fn try_direct(&mut self, s: u32) -> bool {
        let r = s as usize;
        let pr = self.pot_r[r];
        let (a, b) = (self.r_start[r] as usize, self.r_start[r + 1] as usize);
        // The cheapest edge, preferring among equally cheap ones an offer with room whose
        // arc to the sink costs nothing (potential 0): no path can be shorter than the
        // cheapest first edge, so that one is a shortest path. With integer scores ties are
        // common, and the first of them is often a full offer.
        let free = |o: usize| self.has_room(o) && self.pot_o[o] == 0;
        let mut best = (i64::MAX, usize::MAX, false);
        for e in a..b {
            if !self.e_used[e] {
                let o = self.e_offer[e] as usize;
                let rc = self.e_cost[e] + pr - self.pot_o[o];
                if rc < best.0 || (rc == best.0 && !best.2 && free(o)) {
                    best = (rc, e, free(o));
                }
            }
        }
        let (d, e, direct) = best;
        // The unmatched arc must not be cheaper either.
        if e == usize::MAX || !direct || d > self.unmatched_cost + pr {
            return false;
        }
        let o = self.e_offer[e] as usize;
        // Settled: s (distance 0) and o (distance d = the sink's): potentials change by
        // distance − d, so only s's.
        self.pot_r[r] -= d;
        self.e_used[e] = true;
        self.o_users[o].push(e as u32);
        true
    }

    /// One Dijkstra from request `s` and one augmentation along the path found.
    fn augment_from(&mut self, s: u32) {
        if self.try_direct(s) {
            return;
        }
        self.heap.clear();
        self.level.clear();
        self.level_d = 0;
        // sink: (distance, predecessor node)
        let mut sink = (INF, SINK);
        self.dist_r[s as usize] = 0;
        self.touched_r.push(s);
        self.level.push(s);
        let mut settled_sink = false;
        // The sink is settled as soon as no node in the heap is closer: among nodes at the
        // same distance it goes first. With integer scores, many nodes tie at the final
        // distance (a plateau); settling them first changed nothing but cost time.
        loop {
            // The plateau first (the heap holds nothing closer), then the heap.
            let (d, v) = if let Some(v) = self.level.pop() {
                if sink.0 <= self.level_d {
                    settled_sink = true;
                    break;
                }
                (self.level_d, v)
            } else {
                match self.heap.peek() {
                    Some(&Reverse((d, _))) if d < sink.0 => {}
                    _ => {
                        settled_sink = sink.0 < INF;
                        break;
                    }
                }
                let Some(Reverse((d, v))) = self.heap.pop() else {
                    break;
                };
                self.level_d = d;
                (d, v)
            };
            if v >= OFF {
                let o = (v - OFF) as usize;
                if self.done_o[o] || d > self.dist_o[o] {
                    continue;
                }
                self.done_o[o] = true;
                // Its arc to the sink, if it has room, was offered when it was reached.
                let po = self.pot_o[o];
                for i in 0..self.o_users[o].len() {
                    let e = self.o_users[o][i] as usize;
                    let r = self.e_req[e];
                    let nd = d - self.e_cost[e] + po - self.pot_r[r as usize];
                    self.relax(r, nd, e as u32, &mut sink);
                }
            } else {
                let r = v as usize;
                if self.done_r[r] || d > self.dist_r[r] {
                    continue;
                }
                self.done_r[r] = true;
                let pr = self.pot_r[r];
                if self.r_unmatched[r] < self.r_cap[r] {
                    self.relax(SINK, d + self.unmatched_cost + pr, v, &mut sink);
                }
                let (a, b) = (self.r_start[r] as usize, self.r_start[r + 1] as usize);
                for e in a..b {
                    if !self.e_used[e] {
                        let o = self.e_offer[e];
                        let nd = d + self.e_cost[e] + pr - self.pot_o[o as usize];
                        self.relax(OFF + o, nd, e as u32, &mut sink);
                    }
                }
            }
        }
        if settled_sink {
            let dt = sink.0;
            // Lazy potential update: settled nodes only (the sink's potential stays 0).
            for &r in &self.touched_r {
                let r = r as usize;
                if self.done_r[r] {
                    self.pot_r[r] += self.dist_r[r] - dt;
                }
            }
            for &o in &self.touched_o {
                let o = o as usize;
                if self.done_o[o] {
                    self.pot_o[o] += self.dist_o[o] - dt;
                }
            }
            // Augment along the path.
            let mut v = sink.1;
            if v >= OFF {
                // the offer takes one more unit: recorded below when its edge is set
            } else {
                self.r_unmatched[v as usize] += 1;
            }
            while v != s {
                if v >= OFF {
                    let o = (v - OFF) as usize;
                    let e = self.pred_o[o] as usize;
                    self.e_used[e] = true;
                    self.o_users[o].push(e as u32);
                    v = self.e_req[e];
                } else {
                    let r = v as usize;
                    let e = self.pred_r[r] as usize;
                    self.e_used[e] = false;
                    let o = self.e_offer[e] as usize;
                    if let Some(pos) = self.o_users[o].iter().position(|&x| x as usize == e) {
                        self.o_users[o].swap_remove(pos);
                    }
                    v = OFF + o as u32;
                }
            }
        }
        // The unmatched arc of `s` always reaches the sink, so `settled_sink` holds; reset.
        for &r in &self.touched_r {
            self.dist_r[r as usize] = INF;
            self.done_r[r as usize] = false;
        }
        for &o in &self.touched_o {
            self.dist_o[o as usize] = INF;
            self.done_o[o as usize] = false;
        }
        self.touched_r.clear();
        self.touched_o.clear();
    }

    /// Tags of the edges in use, ascending.
    pub fn assigned_tags(&self) -> Vec<usize> {
        let mut v: Vec<usize> = (0..self.e_used.len())
            .filter(|&e| self.e_used[e])
            .map(|e| self.e_tag[e])
            .collect();
        v.sort_unstable();
        v
    }

    /// Places of request `r` left unfilled.
    pub fn unmatched(&self, r: u32) -> u32 {
        self.r_unmatched.get(r as usize).copied().unwrap_or(0)
    }
}

/// The optimal assignment of `instance` for `objective`. Edges naming an unknown request or
/// offer are ignored; of a repeated pair only its highest-scoring edge can be used.
///
/// The problem is symmetric in requests and offers, so the units are routed from the side
/// with fewer places: when places are scarce (contested), each offer place then finds a
/// free request quickly instead of every request fighting over the few offers.
pub fn solve(instance: &Instance, objective: Objective) -> Solution {
    let total = |v: &[u32]| v.iter().map(|&c| u64::from(c)).sum::<u64>();
    if total(&instance.offer_capacity) < total(&instance.request_capacity) {
        let transposed = Instance {
            request_capacity: instance.offer_capacity.clone(),
            offer_capacity: instance.request_capacity.clone(),
            edges: instance
                .edges
                .iter()
                .map(|e| Edge {
                    request: e.offer,
                    offer: e.request,
                    score: e.score,
                })
                .collect(),
        };
        // Edge indices are kept, so the assignment reads the same on the original.
        solve_by_rows(&transposed, objective)
    } else {
        solve_by_rows(instance, objective)
    }
}

/// Successive shortest paths routing the units of the "request" side.
fn solve_by_rows(instance: &Instance, objective: Objective) -> Solution {
    let nr = instance.request_capacity.len();
    let no = instance.offer_capacity.len();
    // Group edges by request (counting sort, stable).
    let mut count = vec![0u32; nr + 1];
    for e in &instance.edges {
        if (e.request as usize) < nr && (e.offer as usize) < no {
            count[e.request as usize + 1] += 1;
        }
    }
    for i in 0..nr {
        count[i + 1] += count[i];
    }
    let mut order = vec![0u32; count[nr] as usize];
    let mut fill = count.clone();
    for (i, e) in instance.edges.iter().enumerate() {
        if (e.request as usize) < nr && (e.offer as usize) < no {
            let f = &mut fill[e.request as usize];
            order[*f as usize] = i as u32;
            *f += 1;
        }
    }
    let mut solver = Solver::new(&instance.offer_capacity, objective);
    solver.reserve(nr, order.len());
    // best edge per offer within the current request (dedupe repeated pairs)
    let mut best: Vec<u32> = vec![u32::MAX; no];
    let mut row: Vec<u32> = Vec::new();
    for r in 0..nr {
        row.clear();
        for &i in &order[count[r] as usize..count[r + 1] as usize] {
            let e = &instance.edges[i as usize];
            let b = &mut best[e.offer as usize];
            if *b == u32::MAX {
                *b = i;
                row.push(i);
            } else if instance.edges[*b as usize].score < e.score {
                *b = i;
            }
        }
        let edges = row.iter().map(|&i| {
            let i = best[instance.edges[i as usize].offer as usize];
            let e = &instance.edges[i as usize];
            (e.offer, e.score, i as usize)
        });
        let edges: Vec<(u32, u32, usize)> = edges.collect();
        for &(o, _, _) in &edges {
            best[o as usize] = u32::MAX;
        }
        solver.add_request(instance.request_capacity[r], edges);
    }
    let assignments = solver.assigned_tags();
    let total_score = assignments
        .iter()
        .map(|&i| u64::from(instance.edges[i].score.min(MAX_SCORE)))
        .sum();
    Solution {
        matched: assignments.len() as u64,
        total_score,
        assignments,
    }
}
