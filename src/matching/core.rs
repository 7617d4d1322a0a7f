//! Prepared (interned, precomputed) forms of requests and offers and the one implementation
//! of the hard rules and the score that every entry point (single check, indexes, full scans,
//! batch) goes through, so they cannot disagree.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use smallvec::SmallVec;
use uuid::Uuid;

use super::config::Weights;
use super::model::{ContactPreference, GeoPoint, Mode, OfferSpec, RequestSpec, Schedule, Urgency};
use super::rules::{Ctx, Infeasible, Proposer};
use super::time::{self, Window};
use rustc_hash::FxHashMap as FxMap;

/// Code used for a string the interner has never seen: it equals no interned code.
pub const UNKNOWN: u32 = u32::MAX;

/// What kind of code a string is: each kind has its own small integers.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Category = 0,
    Skill = 1,
    Wijk = 2,
    Language = 3,
}

/// Maps string codes (categories, skills, wijken, languages) to small integers, per kind.
#[derive(Debug, Default, Clone)]
pub struct Interner {
    maps: [FxMap<String, u32>; 4],
}

impl Interner {
    pub fn intern(&mut self, kind: Kind, s: &str) -> u32 {
        let map = &mut self.maps[kind as usize];
        if let Some(&id) = map.get(s) {
            return id;
        }
        let id = u32::try_from(map.len())
            .unwrap_or(UNKNOWN - 1)
            .min(UNKNOWN - 1);
        map.insert(s.to_owned(), id);
        id
    }

    pub fn get(&self, kind: Kind, s: &str) -> u32 {
        self.maps[kind as usize].get(s).copied().unwrap_or(UNKNOWN)
    }
}

pub fn mode_bit(m: Mode) -> u8 {
    match m {
        Mode::OneOff => 1,
        Mode::Recurring => 2,
        Mode::Project => 4,
    }
}

/// Short code lists kept inside the offer record: evaluating a candidate then reads one
/// record instead of following a pointer per list (measured: those cache misses were most
/// of a top-k query). Longer lists spill to the heap and stay correct.
pub type Codes<const N: usize> = SmallVec<[u32; N]>;

/// An offer as the engine keeps it.
#[derive(Debug, Clone)]
pub struct POffer {
    pub id: Uuid,
    pub volunteer_id: Uuid,
    pub categories: Codes<2>,
    pub skills: Codes<4>,
    pub wijks: Codes<2>,
    pub loc: GeoPoint,
    pub max_km: f64,
    pub avail: SmallVec<[(u32, u32); 4]>,
    pub avail_minutes: u32,
    pub langs: Codes<3>,
    pub modes: u8,
    pub free_matches: u32,
    pub propose: bool,
    pub active: bool,
    pub valid_until: DateTime<Utc>,
}

impl POffer {
    /// Prepares an offer, interning its codes.
    pub fn new(o: &OfferSpec, int: &mut Interner) -> POffer {
        Self::build(o, |k, s| int.intern(k, s))
    }

    /// Prepares an offer without interning: codes the interner does not know become
    /// [`UNKNOWN`] (safe as long as every code of the other side is interned).
    pub fn lookup(o: &OfferSpec, int: &Interner) -> POffer {
        Self::build(o, |k, s| int.get(k, s))
    }

    fn build(o: &OfferSpec, mut code: impl FnMut(Kind, &str) -> u32) -> POffer {
        fn sorted<const N: usize>(
            code: &mut impl FnMut(Kind, &str) -> u32,
            k: Kind,
            v: &[String],
        ) -> Codes<N> {
            let mut out: Codes<N> = v.iter().map(|s| code(k, s)).collect();
            out.sort_unstable();
            out.dedup();
            out
        }
        let avail: SmallVec<[(u32, u32); 4]> =
            time::availability(&o.availability).into_iter().collect();
        POffer {
            id: o.id,
            volunteer_id: o.volunteer_id,
            categories: sorted(&mut code, Kind::Category, &o.categories),
            skills: sorted(&mut code, Kind::Skill, &o.skills),
            wijks: sorted(&mut code, Kind::Wijk, &o.wijk_codes),
            loc: o.location,
            max_km: o.max_distance_km,
            avail_minutes: time::total(&avail),
            avail,
            langs: sorted(&mut code, Kind::Language, &o.languages),
            modes: o.modes.iter().fold(0, |m, &x| m | mode_bit(x)),
            free_matches: o.free_matches,
            propose: o.contact_preference == ContactPreference::Propose,
            active: o.active,
            valid_until: o.valid_until,
        }
    }
}

