//! Hours: the matched volunteer logs them, the request's managers confirm or reject them, and
//! a volunteer can show a statement of confirmed hours per period (students give 5–10 hours
//! a month in return for a rent discount and need to prove it).

use chrono::{Datelike, NaiveDate};
use chrono_tz::Europe::Amsterdam;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::audit::{self, Action};
use super::matches as match_service;
use crate::db::hours::{self as repo, HoursOf, HoursRow};
use crate::db::{DbConnection, Owner, new_id, now, users};
use crate::domain::account::Caller;
use crate::domain::paging::{CursorCodec, Page, PageRequest};
use crate::domain::quantity::LoggedHours;
use crate::domain::status::{HoursStatus, MatchStatus};
use crate::domain::text::Summary;
use crate::domain::validation::{Checker, FieldError, Invalid};
use crate::error::{AppError, AppResult};
use crate::i18n::{FieldText, Noun, Text};
use crate::parse_fields;

pub const SUBJECT: &str = "hours";
pub const LIST_KIND: &str = "hours";

/// Hours worked on one day. The `date` may not lie in the future (Europe/Amsterdam) nor
/// before the match was made, and a day holds at most 24 hours over all matches (rules
/// between a value, the clock and other records, which the schema cannot state).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewHoursInput {
    /// `YYYY-MM-DD`.
    pub date: NaiveDate,
    #[schema(schema_with = LoggedHours::schema)]
    pub hours: f64,
    #[serde(default)]
    #[schema(schema_with = Summary::schema)]
    pub note: Option<String>,
}

/// Hours to log, parsed. Whether the match takes them is for the use case to decide.
#[derive(Debug, Clone, PartialEq)]
pub struct NewHours {
    /// Today or earlier.
    pub date: NaiveDate,
    pub hours: LoggedHours,
    pub note: Option<Summary>,
}

impl TryFrom<&NewHoursInput> for NewHours {
    type Error = Invalid;

