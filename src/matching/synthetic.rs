//! Deterministic synthetic requests and offers around Groningen, for property tests and
//! benchmarks (and the demo data, if wanted). A seed always gives the same data.

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use uuid::Uuid;

use super::model::*;

/// A small deterministic generator (SplitMix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9e37_79b9_7f4a_7c15)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in 0..n (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    fn pick<'a>(&mut self, v: &'a [&'a str]) -> &'a str {
        v[self.below(v.len() as u64) as usize]
    }
}

/// Shape of the synthetic city.
#[derive(Debug, Clone)]
pub struct CityShape {
    pub centre: GeoPoint,
    /// Points fall in a square of this half-width (km) around the centre.
    pub half_width_km: f64,
    /// Wijken are squares of this size (km).
    pub wijk_km: f64,
    pub categories: usize,
    pub now: DateTime<Utc>,
}

impl Default for CityShape {
    fn default() -> Self {
        CityShape {
            centre: GeoPoint {
                lat: 53.2194,
                lon: 6.5665,
            },
            half_width_km: 8.0,
            wijk_km: 2.0,
            categories: 8,
            now: Utc
                .with_ymd_and_hms(2026, 10, 20, 12, 0, 0)
                .single()
                .unwrap_or_default(),
        }
    }
}

const SKILLS: [&str; 10] = [
    "cycling",
    "cooking",
    "dutch_lessons",
    "gardening",
    "computer",
    "driving",
    "listening",
    "repairs",
    "paperwork",
    "childcare",
];
const LANGS: [&str; 6] = ["nl", "en", "ar", "tr", "pl", "de"];

impl CityShape {
    fn point(&self, rng: &mut Rng) -> GeoPoint {
        let dx = (rng.unit() * 2.0 - 1.0) * self.half_width_km;
        let dy = (rng.unit() * 2.0 - 1.0) * self.half_width_km;
        GeoPoint {
            lat: self.centre.lat + dy / 111.195,
            lon: self.centre.lon + dx / (111.195 * self.centre.lat.to_radians().cos()),
        }
    }

    /// The wijk code of a point (square wijken).
    pub fn wijk_of(&self, p: GeoPoint) -> String {
        let y = ((p.lat - self.centre.lat) * 111.195 / self.wijk_km).floor() as i64;
        let x = ((p.lon - self.centre.lon) * 111.195 * self.centre.lat.to_radians().cos()
            / self.wijk_km)
            .floor() as i64;
        format!("WK{:03}{:03}", x + 500, y + 500)
    }

    fn category(&self, rng: &mut Rng) -> String {
        format!("cat{}", rng.below(self.categories.max(1) as u64))
    }

    fn slot(rng: &mut Rng) -> WeeklySlot {
        let start = 7 * 60 + 30 * rng.below(26) as u32; // 07:00 … 19:30
        let len = 30 + 30 * rng.below(8) as u32;
        let end = (start + len).min(23 * 60 + 59);
        WeeklySlot {
            weekday: 1 + rng.below(7) as u8,
            start: NaiveTime::from_hms_opt(start / 60, start % 60, 0).unwrap_or_default(),
            end: NaiveTime::from_hms_opt(end / 60, end % 60, 0).unwrap_or_default(),
        }
    }

    fn mode(rng: &mut Rng) -> Mode {
        [Mode::OneOff, Mode::Recurring, Mode::Project][rng.below(3) as usize]
    }