/// What the time rule knows of a request.
#[derive(Debug, Clone)]
pub enum PSchedule {
    Any,
    Ended,
    Windows(Vec<Window>),
}

/// A request as the engine evaluates it at `now`.
#[derive(Debug, Clone)]
pub struct PRequest<'r> {
    pub spec: &'r RequestSpec,
    pub category: u32,
    pub skills: Cow<'r, [u32]>,
    pub wijk: u32,
    pub langs: Cow<'r, [u32]>,
    pub mode: u8,
    pub schedule: Cow<'r, PSchedule>,
    /// Minutes needed per occasion (hours_estimate), at least 1.
    pub need_minutes: u32,
    pub once_start: Option<DateTime<Utc>>,
    pub waiting_days: u32,
}

/// The `now`-independent parts of a prepared request, kept by the request index.
#[derive(Debug, Clone)]
pub struct Cached {
    pub category: u32,
    pub skills: Vec<u32>,
    pub wijk: u32,
    pub langs: Vec<u32>,
    /// The windows of a weekly schedule (they do not depend on `now`).
    pub weekly: Option<PSchedule>,
}

impl Cached {
    pub fn new(r: &RequestSpec, int: &Interner) -> Cached {
        Cached {
            category: int.get(Kind::Category, &r.category),
            skills: r.skills.iter().map(|s| int.get(Kind::Skill, s)).collect(),
            wijk: int.get(Kind::Wijk, &r.wijk_code),
            langs: r
                .languages
                .iter()
                .map(|s| int.get(Kind::Language, s))
                .collect(),
            weekly: match &r.schedule {
                Some(Schedule::Weekly { slots }) => {
                    Some(PSchedule::Windows(time::weekly_windows(slots)))
                }
                _ => None,
            },
        }
    }
}

/// The time rule's view of a request's schedule at `now`, and a `once` window's start.
fn schedule_at(r: &RequestSpec, now: DateTime<Utc>) -> (PSchedule, Option<DateTime<Utc>>) {
    match &r.schedule {
        None => (PSchedule::Any, None),
        // Slots that cover no time at all cannot overlap anything (no window).
        Some(Schedule::Weekly { slots }) => (PSchedule::Windows(time::weekly_windows(slots)), None),
        Some(Schedule::Once { starts_at, ends_at }) => {
            if *ends_at <= now {
                (PSchedule::Ended, Some(*starts_at))
            } else {
                let from = (*starts_at).max(now);
                (
                    PSchedule::Windows(vec![time::once_window(from, *ends_at)]),
                    Some(*starts_at),
                )
            }
        }
    }
}

fn need_minutes(r: &RequestSpec) -> u32 {
    let need = (r.hours_estimate * 60.0).round();
    if need.is_finite() && need >= 1.0 {
        need.min(1e9) as u32
    } else {
        1
    }
}

fn waiting_days(r: &RequestSpec, now: DateTime<Utc>) -> u32 {
    u32::try_from((now - r.created_at).num_days().max(0)).unwrap_or(u32::MAX)
}

impl<'r> PRequest<'r> {
    /// Prepares a request against the codes of `int` (unknown codes match nothing).
    pub fn new(r: &'r RequestSpec, int: &Interner, now: DateTime<Utc>) -> PRequest<'r> {
        let c = Cached::new(r, int);
        let (schedule, once_start) = schedule_at(r, now);
        PRequest {
            spec: r,
            category: c.category,
            skills: Cow::Owned(c.skills),
            wijk: c.wijk,
            langs: Cow::Owned(c.langs),
            mode: mode_bit(r.mode),
            schedule: Cow::Owned(schedule),
            need_minutes: need_minutes(r),
            once_start,
            waiting_days: waiting_days(r, now),
        }
    }

    /// The same as [`PRequest::new`] from codes prepared earlier (no lookups, no copies).
    pub fn cached(r: &'r RequestSpec, c: &'r Cached, now: DateTime<Utc>) -> PRequest<'r> {
        let (schedule, once_start) = match &c.weekly {
            Some(w) => (Cow::Borrowed(w), None),
            None => {
                let (s, o) = schedule_at(r, now);
                (Cow::Owned(s), o)
            }
        };
        PRequest {
            spec: r,
            category: c.category,
            skills: Cow::Borrowed(&c.skills),
            wijk: c.wijk,
            langs: Cow::Borrowed(&c.langs),
            mode: mode_bit(r.mode),
            schedule,
            need_minutes: need_minutes(r),
            once_start,
            waiting_days: waiting_days(r, now),
        }
    }
}

