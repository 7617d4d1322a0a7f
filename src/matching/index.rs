//! Top-k suggestions without scanning everything.
//!
//! Offers (and requests) are kept in a uniform grid of 2 km cells: for offers one list per
//! lane (category and mode) and cell, packed row by row ([`super::packed`]), plus one list
//! per lane and wijk for offers that reach a wijk by name.
//! A query walks rings of cells outward from the point and stops as soon as no cell further
//! out can be reached (beyond the largest travel radius in the category) or could beat the
//! k-th best score found (the score falls with distance, so the best an offer in a ring can
//! reach is bounded by the ring's nearest possible distance). Every candidate goes through
//! the same rules and score as [`super::check_feasible`] and [`super::score`].

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap};

use chrono::{DateTime, Utc};
use serde::Serialize;
use smallvec::SmallVec;
use uuid::Uuid;

use super::config::Weights;
use super::core::{self, Interner, Kind, POffer, PRequest, UNKNOWN};
use super::model::{EARTH_RADIUS_KM, GeoPoint, OfferSpec, RequestSpec};
use super::packed::PackedCells;
use super::rules::{Ctx, Infeasible};
use super::score::{Scored, scored};

pub use rustc_hash::FxHashMap as FxMap;

const KM_PER_DEG: f64 = EARTH_RADIUS_KM * std::f64::consts::PI / 180.0;

/// A uniform grid of square-ish cells: `cell_km` north–south, and east–west at `ref_lat`.
#[derive(Debug, Clone, Copy)]
pub struct Grid {
    cell_km: f64,
    cos_ref: f64,
}

impl Grid {
    /// Cells of `cell_km` (about 1) with longitudes scaled for latitude `ref_lat`
    /// (53.2 for Groningen). Results stay exact anywhere; only speed depends on these.
    pub fn new(cell_km: f64, ref_lat: f64) -> Grid {
        let cell_km = if cell_km.is_finite() && cell_km > 0.01 {
            cell_km
        } else {
            1.0
        };
        let cos_ref = ref_lat.to_radians().cos().clamp(0.05, 1.0);
        Grid { cell_km, cos_ref }
    }

    /// A lower bound (km) on the distance from the point with fractional cell coordinates
    /// `(fx, fy)` to any point of cell (x, y); `cos_min` as for [`Grid::ring_lower_bound`].
    /// Flat-earth estimate with a 1 % margin: used only below 100 km.
    fn cell_lower_bound(&self, fx: f64, fy: f64, x: i32, y: i32, cos_min: f64) -> f64 {
        let gap = |f: f64, c: i32| (f64::from(c) - f).max(f - f64::from(c) - 1.0).max(0.0);
        let dy = gap(fy, y) * self.cell_km;
        let dx = gap(fx, x) * self.cell_km * cos_min / self.cos_ref;
        ((dx * dx + dy * dy).sqrt() * 0.99 - 0.001).max(0.0)
    }

    fn cell_f(&self, p: GeoPoint) -> (f64, f64) {
        (
            p.lon * KM_PER_DEG * self.cos_ref / self.cell_km,
            p.lat * KM_PER_DEG / self.cell_km,
        )
    }

    fn cell(&self, p: GeoPoint) -> (i32, i32) {
        let cy = (p.lat * KM_PER_DEG / self.cell_km).floor();
        let cx = (p.lon * KM_PER_DEG * self.cos_ref / self.cell_km).floor();
        (cx.clamp(-1e9, 1e9) as i32, cy.clamp(-1e9, 1e9) as i32)
    }

    /// A lower bound (km) on the distance from a point to any point of a cell `steps` + 1
    /// rings out, given `cos_min`, the smallest cos(latitude) of the points involved.
    fn ring_lower_bound(&self, steps: i32, cos_min: f64) -> f64 {
        if steps <= 0 {
            return 0.0;
        }
        let s = f64::from(steps) * self.cell_km;
        let ns = s; // meridian distance is exact
        let dlon = s / (KM_PER_DEG * self.cos_ref); // degrees
        let half = (dlon.to_radians() / 2.0).min(std::f64::consts::FRAC_PI_2);
        let ew = 2.0 * EARTH_RADIUS_KM * (cos_min * half.sin()).min(1.0).asin();
        ns.min(ew) * (1.0 - 1e-9)
    }
}