    fn langs(rng: &mut Rng, max: u64) -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        if rng.chance(0.85) {
            v.push("nl".into());
        }
        for _ in 0..rng.below(max + 1) {
            let l = rng.pick(&LANGS).to_string();
            if !v.contains(&l) {
                v.push(l);
            }
        }
        v
    }

    fn skills(rng: &mut Rng, max: u64) -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        for _ in 0..rng.below(max + 1) {
            let s = rng.pick(&SKILLS).to_string();
            if !v.contains(&s) {
                v.push(s);
            }
        }
        v
    }

    /// Offer number `n`: volunteer ids are `n + 1_000_000_000`; radii 0.5–8 km.
    pub fn offer(&self, n: u64, rng: &mut Rng) -> OfferSpec {
        let location = self.point(rng);
        let mut categories = vec![self.category(rng)];
        if rng.chance(0.3) {
            categories.push(self.category(rng));
        }
        let mut wijk_codes = vec![self.wijk_of(location)];
        if rng.chance(0.2) {
            wijk_codes.push(self.wijk_of(self.point(rng)));
        }
        let mut modes = vec![Self::mode(rng)];
        if rng.chance(0.5) {
            modes.push(Self::mode(rng));
        }
        OfferSpec {
            id: Uuid::from_u128(u128::from(n) + 1),
            volunteer_id: Uuid::from_u128(u128::from(n) + 1_000_000_000),
            categories,
            skills: Self::skills(rng, 4),
            wijk_codes,
            location,
            max_distance_km: 0.5 + rng.unit() * 7.5,
            availability: (0..rng.below(6)).map(|_| Self::slot(rng)).collect(),
            languages: Self::langs(rng, 2),
            modes,
            free_matches: rng.below(4) as u32,
            contact_preference: if rng.chance(0.9) {
                ContactPreference::Propose
            } else {
                ContactPreference::OnlyWhenIAsk
            },
            active: rng.chance(0.97),
            valid_until: self.now + Duration::days(rng.below(200) as i64 - 10),
        }
    }

    /// Request number `n`: ids `n + 2_000_000_000`; its creator is sometimes a volunteer.
    pub fn request(&self, n: u64, rng: &mut Rng) -> RequestSpec {
        let location = self.point(rng);
        let schedule = match rng.below(10) {
            0..=2 => None,
            3..=7 => Some(Schedule::Weekly {
                slots: (0..1 + rng.below(3)).map(|_| Self::slot(rng)).collect(),
            }),
            _ => {
                let start = self.now + Duration::minutes(rng.below(20 * 1440) as i64 - 2 * 1440);
                Some(Schedule::Once {
                    starts_at: start,
                    ends_at: start + Duration::minutes(30 + 30 * rng.below(8) as i64),
                })
            }
        };
        RequestSpec {
            id: Uuid::from_u128(u128::from(n) + 2_000_000_000),
            category: self.category(rng),
            skills: Self::skills(rng, 3),
            wijk_code: self.wijk_of(location),
            location,
            languages: if rng.chance(0.6) {
                Self::langs(rng, 1)
            } else {
                Vec::new()
            },
            mode: Self::mode(rng),
            schedule,
            hours_estimate: 0.5 + rng.below(8) as f64 * 0.5,
            free_places: rng.below(4) as u32,
            urgency: [Urgency::Low, Urgency::Normal, Urgency::High][rng.below(3) as usize],
            created_at: self.now - Duration::minutes(rng.below(60 * 1440) as i64),
            creator_id: Uuid::from_u128(u128::from(rng.below(400)) + 1_000_000_000),
            coordinator_ids: vec![Uuid::from_u128(u128::from(rng.below(400)) + 1_000_000_000)],
        }
    }

    pub fn offers(&self, n: usize, seed: u64) -> Vec<OfferSpec> {
        let mut rng = Rng::new(seed);
        (0..n as u64).map(|i| self.offer(i, &mut rng)).collect()
    }

    pub fn requests(&self, n: usize, seed: u64) -> Vec<RequestSpec> {
        let mut rng = Rng::new(seed ^ 0x5151);
        (0..n as u64).map(|i| self.request(i, &mut rng)).collect()
    }
}

/// A generic bipartite instance for solver benchmarks, mirrored exactly by
/// `scripts/ortools_compare.py`: request `r` (capacity 1) has `degree` edges to offers drawn
/// uniformly from a window of ±`window` around offer `r · offers / requests` (geography),
/// scores uniform in 0..=1 000 000; every offer has capacity `offer_capacity`.
pub fn bipartite(
    requests: usize,
    offers: usize,
    degree: usize,
    window: usize,
    offer_capacity: u32,
    seed: u64,
) -> super::solver::Instance {
    let mut rng = Rng::new(seed);
    let mut edges = Vec::with_capacity(requests * degree);
    let no = offers.max(1) as u64;
    for r in 0..requests as u64 {
        let centre = r * no / (requests.max(1) as u64);
        for _ in 0..degree {
            let off = rng.below(2 * window as u64 + 1);
            let o = (centre + no * 4 + off - window as u64) % no;
            let score = rng.below(1_000_001) as u32;
            edges.push(super::solver::Edge {
                request: r as u32,
                offer: o as u32,
                score,
            });
        }
    }
    super::solver::Instance {
        request_capacity: vec![1; requests],
        offer_capacity: vec![offer_capacity; offers],
        edges,
    }
}