/// What a feasible pair measured, for the score and the reasons.
#[derive(Debug, Clone, Copy)]
pub struct Eval {
    pub distance_km: f64,
    pub overlap_minutes: u32,
    /// 0..=1: how well the availability covers the time needed per occasion.
    pub time_fit: f64,
}

/// Minutes of overlap, the time fit, and whether the time rule holds.
pub fn time_measure(req: &PRequest, off: &POffer) -> (u32, f64, Result<(), Infeasible>) {
    match req.schedule.as_ref() {
        PSchedule::Any => (off.avail_minutes, 1.0, Ok(())),
        PSchedule::Ended => (0, 0.0, Err(Infeasible::WindowEnded)),
        PSchedule::Windows(ws) => {
            let mut sum = 0u32;
            let mut ok = false;
            let mut fit = 0.0;
            for w in ws {
                let o = time::overlap(w, &off.avail);
                sum += o;
                if o >= w.minutes.min(30) {
                    ok = true;
                }
                let need = w.minutes.min(req.need_minutes).max(1);
                fit += f64::from(o.min(need)) / f64::from(need);
            }
            let fit = if ws.is_empty() {
                0.0
            } else {
                fit / ws.len() as f64
            };
            (
                sum,
                fit,
                if ok {
                    Ok(())
                } else {
                    Err(Infeasible::NoTimeOverlap)
                },
            )
        }
    }
}

/// Distance and time measured whether or not the pair is feasible.
pub fn measure(req: &PRequest, off: &POffer) -> Eval {
    let (overlap_minutes, time_fit, _) = time_measure(req, off);
    Eval {
        distance_km: req.spec.location.distance_km(off.loc),
        overlap_minutes,
        time_fit,
    }
}

/// Rule 2 alone, given the great-circle distance `d` between the two.
#[inline]
fn reach_at(req: &PRequest, off: &POffer, d: f64) -> Result<f64, Infeasible> {
    if d <= off.max_km || off.wijks.binary_search(&req.wijk).is_ok() {
        Ok(d)
    } else {
        Err(Infeasible::OutOfReach)
    }
}

/// All hard rules, in their numbered order; the first that fails is returned.
pub fn evaluate(req: &PRequest, off: &POffer, ctx: &Ctx) -> Result<Eval, Infeasible> {
    evaluate_at(req, off, ctx, req.spec.location.distance_km(off.loc))
}

/// [`evaluate`] with the distance between the two already measured (`d`), so a caller
/// that needed it first does not pay for the trigonometry twice.
#[inline]
pub fn evaluate_at(req: &PRequest, off: &POffer, ctx: &Ctx, d: f64) -> Result<Eval, Infeasible> {
    // 1. category
    if off.categories.binary_search(&req.category).is_err() {
        return Err(Infeasible::CategoryMismatch);
    }
    // 2. reach
    let distance_km = reach_at(req, off, d)?;
    // 3. time
    let (overlap_minutes, time_fit, ok) = time_measure(req, off);
    ok?;
    // 4. language
    if !req.langs.is_empty() && !req.langs.iter().any(|l| off.langs.binary_search(l).is_ok()) {
        return Err(Infeasible::NoSharedLanguage);
    }
    // 5. mode
    if off.modes & req.mode == 0 {
        return Err(Infeasible::ModeMismatch);
    }
    // 6. capacity
    if req.spec.free_places == 0 || off.free_matches == 0 {
        return Err(Infeasible::NoCapacity);
    }
    // 7. offer validity
    if !off.active
        || off.valid_until <= ctx.now
        || req.once_start.is_some_and(|s| off.valid_until <= s)
    {
        return Err(Infeasible::OfferNotValid);
    }
    // 8. own request
    if off.volunteer_id == req.spec.creator_id
        || req.spec.coordinator_ids.contains(&off.volunteer_id)
    {
        return Err(Infeasible::OwnRequest);
    }
    // 9. earlier decline, live match
    if ctx.exclusions.declined(req.spec.id, off.volunteer_id)
        || ctx.exclusions.live_match(req.spec.id, off.id)
    {
        return Err(Infeasible::PreviousMatch);
    }
    // 10. consent to proposals by others
    if ctx.proposer == Proposer::Others && !off.propose {
        return Err(Infeasible::NotProposable);
    }
    Ok(Eval {
        distance_km,
        overlap_minutes,
        time_fit,
    })
}

