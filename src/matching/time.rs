//! Time overlap in Europe/Amsterdam local time, on a week of minutes.
//!
//! Everything is reduced to intervals of "week minutes" (0 = Monday 00:00 local,
//! 10 080 = the next Monday 00:00). A `once` window in UTC is cut where the UTC offset changes
//! (daylight saving) and at local midnight, so each piece has a constant offset and its
//! wall-clock length equals its real length: overlap is always counted in real minutes.

use chrono::{DateTime, NaiveTime, Offset, TimeZone, Timelike, Utc};
use chrono_tz::Europe::Amsterdam;

use super::model::WeeklySlot;

/// Minutes in a week.
pub const WEEK: u32 = 7 * 1440;

/// One occasion a request needs help at: pieces of week minutes (a piece may repeat the same
/// week minutes, e.g. the repeated hour when clocks go back) and its real length in minutes.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    pub pieces: Vec<(u32, u32)>,
    pub minutes: u32,
}

fn minute_of_day(t: NaiveTime) -> u32 {
    t.hour() * 60 + t.minute()
}

/// Week-minute pieces of one weekly slot (a slot past midnight wraps, Sunday into Monday).
/// Slots with a weekday outside 1..=7 yield nothing.
pub fn slot_pieces(slot: &WeeklySlot) -> Vec<(u32, u32)> {
    if !(1..=7).contains(&slot.weekday) {
        return Vec::new();
    }
    let day = u32::from(slot.weekday - 1) * 1440;
    let s = day + minute_of_day(slot.start);
    let mut e = day + minute_of_day(slot.end);
    if e <= s {
        e += 1440;
    }
    if e > WEEK {
        vec![(s, WEEK), (0, e - WEEK)]
    } else {
        vec![(s, e)]
    }
}