impl Default for Grid {
    /// 2 km cells around Groningen's latitude. Measured with the top-k bench (p99 of
    /// top-10, one run, cells of 1 / 1.5 / 2 km): 118 / 81 / 76 µs among 100k offers and
    /// 240 / 213 / 195 µs among 1M; p50 about equal. Fewer, fuller cells cost less than
    /// many near-empty ones now that reading a cell is a contiguous run.
    fn default() -> Self {
        Grid::new(2.0, 53.2)
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

fn key(cat: u32, x: i32, y: i32) -> u64 {
    (u64::from(cat) << 42)
        ^ ((u64::from(x as u32) & 0x1f_ffff) << 21)
        ^ (u64::from(y as u32) & 0x1f_ffff)
}

fn wkey(cat: u32, wijk: u32) -> u64 {
    (u64::from(cat) << 32) | u64::from(wijk)
}

/// Calls `f` for each cell of ring `r` around (x, y).
fn for_ring(x: i32, y: i32, r: i32, mut f: impl FnMut(i32, i32)) {
    if r == 0 {
        f(x, y);
        return;
    }
    for dx in -r..=r {
        f(x + dx, y - r);
        f(x + dx, y + r);
    }
    for dy in (-r + 1)..r {
        f(x - r, y + dy);
        f(x + r, y + dy);
    }
}

/// Smallest cos(latitude) within `radius_km` of `p`.
fn cos_min_around(p: GeoPoint, radius_km: f64) -> f64 {
    let lat = (p.lat.abs() + radius_km / KM_PER_DEG + 0.1).min(90.0);
    lat.to_radians().cos().max(0.0)
}

/// One suggested offer for a request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub offer_id: Uuid,
    pub volunteer_id: Uuid,
    #[serde(flatten)]
    pub scored: Scored,
}

/// One suggested request for an offer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestSuggestion {
    pub request_id: Uuid,
    #[serde(flatten)]
    pub scored: Scored,
}

/// Keeps the best k by a total order (greater = better).
struct TopK<T: Ord> {
    k: usize,
    heap: BinaryHeap<Reverse<T>>,
}