/// The request-only part of the score and the best the offer-dependent parts can add.
#[inline]
pub fn distance_fit(d: f64, w: &Weights) -> f64 {
    1.0 / (1.0 + d.max(0.0) / w.distance_half_km.max(1e-9))
}

pub fn urgency_fit(u: Urgency) -> f64 {
    match u {
        Urgency::Low => 0.0,
        Urgency::Normal => 0.5,
        Urgency::High => 1.0,
    }
}

/// Components in [0, 1], in a fixed order, combined by [`combine`].
#[derive(Debug, Clone, Copy)]
pub struct Parts {
    pub distance: f64,
    pub time: f64,
    pub skills: f64,
    pub language: f64,
    pub waiting: f64,
    pub urgency: f64,
}

/// The weighted mean of the parts as an integer 0..=100. Monotone in every part, so an upper
/// bound on each part gives an upper bound on the score.
pub fn combine(p: &Parts, w: &Weights) -> u8 {
    let ws = [
        w.distance, w.time, w.skills, w.language, w.waiting, w.urgency,
    ]
    .map(|x| x.max(0.0));
    let sum: f64 = ws.iter().sum();
    if sum <= 0.0 || !sum.is_finite() {
        return 0;
    }
    let v = ws[0] * p.distance
        + ws[1] * p.time
        + ws[2] * p.skills
        + ws[3] * p.language
        + ws[4] * p.waiting
        + ws[5] * p.urgency;
    let s = (100.0 * v / sum).round();
    if s.is_nan() {
        0
    } else {
        s.clamp(0.0, 100.0) as u8
    }
}

/// Parts known from the request alone, with the offer-dependent parts at their maximum and
/// the distance part at `min_km`: an upper bound for any offer at least `min_km` away.
pub fn bound_parts(req: &PRequest, min_km: f64, w: &Weights) -> Parts {
    Parts {
        distance: distance_fit(min_km, w),
        time: 1.0,
        skills: 1.0,
        language: 1.0,
        waiting: (f64::from(req.waiting_days) / w.waiting_full_days.max(1e-9)).min(1.0),
        urgency: urgency_fit(req.spec.urgency),
    }
}

pub fn parts(req: &PRequest, off: &POffer, e: &Eval, w: &Weights) -> Parts {
    let mut p = bound_parts(req, e.distance_km, w);
    p.time = e.time_fit;
    if !req.skills.is_empty() {
        let m = req
            .skills
            .iter()
            .filter(|s| off.skills.binary_search(s).is_ok())
            .count();
        p.skills = m as f64 / req.skills.len() as f64;
    }
    if let Some(first) = req.langs.first() {
        p.language = if off.langs.binary_search(first).is_ok() {
            1.0
        } else {
            0.5
        };
    }
    p
}

/// Feasibility and score together: `None` if infeasible.
#[inline]
pub fn feasible_score(req: &PRequest, off: &POffer, ctx: &Ctx, w: &Weights) -> Option<(u8, Eval)> {
    feasible_score_at(req, off, ctx, w, req.spec.location.distance_km(off.loc))
}

/// [`feasible_score`] with the distance already measured (see [`evaluate_at`]).
#[inline]
pub fn feasible_score_at(
    req: &PRequest,
    off: &POffer,
    ctx: &Ctx,
    w: &Weights,
    d: f64,
) -> Option<(u8, Eval)> {
    let e = evaluate_at(req, off, ctx, d).ok()?;
    Some((combine(&parts(req, off, &e, w), w), e))
}
