//! A volunteer's calendar: their confirmed matches as iCalendar events, and the secret feed
//! that serves the same document to a calendar app without a login.
//!
//! - [`ical`]: the RFC 5545 writer (pure).
//!
//! Only the request's public face goes in (its title, its wijk's name, its schedule): never
//! its private part, the notes or anyone's contact. A feed's token is 256 random bits; only
//! its SHA-256 is stored, so the database alone cannot rebuild a feed URL.

pub mod ical;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Datelike, Duration, NaiveDateTime, Utc};
use chrono_tz::Europe::Amsterdam;
use sha2::{Digest, Sha256};

use crate::db::calendar::{self as repo, CalendarRow};
use crate::db::{DbConnection, now};
use crate::domain::account::Caller;
use crate::domain::schedule::{Schedule, WeeklySlot};
use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, Noun, Text};
use crate::reference;
use crate::service::audit::{self, Action};
use ical::Event;

/// The media type of the calendar document.
pub const MEDIA_TYPE: &str = "text/calendar; charset=utf-8";

/// The caller's calendar.
pub fn for_caller(conn: &mut DbConnection, caller: &Caller, lang: Lang) -> AppResult<String> {
    document(conn, &caller.user_id, lang)
}

/// The calendar a feed token opens; 404 for a token that is unknown or revoked.
pub fn for_feed(conn: &mut DbConnection, token: &str, lang: Lang) -> AppResult<String> {
    let user_id =
        repo::owner(conn, &token_hash(token))?.ok_or(AppError::NotFound(Noun::Resource))?;
    document(conn, &user_id, lang)
}

/// A new feed for the caller, replacing any earlier one: the token, shown once.
pub fn create_feed(conn: &mut DbConnection, caller: &Caller) -> AppResult<String> {
    let token = URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>());
    let hash = token_hash(&token);
    conn.write_tx(|conn| {
        repo::replace(conn, &caller.user_id, &hash, now())?;
        audit::record(
            conn,
            Some(caller),
            Action::Create,
            "calendar_feed",
            &caller.user_id,
        )?;
        Ok::<_, AppError>(())
    })?;
    Ok(token)
}

/// Revoke the caller's feed; nothing to do when there is none.
pub fn revoke_feed(conn: &mut DbConnection, caller: &Caller) -> AppResult<()> {
    conn.write_tx(|conn| {
        if repo::remove(conn, &caller.user_id)? {
            audit::record(
                conn,
                Some(caller),
                Action::Delete,
                "calendar_feed",
                &caller.user_id,
            )?;
        }
        Ok::<_, AppError>(())
    })
}

/// What is stored of a token: its SHA-256, in hex.
fn token_hash(token: &str) -> String {
    crate::auth::hashing::hex(&Sha256::digest(token.as_bytes()))
}

fn document(conn: &mut DbConnection, user_id: &str, lang: Lang) -> AppResult<String> {
    let rows = repo::confirmed_for_volunteer(conn, user_id)?;
    let events: Vec<Event> = rows.iter().flat_map(events).collect();
    Ok(ical::document(&Text::CalendarName.render(lang), &events))
}

/// The events of one confirmed match: one weekly series per slot, one event for a
/// once-window, none without a schedule.
fn events(row: &CalendarRow) -> Vec<Event> {
    let Some(schedule) = &row.schedule else {
        return Vec::new();
    };
    let stamp = row.match_updated_at.max(row.request_updated_at).and_utc();
    let location = reference::wijk(&row.wijk_code)
        .map_or_else(|| row.wijk_code.clone(), |w| w.name.to_owned());
    let event = |uid: String, start, end, weekly_on| Event {
        uid,
        stamp,
        start,
        end,
        weekly_on,
        summary: row.title.clone(),
        location: location.clone(),
    };
    match schedule {
        Schedule::Once { starts_at, ends_at } => vec![event(
            format!("{}-once@wijkmatch", row.match_id),
            local(*starts_at),
            local(*ends_at),
            None,
        )],
        Schedule::Weekly { slots } => {
            let from = row.confirmed_at.unwrap_or(row.match_updated_at).and_utc();
            let mut slots = slots.clone();
            slots.sort_by_key(|s| (s.weekday, s.start, s.end));
            slots.dedup();
            slots
                .iter()
                .filter(|s| (1..=7).contains(&s.weekday))
                .map(|slot| {
                    let (start, end) = first_occurrence(slot, from);
                    event(
                        format!(
                            "{}-{}-{}-{}@wijkmatch",
                            row.match_id,
                            slot.weekday,
                            slot.start.format("%H%M"),
                            slot.end.format("%H%M")
                        ),
                        start,
                        end,
                        Some(slot.weekday),
                    )
                })
                .collect()
        }
    }
}

/// Amsterdam wall-clock time of an instant.
fn local(at: DateTime<Utc>) -> NaiveDateTime {
    at.with_timezone(&Amsterdam).naive_local()
}

