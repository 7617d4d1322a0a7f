//! Writing iCalendar (RFC 5545): events in Europe/Amsterdam local time with the zone's own
//! `VTIMEZONE`, lines ended by CRLF and folded at 75 octets, texts escaped.

use chrono::{DateTime, NaiveDateTime, Utc};

/// The zone every event is written in, as the API's times of day are.
pub const TZID: &str = "Europe/Amsterdam";

/// Europe/Amsterdam since 1996 (EU rules): summer time from the last Sunday of March at
/// 02:00 local (01:00 UTC) to the last Sunday of October at 03:00 local (01:00 UTC). Each
/// DTSTART is the first such Sunday of 1970, as RFC 5545 asks an RRULE's start to be.
const VTIMEZONE: &[&str] = &[
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Amsterdam",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
];

/// One event: a single occasion, or the first of a weekly series.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub uid: String,
    /// When the information was last revised.
    pub stamp: DateTime<Utc>,
    /// Local wall-clock times in [`TZID`].
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    /// `Some(weekday)` (ISO, 1 = Monday): repeats every week on that day.
    pub weekly_on: Option<u8>,
    pub summary: String,
    pub location: String,
}

/// A whole calendar: its name, the zone and the events.
pub fn document(name: &str, events: &[Event]) -> String {
    let mut out = String::new();
    let mut line = |text: &str| {
        out.push_str(&fold(text));
        out.push_str("\r\n");
    };
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//wijkmatch//wijkmatch//NL");
    line("CALSCALE:GREGORIAN");
    line(&format!("X-WR-CALNAME:{}", escape(name)));
    line(&format!("X-WR-TIMEZONE:{TZID}"));
    for l in VTIMEZONE {
        line(l);
    }
    for event in events {
        line("BEGIN:VEVENT");
        line(&format!("UID:{}", escape(&event.uid)));
        line(&format!("DTSTAMP:{}", event.stamp.format("%Y%m%dT%H%M%SZ")));
        line(&format!("DTSTART;TZID={TZID}:{}", local(event.start)));
        line(&format!("DTEND;TZID={TZID}:{}", local(event.end)));
        if let Some(day) = event.weekly_on {
            line(&format!("RRULE:FREQ=WEEKLY;BYDAY={}", byday(day)));
        }
        line(&format!("SUMMARY:{}", escape(&event.summary)));
        line(&format!("LOCATION:{}", escape(&event.location)));
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

fn local(at: NaiveDateTime) -> String {
    at.format("%Y%m%dT%H%M%S").to_string()
}

/// RFC 5545's two-letter weekday for an ISO weekday.
fn byday(weekday: u8) -> &'static str {
    match weekday {
        1 => "MO",
        2 => "TU",
        3 => "WE",
        4 => "TH",
        5 => "FR",
        6 => "SA",
        _ => "SU",
    }
}

/// A TEXT value: backslash, semicolon and comma escaped, line breaks as `\n`.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            // Other control characters have no place in a content line.
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line folded so no physical line exceeds 75 octets: a continuation starts
/// with a space (which counts), and a character is never split between lines.
pub fn fold(line: &str) -> String {
    const LIMIT: usize = 75;
    let mut out = String::with_capacity(line.len() + line.len() / LIMIT * 3);
    let mut used = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if used + len > LIMIT {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += len;
    }
    out
}

#[cfg(test)]
mod tests {
    use chrono::{Datelike, NaiveDate, Offset, TimeZone, Weekday};
    use chrono_tz::Europe::Amsterdam;

    use super::*;

    #[test]
    fn texts_escape_what_rfc_5545_reserves() {
        assert_eq!(escape("a,b;c\\d\ne\r\nf"), "a\\,b\\;c\\\\d\\ne\\nf");
        assert_eq!(escape("gewoon"), "gewoon");
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_a_character() {
        let long = format!("SUMMARY:{}", "é".repeat(100));
        let folded = fold(&long);
        let lines: Vec<&str> = folded.split("\r\n").collect();
        assert!(lines.len() > 1);
        for (i, l) in lines.iter().enumerate() {
            assert!(l.len() <= 75, "line {i} has {} octets", l.len());
            assert_eq!(i > 0, l.starts_with(' '));
        }
        // Unfolding (dropping CRLF + space) gives the line back.
        assert_eq!(folded.replace("\r\n ", ""), long);
        assert_eq!(fold("SHORT:x"), "SHORT:x");
        let exactly = "X".repeat(75);
        assert_eq!(fold(&exactly), exactly);
    }

    #[test]
    fn every_line_ends_with_crlf_and_events_carry_their_rule() {
        let at = |d: u32, h: u32| {
            NaiveDate::from_ymd_opt(2027, 3, d)
                .unwrap()
                .and_hms_opt(h, 0, 0)
                .unwrap()
        };
        let doc = document(
            "mijn, koppelingen",
            &[Event {
                uid: "m1-2-1000-1200@wijkmatch".into(),
                stamp: Utc.with_ymd_and_hms(2027, 3, 1, 8, 0, 0).unwrap(),
                start: at(2, 10),
                end: at(2, 12),
                weekly_on: Some(2),
                summary: "Boodschappen; samen".into(),
                location: "Oud-Oost".into(),
            }],
        );
        assert!(doc.ends_with("END:VCALENDAR\r\n"));
        assert!(!doc.replace("\r\n", "").contains('\n'));
        for expected in [
            "X-WR-CALNAME:mijn\\, koppelingen\r\n",
            "DTSTART;TZID=Europe/Amsterdam:20270302T100000\r\n",
            "DTEND;TZID=Europe/Amsterdam:20270302T120000\r\n",
            "RRULE:FREQ=WEEKLY;BYDAY=TU\r\n",
            "SUMMARY:Boodschappen\\; samen\r\n",
            "DTSTAMP:20270301T080000Z\r\n",
        ] {
            assert!(doc.contains(expected), "{expected:?} in\n{doc}");
        }
    }

    /// The last Sunday of `month`.
    fn last_sunday(year: i32, month: u32) -> NaiveDate {
        let mut day = NaiveDate::from_ymd_opt(year, month + 1, 1)
            .unwrap()
            .pred_opt()
            .unwrap();
        while day.weekday() != Weekday::Sun {
            day = day.pred_opt().unwrap();
        }
        day
    }

    /// The zone the document declares agrees with the tz database: the offset changes at
    /// 01:00 UTC on the last Sundays of March and October, and nowhere else in between.
    #[test]
    fn the_declared_zone_rules_agree_with_the_tz_database() {
        let offset = |at: DateTime<Utc>| {
            Amsterdam
                .offset_from_utc_datetime(&at.naive_utc())
                .fix()
                .local_minus_utc()
        };
        for year in 1996..2038 {
            for (month, before, after) in [(3, 3600, 7200), (10, 7200, 3600)] {
                let change = last_sunday(year, month)
                    .and_hms_opt(1, 0, 0)
                    .unwrap()
                    .and_utc();
                assert_eq!(
                    offset(change - chrono::Duration::seconds(1)),
                    before,
                    "{year}-{month}"
                );
                assert_eq!(offset(change), after, "{year}-{month}");
            }
        }
        assert_eq!(
            last_sunday(1970, 3),
            NaiveDate::from_ymd_opt(1970, 3, 29).unwrap()
        );
        assert_eq!(
            last_sunday(1970, 10),
            NaiveDate::from_ymd_opt(1970, 10, 25).unwrap()
        );
        let zone = VTIMEZONE.join("\n");
        assert!(zone.contains("DTSTART:19700329T020000\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"));
        assert!(zone.contains("DTSTART:19701025T030000\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"));
    }
}