/// The union of weekly slots as sorted, disjoint week-minute intervals.
/// An empty list of slots means "any time": the whole week.
pub fn availability(slots: &[WeeklySlot]) -> Vec<(u32, u32)> {
    if slots.is_empty() {
        return vec![(0, WEEK)];
    }
    let mut v: Vec<(u32, u32)> = slots.iter().flat_map(slot_pieces).collect();
    v.sort_unstable();
    let mut out: Vec<(u32, u32)> = Vec::with_capacity(v.len());
    for (s, e) in v {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// Total minutes in sorted disjoint intervals.
pub fn total(avail: &[(u32, u32)]) -> u32 {
    avail.iter().map(|(s, e)| e - s).sum()
}

/// Minutes of `window` covered by `avail` (sorted, disjoint).
pub fn overlap(window: &Window, avail: &[(u32, u32)]) -> u32 {
    let mut sum = 0;
    for &(ps, pe) in &window.pieces {
        for &(a, b) in avail {
            if a >= pe {
                break;
            }
            let lo = ps.max(a);
            let hi = pe.min(b);
            if hi > lo {
                sum += hi - lo;
            }
        }
    }
    sum
}

/// The windows of weekly slots: one per slot.
pub fn weekly_windows(slots: &[WeeklySlot]) -> Vec<Window> {
    slots
        .iter()
        .map(|s| {
            let pieces = slot_pieces(s);
            let minutes = pieces.iter().map(|(a, b)| b - a).sum();
            Window { pieces, minutes }
        })
        .filter(|w| w.minutes > 0)
        .collect()
}

/// UTC offset of Europe/Amsterdam at `utc_minute` (minutes since the epoch), in minutes.
fn offset_minutes(utc_minute: i64) -> i64 {
    match DateTime::from_timestamp(utc_minute * 60, 0) {
        Some(t) => {
            i64::from(
                Amsterdam
                    .offset_from_utc_datetime(&t.naive_utc())
                    .fix()
                    .local_minus_utc(),
            ) / 60
        }
        None => 0,
    }
}

/// The window of a `once` schedule from `start` to `end` (UTC), as local week-minute pieces,
/// cut at local midnight and at daylight-saving changes. Sub-minute parts are dropped.
pub fn once_window(start: DateTime<Utc>, end: DateTime<Utc>) -> Window {
    let s = start.timestamp().div_euclid(60);
    let e = end.timestamp().div_euclid(60);
    let mut pieces = Vec::new();
    let mut cur = s;
    while cur < e {
        let off = offset_minutes(cur);
        let local = cur + off;
        let day = local.div_euclid(1440);
        let next_midnight_utc = (day + 1) * 1440 - off;
        let mut stop = e.min(next_midnight_utc);
        if offset_minutes(stop - 1) != off {
            // The offset changes inside: find the first minute with the new offset.
            let (mut lo, mut hi) = (cur, stop - 1); // offset(lo) == off, offset(hi) != off
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if offset_minutes(mid) == off {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            stop = hi;
        }
        // 1970-01-01 was a Thursday (ISO weekday index 3 counting Monday as 0).
        let weekday = (day + 3).rem_euclid(7);
        let wm = weekday * 1440 + (local - day * 1440);
        let len = stop - cur;
        // Both fit in u32: wm < WEEK and len ≤ 1440.
        pieces.push((wm as u32, (wm + len) as u32));
        cur = stop;
    }
    let minutes = u32::try_from((e - s).max(0)).unwrap_or(u32::MAX);
    Window { pieces, minutes }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn availability_merges_and_wraps() {
        let slots = [
            WeeklySlot {
                weekday: 1,
                start: t(9, 0),
                end: t(10, 0),
            },
            WeeklySlot {
                weekday: 1,
                start: t(10, 0),
                end: t(11, 0),
            },
            WeeklySlot {
                weekday: 7,
                start: t(23, 0),
                end: t(1, 0),
            },
        ];
        assert_eq!(
            availability(&slots),
            vec![(0, 60), (540, 660), (WEEK - 60, WEEK)]
        );
    }

    #[test]
    fn once_window_in_summer_time_is_shifted_two_hours() {
        // 2026-07-01 is a Wednesday; 10:00 UTC is 12:00 CEST.
        let w = once_window(
            Utc.with_ymd_and_hms(2026, 7, 1, 10, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 7, 1, 11, 0, 0).unwrap(),
        );
        assert_eq!(w.pieces, vec![(2 * 1440 + 720, 2 * 1440 + 780)]);
        assert_eq!(w.minutes, 60);
    }

    #[test]
    fn once_window_across_dst_end_counts_real_minutes() {
        // Sunday 2026-10-25: 00:30 UTC = 02:30 CEST, 02:30 UTC = 03:30 CET; clocks go back at
        // 01:00 UTC (03:00 CEST → 02:00 CET). Two real hours, local 02:30–03:00, 02:00–03:30.
        let w = once_window(
            Utc.with_ymd_and_hms(2026, 10, 25, 0, 30, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 10, 25, 2, 30, 0).unwrap(),
        );
        let sun = 6 * 1440;
        assert_eq!(
            w.pieces,
            vec![(sun + 150, sun + 180), (sun + 120, sun + 210)]
        );
        assert_eq!(w.minutes, 120);
        // Available 02:00–03:00 local on Sundays: the repeated hour counts twice (30 + 60).
        let avail = availability(&[WeeklySlot {
            weekday: 7,
            start: t(2, 0),
            end: t(3, 0),
        }]);
        assert_eq!(overlap(&w, &avail), 90);
    }

    #[test]
    fn once_window_split_at_local_midnight() {
        // 2026-03-10 (Tuesday) 22:00 UTC = 23:00 CET to 00:00 UTC = 01:00 Wednesday.
        let w = once_window(
            Utc.with_ymd_and_hms(2026, 3, 10, 22, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 3, 11, 0, 0, 0).unwrap(),
        );
        assert_eq!(
            w.pieces,
            vec![(1440 + 1380, 2 * 1440), (2 * 1440, 2 * 1440 + 60)]
        );
    }

    #[test]
    fn once_window_across_dst_start() {
        // 2026-03-29: clocks go forward at 01:00 UTC (02:00 CET → 03:00 CEST).
        let w = once_window(
            Utc.with_ymd_and_hms(2026, 3, 29, 0, 30, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 3, 29, 1, 30, 0).unwrap(),
        );
        let sun = 6 * 1440;
        assert_eq!(
            w.pieces,
            vec![(sun + 90, sun + 120), (sun + 180, sun + 210)]
        );
        assert_eq!(w.minutes, 60);
    }
}