/// The slot's first occasion starting at or after `from`, in Amsterdam wall-clock time;
/// a slot that ends at or before its start runs into the next day.
fn first_occurrence(slot: &WeeklySlot, from: DateTime<Utc>) -> (NaiveDateTime, NaiveDateTime) {
    let now = local(from);
    let today = i64::from(now.weekday().number_from_monday());
    let ahead = (i64::from(slot.weekday) - today).rem_euclid(7);
    let mut start = (now.date() + Duration::days(ahead)).and_time(slot.start);
    if start < now {
        start += Duration::days(7);
    }
    let mut end = start.date().and_time(slot.end);
    if end <= start {
        end += Duration::days(1);
    }
    (start, end)
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveTime, TimeZone};

    use super::*;

    fn slot(weekday: u8, start: &str, end: &str) -> WeeklySlot {
        WeeklySlot {
            weekday,
            start: NaiveTime::parse_from_str(start, "%H:%M").unwrap(),
            end: NaiveTime::parse_from_str(end, "%H:%M").unwrap(),
        }
    }

    fn local_at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    #[test]
    fn a_weekly_slot_starts_at_its_first_occasion_from_the_confirmation() {
        // Tuesday 2 March 2027, 09:30 in Amsterdam (08:30 UTC).
        let tuesday_morning = Utc.with_ymd_and_hms(2027, 3, 2, 8, 30, 0).unwrap();
        let tue = slot(2, "10:00", "12:00");
        assert_eq!(
            first_occurrence(&tue, tuesday_morning),
            (local_at(2027, 3, 2, 10, 0), local_at(2027, 3, 2, 12, 0))
        );
        // Already begun that day: the next week.
        let tuesday_noon = Utc.with_ymd_and_hms(2027, 3, 2, 10, 0, 0).unwrap();
        assert_eq!(
            first_occurrence(&tue, tuesday_noon).0,
            local_at(2027, 3, 9, 10, 0)
        );
        // Monday comes after Tuesday: six days on.
        let mon = slot(1, "19:00", "21:00");
        assert_eq!(
            first_occurrence(&mon, tuesday_morning).0,
            local_at(2027, 3, 8, 19, 0)
        );
        // Past midnight into the next day.
        let night = slot(5, "22:00", "01:00");
        assert_eq!(
            first_occurrence(&night, tuesday_morning),
            (local_at(2027, 3, 5, 22, 0), local_at(2027, 3, 6, 1, 0))
        );
        // The local date decides: 23:30 UTC on Monday is Tuesday 00:30 in Amsterdam.
        let late = Utc.with_ymd_and_hms(2027, 3, 1, 23, 30, 0).unwrap();
        assert_eq!(first_occurrence(&tue, late).0, local_at(2027, 3, 2, 10, 0));
    }

    fn row(schedule: Option<Schedule>) -> CalendarRow {
        let at = local_at(2027, 3, 1, 12, 0);
        CalendarRow {
            match_id: "m1".into(),
            confirmed_at: Some(at),
            match_updated_at: at,
            title: "Boodschappen".into(),
            wijk_code: "WK001404".into(),
            schedule,
            request_updated_at: at - Duration::days(1),
        }
    }

    #[test]
    fn events_follow_the_schedule_with_stable_uids() {
        assert!(events(&row(None)).is_empty());
        let weekly = Schedule::Weekly {
            slots: vec![
                slot(4, "14:00", "15:00"),
                slot(2, "10:00", "12:00"),
                slot(2, "10:00", "12:00"),
            ],
        };
        let e = events(&row(Some(weekly)));
        assert_eq!(e.len(), 2, "duplicates give one series");
        assert_eq!(e[0].uid, "m1-2-1000-1200@wijkmatch");
        assert_eq!(e[0].weekly_on, Some(2));
        assert_eq!(e[0].location, "Oud-Oost");
        assert_eq!(e[1].uid, "m1-4-1400-1500@wijkmatch");
        // Summer time: 14:00 UTC is 16:00 in Amsterdam.
        let once = Schedule::Once {
            starts_at: Utc.with_ymd_and_hms(2027, 6, 1, 14, 0, 0).unwrap(),
            ends_at: Utc.with_ymd_and_hms(2027, 6, 1, 16, 0, 0).unwrap(),
        };
        let e = events(&row(Some(once)));
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].uid, "m1-once@wijkmatch");
        assert_eq!(e[0].weekly_on, None);
        assert_eq!(e[0].start, local_at(2027, 6, 1, 16, 0));
        assert_eq!(e[0].end, local_at(2027, 6, 1, 18, 0));
    }

    #[test]
    fn a_token_is_stored_as_its_hash() {
        let h = token_hash("abc");
        assert_eq!(h.len(), 64);
        assert_eq!(
            h,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
