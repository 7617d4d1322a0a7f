//! The demo set's random stream: the same seed gives the same set on every platform and with
//! every version of the dependencies; and the draws the steps share.

use crate::domain::geo::GeoPoint;
use crate::reference;

/// A small, fast, portable PRNG (SplitMix64): the same seed gives the same demo set on
/// every platform and with every version of our dependencies.
pub struct DemoRng(u64);

impl DemoRng {
    pub fn new(seed: u64) -> Self {
        Self(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    /// Uniform in `[-1, 1)`.
    pub fn signed_unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 52) as f64 - 1.0
    }

    /// A deterministic UUID (v4 layout) from the stream.
    pub fn uuid(&mut self) -> String {
        let bytes =
            ((u128::from(self.next_u64())) << 64 | u128::from(self.next_u64())).to_be_bytes();
        uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .to_string()
    }
}

/// A home wijk, weighted by population.
pub(super) fn weighted_wijk(rng: &mut DemoRng) -> &'static reference::Wijk {
    let total: i64 = reference::wijken().iter().map(|w| w.population).sum();
    let mut ticket = (rng.next_u64() % total as u64) as i64;
    for w in reference::wijken() {
        if ticket < w.population {
            return w;
        }
        ticket -= w.population;
    }
    &reference::wijken()[0]
}

pub(super) fn jitter(rng: &mut DemoRng, w: &reference::Wijk, degrees: f64) -> GeoPoint {
    GeoPoint {
        lat: w.lat + rng.signed_unit() * degrees,
        lon: w.lon + rng.signed_unit() * degrees * 1.6,
    }
}

pub(super) fn some_of(rng: &mut DemoRng, ids: &[&'static str], max: usize) -> Vec<String> {
    let n = 1 + rng.below(max);
    let mut picked: Vec<String> = (0..n).map(|_| rng.pick(ids).to_string()).collect();
    picked.sort();
    picked.dedup();
    picked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rng_is_deterministic_and_spreads() {
        let mut a = DemoRng::new(7);
        let mut b = DemoRng::new(7);
        let xs: Vec<u64> = (0..5).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..5).map(|_| b.next_u64()).collect();
        assert_eq!(xs, ys);
        assert_ne!(DemoRng::new(8).next_u64(), xs[0]);
        let mut r = DemoRng::new(1);
        let mut counts = [0usize; 4];
        for _ in 0..4000 {
            counts[r.below(4)] += 1;
        }
        assert!(
            counts.iter().all(|&c| (800..1200).contains(&c)),
            "{counts:?}"
        );
        assert_eq!(DemoRng::new(3).uuid(), DemoRng::new(3).uuid());
    }
}
