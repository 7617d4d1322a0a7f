//! What a query can decide without reading an offer's full record: cheap refusals and an
//! upper bound of the score, from a 48-byte record ([`Hot`]) kept in the cell lists. Each
//! refusal is also a refusal of the full rules, and the bound is never below the real score,
//! so skipping on them never changes an answer.

use smallvec::SmallVec;

use super::SearchStats;
use super::grid::KM_PER_DEG;
use super::week::{Units, mask, pieces_per_unit, shared_minutes, unit_mask};
use crate::matching::config::Weights;
use crate::matching::core::{self, POffer, PRequest, UNKNOWN};
use crate::matching::model::GeoPoint;
use crate::matching::rules::{Ctx, Proposer};

/// The fields of an offer that refuse most candidates or bound their score, stored in the
/// cell lists themselves (48 bytes) so a ring scan reads contiguous memory and touches the
/// full offer only for real contenders. Every refusal here is also a refusal of the full
/// rules (or, for the bound, a score that cannot enter the top k); survivors go through
/// [`core::evaluate`].
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Hot {
    /// The parts of the week (see [`Units`]) the availability touches.
    units: Units,
    /// Language codes below 32 (all ones if the offer has a larger code).
    langs: u32,
    /// Skill codes below 32.
    skills: u32,
    pub(super) slot: u32,
    lat: f32,
    lon: f32,
    /// Travel radius rounded up.
    pub(super) max_km: f32,
    /// Minutes since the epoch, rounded down.
    valid_until: i32,
    /// Bits 0–2 modes, bit 3 usable (active with a free match), bit 4 accepts proposals.
    flags: u8,
}

// Three records to two cache lines: reading cells is most of a query's memory traffic.
const _: () = assert!(std::mem::size_of::<Hot>() == 48);

impl Hot {
    pub(super) fn new(slot: u32, p: &POffer) -> Hot {
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
pub(super) type Batch<'s> = SmallVec<[(u8, &'s Hot, bool); 256]>;

/// What a query can refuse or bound cheaply (see [`Hot`]).
pub(super) struct Filter {
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
    pub(super) fn new(req: &PRequest, ctx: &Ctx, w: &Weights) -> Filter {
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
        let need_propose = ctx.proposer == Proposer::Others;
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
    pub(super) fn collect<'s>(
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

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone, Utc};
    use proptest::prelude::*;

    use super::*;
    use crate::matching::core::Interner;
    use crate::matching::model::{OfferSpec, RequestSpec, Schedule};
    use crate::matching::rules::NoExclusions;
    use crate::matching::synthetic::{CityShape, Rng};
    use crate::matching::{Grid, OfferIndex, full_scan_top_k_offers};

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