    fn try_from(raw: &NewHoursInput) -> Result<Self, Invalid> {
        let mut check = Checker::new();
        let date = if raw.date <= today() {
            Ok(raw.date)
        } else {
            Err(FieldError::new("date", FieldText::InTheFuture))
        };
        parse_fields!(
            check,
            NewHours {
                date: date,
                hours: LoggedHours::parse("hours", raw.hours),
                note: raw
                    .note
                    .as_deref()
                    .map(|n| Summary::parse("note", n))
                    .transpose(),
            }
        )
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HoursView {
    pub id: String,
    pub match_id: String,
    pub request_id: String,
    pub date: NaiveDate,
    pub hours: f64,
    pub note: Option<String>,
    pub status: HoursStatus,
    /// Who confirmed or rejected the entry.
    pub confirmed_by: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatementView {
    pub volunteer_display_name: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub total_confirmed_hours: f64,
    /// The confirmed entries of the period, oldest first.
    pub entries: Vec<HoursView>,
}

pub fn view(row: &HoursRow) -> HoursView {
    HoursView {
        id: row.id.clone(),
        match_id: row.match_id.clone(),
        request_id: row.request_id.clone(),
        date: row.date,
        hours: f64::from(row.centi_hours) / 100.0,
        note: row.note.clone(),
        status: row.status,
        confirmed_by: row.confirmed_by.clone(),
    }
}

/// Today in Groningen: dates are local.
pub fn today() -> NaiveDate {
    crate::clock::now().with_timezone(&Amsterdam).date_naive()
}

/// The match, when the caller is its volunteer: 404 to whoever is on neither side, 403 to
/// its managers.
pub fn require_logger(
    conn: &mut DbConnection,
    caller: &Caller,
    match_id: &str,
) -> AppResult<crate::db::matches::MatchRow> {
    let (m, _, sides) = match_service::find_for(conn, caller, match_id)?;
    if !sides.volunteer {
        return Err(AppError::Forbidden(Text::MatchedVolunteerLogs));
    }
    Ok(m)
}

/// Log hours on a match (its volunteer, while it is confirmed or after it completed).
pub fn log(
    conn: &mut DbConnection,
    caller: &Caller,
    match_id: &str,
    entry: &NewHours,
) -> AppResult<HoursView> {
    let m = require_logger(conn, caller, match_id)?;
    let matched_on = m
        .created_at
        .and_utc()
        .with_timezone(&Amsterdam)
        .date_naive();
    if entry.date < matched_on {
        return Err(AppError::field(
            "date",
            FieldText::BeforeMatch {
                date: matched_on.to_string(),
            },
        ));
    }
    if m.status != MatchStatus::Confirmed && m.status != MatchStatus::Completed {
        return Err(AppError::Conflict(Text::HoursNeedConfirmedMatch {
            status: m.status.as_str(),
        }));
    }
    let row = HoursRow {
        id: new_id(),
        match_id: m.id.clone(),
        volunteer_id: m.volunteer_id.clone(),
        request_id: m.request_id.clone(),
        date: entry.date,
        centi_hours: entry.hours.centi(),
        note: entry.note.clone().map(Summary::into_string),
        status: HoursStatus::Logged,
        confirmed_by: None,
        created_at: now(),
        decided_at: None,
    };
    conn.write_tx(|conn| {
        // A day has 24 hours, however many matches share it, and however many entries race.
        conn.lock_owner(Owner::User(&row.volunteer_id))?;
        let already = repo::logged_on(conn, &row.volunteer_id, row.date)?;
        if already + i64::from(row.centi_hours) > i64::from(LoggedHours::MAX_CENTI) {
            return Err(AppError::field(
                "hours",
                FieldText::DayFull {
                    logged: already as f64 / 100.0,
                    date: row.date.to_string(),
                },
            ));
        }
        repo::insert(conn, &row)?;
        audit::record(conn, Some(caller), Action::Create, SUBJECT, &row.id)
    })?;
    Ok(view(&row))
}

fn parse_date_id(parts: &[String]) -> AppResult<(NaiveDate, String)> {
    match parts {
        [d, id] => NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map(|d| (d, id.clone()))
            .map_err(|_| AppError::field("cursor", FieldText::Cursor)),
        _ => Err(AppError::field("cursor", FieldText::Cursor)),
    }
}

fn page_of(
    conn: &mut DbConnection,
    of: HoursOf<'_>,
    page: &PageRequest,
    cursors: &CursorCodec,
) -> AppResult<Page<HoursView>> {
    let after = page.after.as_deref().map(parse_date_id).transpose()?;
    let rows = repo::list(conn, of, after, page.fetch_limit())?;
    Ok(Page::from_rows(rows, page, cursors, LIST_KIND, |r| {
        vec![r.date.to_string(), r.id.clone()]
    })
    .map(|r| view(&r)))
}

/// A match's hours, newest first (either side).
pub fn list_for_match(
    conn: &mut DbConnection,
    caller: &Caller,
    match_id: &str,
    page: &PageRequest,
    cursors: &CursorCodec,
) -> AppResult<Page<HoursView>> {
    match_service::find_for(conn, caller, match_id)?;
    page_of(conn, HoursOf::Match(match_id), page, cursors)
}

/// The entry is one the caller may know (either side of its match, else 404) and decide on:
/// a manager of the request who is not the match's volunteer (else 403).
pub fn require_decider(conn: &mut DbConnection, caller: &Caller, id: &str) -> AppResult<()> {
    let row = repo::find(conn, id)?.ok_or(AppError::NotFound(Noun::HoursEntry))?;
    let (_, _, sides) = match_service::find_for(conn, caller, &row.match_id)
        .map_err(|_| AppError::NotFound(Noun::HoursEntry))?;
    if !sides.manager {
        return Err(AppError::Forbidden(Text::ManagersConfirmHours));
    }
    // Whatever relation they gained later, the volunteer never decides on their own hours.
    if sides.volunteer {
        return Err(AppError::Forbidden(Text::NotOwnHours));
    }
    Ok(())
}

/// Confirm or reject a logged entry (the request's managers); decided already → 409.
pub fn decide(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    confirm: bool,
) -> AppResult<HoursView> {
    require_decider(conn, caller, id)?;
    let status = if confirm {
        HoursStatus::Confirmed
    } else {
        HoursStatus::Rejected
    };
    conn.write_tx(|conn| {
        if !repo::decide(conn, id, status, &caller.user_id, now())? {
            return Err(AppError::Conflict(Text::HoursEntryAlready {
                status: repo::find(conn, id)?.map_or("gone", |r| r.status.as_str()),
            }));
        }
        audit::record(conn, Some(caller), Action::Update, SUBJECT, id)
    })?;
    let row = repo::find(conn, id)?.ok_or(AppError::NotFound(Noun::HoursEntry))?;
    Ok(view(&row))
}

/// A period `from`–`to` (inclusive), checked.
pub fn period(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> AppResult<(Option<NaiveDate>, Option<NaiveDate>)> {
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            return Err(AppError::field("from", FieldText::FromNotAfterTo));
        }
    }
    Ok((from, to))
}

/// The caller's own hours, newest first, optionally between two dates.
pub fn mine(
    conn: &mut DbConnection,
    caller: &Caller,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    page: &PageRequest,
    cursors: &CursorCodec,
) -> AppResult<Page<HoursView>> {
    let (from, to) = period(from, to)?;
    page_of(
        conn,
        HoursOf::Volunteer {
            id: &caller.user_id,
            from,
            to,
        },
        page,
        cursors,
    )
}

/// A statement of the caller's confirmed hours between two dates (default: this month so
/// far).
pub fn statement(
    conn: &mut DbConnection,
    caller: &Caller,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> AppResult<StatementView> {
    let today = today();
    let to = to.unwrap_or(today);
    let from = from.unwrap_or_else(|| to.with_day(1).unwrap_or(to));
    period(Some(from), Some(to))?;
    let rows = repo::confirmed_between(conn, &caller.user_id, from, to)?;
    let total: i64 = rows.iter().map(|r| i64::from(r.centi_hours)).sum();
    let name = users::find(conn, &caller.user_id)?
        .map(|u| u.display_name)
        .unwrap_or_default();
    Ok(StatementView {
        volunteer_display_name: name,
        from,
        to,
        total_confirmed_hours: total as f64 / 100.0,
        entries: rows.iter().map(view).collect(),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn entry(json: serde_json::Value) -> Result<NewHours, Vec<String>> {
        let raw: NewHoursInput = serde_json::from_value(json).unwrap();
        NewHours::try_from(&raw).map_err(|e| e.0.into_iter().map(|e| e.field).collect())
    }

    #[test]
    fn every_invalid_field_is_reported_at_once() {
        let tomorrow = today().succ_opt().unwrap().to_string();
        assert_eq!(
            entry(json!({"date": tomorrow, "hours": 1.234, "note": " "})).unwrap_err(),
            ["date", "hours", "note"]
        );
    }

    #[test]
    fn a_valid_entry_is_kept_in_hundredths() {
        let hours = entry(json!({"date": today().to_string(), "hours": 2.25})).unwrap();
        assert_eq!(hours.hours.centi(), 225);
        assert_eq!(hours.note, None);
        let noted = entry(json!({"date": "2020-02-29", "hours": 24, "note": "a\nb"})).unwrap();
        assert_eq!(
            noted.note.map(Summary::into_string).as_deref(),
            Some("a\nb")
        );
    }
}