impl<T: Ord> TopK<T> {
    fn new(k: usize) -> Self {
        TopK {
            k,
            heap: BinaryHeap::with_capacity(k.min(4096) + 1),
        }
    }
    fn push(&mut self, t: T) {
        if self.k == 0 {
            return;
        }
        if self.heap.len() < self.k {
            self.heap.push(Reverse(t));
        } else if let Some(mut worst) = self.heap.peek_mut()
            && t > worst.0
        {
            *worst = Reverse(t);
        }
    }
    /// The k-th best score so far, once k are held.
    fn threshold(&self) -> Option<&T> {
        if self.heap.len() >= self.k {
            self.heap.peek().map(|r| &r.0)
        } else {
            None
        }
    }
    fn into_sorted(self) -> Vec<T> {
        let mut v: Vec<T> = self.heap.into_iter().map(|r| r.0).collect();
        v.sort_unstable_by(|a, b| b.cmp(a));
        v
    }
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

/// The fields of an offer that refuse most candidates or bound their score, stored in the
/// cell lists themselves (48 bytes) so a ring scan reads contiguous memory and touches the
/// full offer only for real contenders. Every refusal here is also a refusal of the full
/// rules (or, for the bound, a score that cannot enter the top k); survivors go through
/// [`core::evaluate`].
#[derive(Debug, Clone, Copy, Default)]
struct Hot {
    /// The parts of the week (see [`Units`]) the availability touches.
    units: Units,
    /// Language codes below 32 (all ones if the offer has a larger code).
    langs: u32,
    /// Skill codes below 32.
    skills: u32,
    slot: u32,
    lat: f32,
    lon: f32,
    /// Travel radius rounded up.
    max_km: f32,
    /// Minutes since the epoch, rounded down.
    valid_until: i32,
    /// Bits 0–2 modes, bit 3 usable (active with a free match), bit 4 accepts proposals.
    flags: u8,
}

// Three records to two cache lines: reading cells is most of a query's memory traffic.
const _: () = assert!(std::mem::size_of::<Hot>() == 48);

/// Parts of the week the cheap time tests work with, as bits: each day's hours from 07:00
/// one by one, and its night (00:00–07:00) as one part; 18 a day, 126 in all. Coarser at
/// night, when little help is given, so that an offer's mask takes 16 bytes, not 21.
type Units = [u64; 2];

const UNITS_PER_DAY: u32 = 18;
const NIGHT_HOURS: u32 = 7;

/// The unit of hour `h` of the week (0..168).
fn unit_of_hour(h: u32) -> u32 {
    let (day, hour) = (h / 24, h % 24);
    day * UNITS_PER_DAY + hour.saturating_sub(NIGHT_HOURS - 1)
}

/// The night units (one per day).
const NIGHTS: Units = {
    let mut m = [0u64; 2];
    let mut day = 0;
    while day < 7 {
        let u = day * UNITS_PER_DAY;
        m[(u / 64) as usize] |= 1 << (u % 64);
        day += 1;
    }
    m
};

/// The units that week-minute intervals touch.
fn unit_mask(intervals: impl IntoIterator<Item = (u32, u32)>) -> Units {
    let mut m = [0u64; 2];
    for (s, e) in intervals {
        if e <= s {
            continue;
        }
        for h in s / 60..=((e - 1) / 60).min(167) {
            let u = unit_of_hour(h);
            m[(u / 64) as usize] |= 1 << (u % 64);
        }
    }
    m
}

/// At most how many minutes the shared units `a & b` hold (a night holds seven hours).
#[inline]
fn shared_minutes(a: &Units, b: &Units) -> u32 {
    let s = [a[0] & b[0], a[1] & b[1]];
    let units = s[0].count_ones() + s[1].count_ones();
    let nights = (s[0] & NIGHTS[0]).count_ones() + (s[1] & NIGHTS[1]).count_ones();
    60 * units + 60 * (NIGHT_HOURS - 1) * nights
}

fn mask(codes: &[u32]) -> u32 {
    codes
        .iter()
        .filter(|&&c| c < 32)
        .fold(0, |m, &c| m | (1 << c))
}

impl Hot {
    fn new(slot: u32, p: &POffer) -> Hot {
        let usable = p.active && p.free_matches > 0;
        let max_km = (p.max_km.max(0.0) * (1.0 + 1e-6) + 1e-6) as f32;
        Hot {
            units: unit_mask(p.avail.iter().copied()),
            langs: if p.langs.iter().any(|&c| c >= 32) {
                u32::MAX
            } else {
                mask(&p.langs)
            },
            skills: mask(&p.skills),
            slot,
            lat: p.loc.lat as f32,
            lon: p.loc.lon as f32,
            max_km: if max_km.is_nan() {
                f32::INFINITY
            } else {
                max_km
            },
            valid_until: (p.valid_until.timestamp().div_euclid(60))
                .clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32,
            flags: p.modes | (u8::from(usable) << 3) | (u8::from(p.propose) << 4),
        }
    }
}

/// One window of a request as the bound sees it: the units it touches, and what one
/// minute of a shared unit can add to its fit: the pieces that may share a unit (more than
/// one for a repeated daylight-saving hour or a window longer than a week) over the minutes
/// needed.
struct WindowBound {
    units: Units,
    fit_per_minute: f64,
}

/// Past this many windows the time part is bounded by 1 (the bound stays cheap).
const MAX_BOUND_WINDOWS: usize = 8;

/// Candidates read from the lists, with their bound and whether they came by distance
/// (kept on the stack: a query rarely has more).
type Batch<'s> = SmallVec<[(u8, &'s Hot, bool); 256]>;

