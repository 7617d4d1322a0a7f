//! Bitsets the cheap tests read: the parts of the week a schedule touches, and small code
//! sets (skills, languages) as masks.

/// Parts of the week the cheap time tests work with, as bits: each day's hours from 07:00
/// one by one, and its night (00:00–07:00) as one part; 18 a day, 126 in all. Coarser at
/// night, when little help is given, so that an offer's mask takes 16 bytes, not 21.
pub(super) type Units = [u64; 2];

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
pub(super) fn unit_mask(intervals: impl IntoIterator<Item = (u32, u32)>) -> Units {
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
pub(super) fn shared_minutes(a: &Units, b: &Units) -> u32 {
    let s = [a[0] & b[0], a[1] & b[1]];
    let units = s[0].count_ones() + s[1].count_ones();
    let nights = (s[0] & NIGHTS[0]).count_ones() + (s[1] & NIGHTS[1]).count_ones();
    60 * units + 60 * (NIGHT_HOURS - 1) * nights
}

pub(super) fn mask(codes: &[u32]) -> u32 {
    codes
        .iter()
        .filter(|&&c| c < 32)
        .fold(0, |m, &c| m | (1 << c))
}

/// How many of a window's pieces may touch one unit: 1 if their units are disjoint (the
/// usual case), else all of them (safe).
pub(super) fn pieces_per_unit(pieces: &[(u32, u32)]) -> usize {
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