/// What a query can refuse or bound cheaply (see [`Hot`]).
struct Filter {
    flags: u8,
    now: i32,
    langs: u32,
    any_lang: bool,
    units: Units,
    any_time: bool,
    lat: f64,
    lon: f64,
    /// km per degree of longitude at the query point (equirectangular estimate).
    kx: f64,
    /// Whether the flat estimate is within 1 % up to 50 km here (it is not near the poles,
    /// where the cosine changes fast with latitude): else the exact distance is used.
    flat: bool,
    /// Request skills as a mask, and how many there are (None: bound the part by 1).
    skills: Option<(u32, usize)>,
    /// The request's first language code if below 32 (the language part is exact then).
    first_lang: Option<Option<u32>>,
    /// Per-window time bounds; empty: the time part is bounded by 1.
    windows: Vec<WindowBound>,
    /// The weights scaled so that the parts sum straight to a 0–100 score (the time
    /// weight per window, the skills weight per skill), and the parts that depend on the
    /// request alone (waiting, urgency), already weighted.
    scaled: [f64; 4],
    fixed: f64,
    per_km: f64,
}

impl Filter {
    fn new(req: &PRequest, ctx: &Ctx, w: &Weights) -> Filter {
        let any_lang = req.langs.is_empty() || req.langs.iter().any(|&c| c >= 32 && c != UNKNOWN);
        let (units, any_time, windows) = match req.schedule.as_ref() {
            core::PSchedule::Windows(ws) if ws.iter().all(|w| w.minutes > 0) => (
                unit_mask(ws.iter().flat_map(|w| w.pieces.iter().copied())),
                false,
                if ws.len() <= MAX_BOUND_WINDOWS {
                    ws.iter()
                        .map(|win| WindowBound {
                            units: unit_mask(win.pieces.iter().copied()),
                            fit_per_minute: pieces_per_unit(&win.pieces) as f64
                                / f64::from(win.minutes.min(req.need_minutes).max(1)),
                        })
                        .collect()
                } else {
                    Vec::new()
                },
            ),
            _ => ([0; 2], true, Vec::new()),
        };
        let need_propose = ctx.proposer == super::rules::Proposer::Others;
        // A skill named twice counts twice in the score: bound that case by 1.
        let repeated = (1..req.skills.len()).any(|i| req.skills[..i].contains(&req.skills[i]));
        let skills = if repeated || req.skills.iter().any(|&c| c >= 32 && c != UNKNOWN) {
            None
        } else {
            Some((mask(&req.skills), req.skills.len()))
        };
        let first_lang = match req.langs.first() {
            None => Some(None),
            Some(&c) if c < 32 || c == UNKNOWN => Some(Some(c)),
            Some(_) => None,
        };
        let ws = [
            w.distance, w.time, w.skills, w.language, w.waiting, w.urgency,
        ]
        .map(|x| x.max(0.0));
        let sum: f64 = ws.iter().sum();
        let norm = if sum > 0.0 && sum.is_finite() {
            100.0 / sum
        } else {
            0.0
        };
        let request_only = core::bound_parts(req, 0.0, w);
        let per_window = if windows.is_empty() {
            1.0
        } else {
            1.0 / windows.len() as f64
        };
        let per_skill = match skills {
            Some((_, n)) if n > 0 => 1.0 / n as f64,
            _ => 1.0,
        };
        Filter {
            flags: req.mode | 8 | (u8::from(need_propose) << 4),
            now: (ctx.now.timestamp().div_euclid(60))
                .clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32,
            langs: mask(&req.langs),
            any_lang,
            units,
            any_time,
            lat: req.spec.location.lat,
            lon: req.spec.location.lon,
            kx: KM_PER_DEG * req.spec.location.lat.to_radians().cos(),
            flat: req.spec.location.lat.abs() <= 70.0,
            skills,
            first_lang,
            windows,
            scaled: [ws[0], ws[1] * per_window, ws[2] * per_skill, ws[3]].map(|x| x * norm),
            fixed: norm * (ws[4] * request_only.waiting + ws[5] * request_only.urgency),
            per_km: 1.0 / w.distance_half_km.max(1e-9),
        }
    }

    /// Estimated squared distance (km²) by the equirectangular formula.
    #[inline]
    fn approx_km2(&self, h: &Hot) -> f64 {
        let dy = (f64::from(h.lat) - self.lat) * KM_PER_DEG;
        let dx = (f64::from(h.lon) - self.lon) * self.kx;
        dx * dx + dy * dy
    }

    /// False only if the pair is certainly infeasible by the cheap rules, or certainly not
    /// to be taken on this path: beyond the offer's travel radius on the grid path
    /// (`by_distance`), within it on the wijk path (the grid finds those).
    #[inline]
    fn pass(&self, h: &Hot, by_distance: bool) -> bool {
        let need = self.flags;
        let mode = h.flags & need & 7 != 0;
        let usable = (h.flags & need & 0x18) == (need & 0x18);
        let valid = h.valid_until >= self.now;
        let lang = self.any_lang | (self.langs & h.langs != 0);
        let time =
            self.any_time | ((self.units[0] & h.units[0]) | (self.units[1] & h.units[1]) != 0);
        if !(mode & usable & valid & lang & time) {
            return false;
        }
        if h.max_km < 50.0 && self.flat {
            let d2 = self.approx_km2(h);
            let r = f64::from(h.max_km);
            return if by_distance {
                d2 <= (r * 1.01 + 0.01).powi(2)
            } else {
                // The equirectangular estimate is within 1 % at these distances: only a
                // clear inside is left to the grid.
                let inside = (r * 0.99 - 0.01).max(0.0);
                d2 >= inside * inside
            };
        }
        true
    }

    /// Reads `list` into `batch`: the offers that pass the cheap rules on this path (see
    /// [`Filter::pass`]) and whose bound reaches `threshold`. On the grid path the list is
    /// sorted by radius, and reading stops at the first radius below `min_km`.
    #[allow(clippy::too_many_arguments)]
    #[inline]
    fn collect<'s>(
        &self,
        req: &PRequest,
        list: &'s [Hot],
        by_distance: bool,
        min_km: f64,
        threshold: Option<u8>,
        batch: &mut Batch<'s>,
        stats: &mut SearchStats,
    ) {
        for h in list {
            if by_distance && f64::from(h.max_km) < min_km {
                break;
            }
            stats.scanned += 1;
            if self.pass(h, by_distance) {
                stats.passed += 1;
                let b = self.bound(h, req);
                if threshold.is_none_or(|t| b >= t) {
                    batch.push((b, h, by_distance));
                }
            }
        }
    }

    /// An upper bound of the score of this offer: distance from a lower bound of the
    /// distance, skills and language exact where the masks allow, time from the hours the
    /// two share per window. Every part is an upper bound of [`core::parts`] and the sum is
    /// the weighted mean [`core::combine`] rounds, so the rounded sum (with a margin for
    /// float error) is never below the real score.
    #[inline]
    fn bound(&self, h: &Hot, req: &PRequest) -> u8 {
        let approx = self.approx_km2(h).sqrt();
        let d = if approx < 50.0 && self.flat {
            (approx * 0.99 - 0.02).max(0.0)
        } else {
            (req.spec.location.distance_km(GeoPoint {
                lat: f64::from(h.lat),
                lon: f64::from(h.lon),
            }) * 0.99
                - 1.0)
                .max(0.0)
        };
        let distance = 1.0 / (1.0 + d * self.per_km);
        // Summed over windows, and skills as a count: the weights carry the 1/n.
        let time = if self.windows.is_empty() {
            1.0
        } else {
            let mut fit = 0.0;
            for win in &self.windows {
                let minutes = shared_minutes(&win.units, &h.units);
                fit += (f64::from(minutes) * win.fit_per_minute).min(1.0);
            }
            fit
        };
        let skills = match self.skills {
            Some((m, n)) if n > 0 => f64::from((m & h.skills).count_ones()),
            _ => 1.0,
        };
        let language = match self.first_lang {
            Some(Some(first)) if first >= 32 || h.langs & (1 << first) == 0 => 0.5,
            _ => 1.0,
        };
        let [wd, wt, ws, wl] = self.scaled;
        let v = self.fixed + wd * distance + wt * time + ws * skills + wl * language;
        // v >= 0, so adding a half and truncating rounds (a float-error margin on top).
        ((v + 0.5 + 1e-6) as u8).min(100)
    }
}

/// How many of a window's pieces may touch one unit: 1 if their units are disjoint (the
/// usual case), else all of them (safe).
fn pieces_per_unit(pieces: &[(u32, u32)]) -> usize {
    let mut seen = [0u64; 2];
    for &p in pieces {
        let m = unit_mask([p]);
        if (0..2).any(|i| seen[i] & m[i] != 0) {
            return pieces.len();
        }
        (0..2).for_each(|i| seen[i] |= m[i]);
    }
    1
}

/// The work one top-k search took.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SearchStats {
    /// Rings of cells walked outward from the query point.
    pub rings: usize,
    /// Non-empty cell lists opened.
    pub cells: usize,
    /// Offers read from the lists.
    pub scanned: usize,
    /// Offers that passed the cheap rules (and got a score bound).
    pub passed: usize,
    /// Offers that went through all rules and the score.
    pub evaluated: usize,
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

/// Removes the first item of list `k` that `is`, and the list once it is empty.
fn remove_from<T>(map: &mut FxMap<u64, Vec<T>>, k: u64, is: impl Fn(&T) -> bool) {
    if let Some(v) = map.get_mut(&k) {
        if let Some(pos) = v.iter().position(is) {
            v.swap_remove(pos);
        }
        if v.is_empty() {
            map.remove(&k);
        }
    }
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

/// The oracle: best `k` feasible offers for `request` through the public
/// [`super::check_feasible`] and [`super::score`], scanning all of `offers`.
pub fn full_scan_top_k_offers(
    request: &RequestSpec,
    offers: &[OfferSpec],
    k: usize,
    ctx: &Ctx,
    w: &Weights,
) -> Vec<Suggestion> {
    let mut all: Vec<Suggestion> = offers
        .iter()
        .filter(|o| super::check_feasible(request, o, ctx).is_ok())
        .map(|o| Suggestion {
            offer_id: o.id,
            volunteer_id: o.volunteer_id,
            scored: super::score(request, o, ctx.now, w),
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

#[cfg(test)]
mod bound_tests {
    use chrono::{Duration, TimeZone};
    use proptest::prelude::*;

    use super::*;
    use crate::matching::model::Schedule;
    use crate::matching::rules::{NoExclusions, Proposer};
    use crate::matching::synthetic::{CityShape, Rng};

    /// A request and an offer that are feasible together (no schedule, no languages).
    fn feasible_pair() -> (RequestSpec, OfferSpec, CityShape) {
        let shape = CityShape::default();
        let mut rng = Rng::new(1);
        let mut request = shape.request(0, &mut rng);
        request.schedule = None;
        request.languages.clear();
        request.free_places = 1;
        request.creator_id = uuid::Uuid::from_u128(7);
        request.coordinator_ids.clear();
        let mut offer = shape.offer(0, &mut rng);
        offer.location = request.location;
        offer.categories = vec![request.category.clone()];
        offer.modes = vec![request.mode];
        offer.free_matches = 1;
        offer.active = true;
        offer.valid_until = shape.now + Duration::days(30);
        offer.contact_preference = crate::matching::model::ContactPreference::Propose;
        (request, offer, shape)
    }

    #[test]
    fn near_the_pole_an_offer_just_beyond_its_radius_is_still_found_by_its_wijk() {
        let (mut request, mut offer, shape) = feasible_pair();
        request.location = GeoPoint {
            lat: 85.0,
            lon: 6.5,
        };
        request.wijk_code = "WK999999".into();
        offer.location = GeoPoint {
            lat: 84.7392,
            lon: 10.52,
        };
        offer.max_distance_km = 49.2;
        offer.wijk_codes = vec!["WK999999".into()];
        assert!(request.location.distance_km(offer.location) > offer.max_distance_km);
        let ex = NoExclusions;
        let ctx = Ctx::new(shape.now, Proposer::Others, &ex);
        let w = Weights::default();
        let want = full_scan_top_k_offers(&request, std::slice::from_ref(&offer), 5, &ctx, &w);
        assert_eq!(want.len(), 1, "feasible through the wijk it names");
        let ix = OfferIndex::from_offers(Grid::default(), [&offer]);
        assert_eq!(ix.top_k_offers(&request, 5, &ctx, &w), want);
    }

    #[test]
    fn a_skill_named_twice_keeps_the_bound_above_the_score() {
        let (mut request, mut offer, shape) = feasible_pair();
        request.skills = vec!["cooking".into(), "cooking".into()];
        offer.skills = vec!["cooking".into()];
        let mut int = Interner::default();
        let o = POffer::new(&offer, &mut int);
        let req = PRequest::new(&request, &int, shape.now);
        let ex = NoExclusions;
        let ctx = Ctx::new(shape.now, Proposer::Others, &ex);
        let w = Weights::default();
        let (score, _) = core::feasible_score(&req, &o, &ctx, &w).expect("feasible");
        let filter = Filter::new(&req, &ctx, &w);
        assert!(filter.bound(&Hot::new(0, &o), &req) >= score);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// The cheap tests never refuse a feasible pair, and the bound is never below its
        /// score: what lets the index skip offers and stop early without changing answers.
        /// Includes windows across a daylight-saving change (a repeated hour) and windows
        /// longer than a week, where pieces share hours.
        #[test]
        fn cheap_tests_are_safe_and_the_bound_is_an_upper_bound(
            seed in any::<u64>(),
            weights in prop::array::uniform6(0.0f64..50.0),
            half_km in 0.1f64..10.0,
            once in prop::sample::select(vec![None, Some(150i64), Some(600), Some(9 * 1440)]),
        ) {
            let shape = CityShape::default();
            let mut rng = Rng::new(seed);
            let w = Weights {
                distance: weights[0],
                time: weights[1],
                skills: weights[2],
                language: weights[3],
                waiting: weights[4],
                urgency: weights[5],
                distance_half_km: half_km,
                ..Weights::default()
            };
            let offers: Vec<OfferSpec> = (0..60).map(|i| shape.offer(i, &mut rng)).collect();
            let mut int = Interner::default();
            let prepared: Vec<POffer> = offers.iter().map(|o| POffer::new(o, &mut int)).collect();
            let ex = NoExclusions;
            // Sunday 25 October 2026 is the end of summer time in Amsterdam.
            let now = Utc.with_ymd_and_hms(2026, 10, 24, 12, 0, 0).unwrap();
            let ctx = Ctx::new(now, Proposer::Others, &ex);
            for n in 0..20 {
                let mut request = shape.request(n, &mut rng);
                if let Some(minutes) = once {
                    let starts_at = Utc.with_ymd_and_hms(2026, 10, 25, 0, 30, 0).unwrap();
                    request.schedule = Some(Schedule::Once {
                        starts_at,
                        ends_at: starts_at + Duration::minutes(minutes),
                    });
                }
                let req = PRequest::new(&request, &int, now);
                let filter = Filter::new(&req, &ctx, &w);
                for o in &prepared {
                    let Some((score, e)) = core::feasible_score(&req, o, &ctx, &w) else {
                        continue;
                    };
                    let h = Hot::new(0, o);
                    let within = e.distance_km <= o.max_km;
                    prop_assert!(filter.pass(&h, within), "a feasible pair was refused");
                    let b = filter.bound(&h, &req);
                    prop_assert!(b >= score, "bound {} below score {}", b, score);
                }
            }
        }
    }
}
