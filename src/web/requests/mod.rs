//! Requests as their managers work with them: filing one (the private part in a fieldset of
//! its own that says who will see it), a request's page (the private part, audited as the
//! API audits it; its matches by what they wait for; suggestions with their reasons and a
//! "Voorstellen" button), answering applications and closing. The same service calls as
//! the API's request and match endpoints, so a page has no rule of its own.

mod form;
mod page;

use chrono::Utc;

// The page macros (`signed_in!`) and the forms' refusals name `super::account`.
use super::account;
use super::offers::long_date;
use super::profile::DAYS;
use super::reasons;
use crate::domain::schedule::{Mode, ScheduleInput, Urgency};
use crate::domain::status::RequestStatus;
use crate::i18n::{Lang, Ui};

pub use form::{create, new_form};
pub use page::{accept, close, close_form, decline, propose, show};

const MODES: [(Mode, Ui); 3] = [
    (Mode::OneOff, Ui::ModeOneOff),
    (Mode::Recurring, Ui::ModeRecurring),
    (Mode::Project, Ui::ModeProject),
];

const URGENCIES: [(Urgency, Ui); 3] = [
    (Urgency::Low, Ui::UrgencyLow),
    (Urgency::Normal, Ui::UrgencyNormal),
    (Urgency::High, Ui::UrgencyHigh),
];

pub fn urgency_text(urgency: Urgency) -> Ui {
    URGENCIES
        .iter()
        .find(|(u, _)| *u == urgency)
        .map_or(Ui::UrgencyNormal, |(_, ui)| ui.clone())
}

fn mode_text(mode: Mode) -> Ui {
    MODES
        .iter()
        .find(|(m, _)| *m == mode)
        .map_or(Ui::ModeOneOff, |(_, ui)| ui.clone())
}

pub fn request_status(status: RequestStatus) -> Ui {
    match status {
        RequestStatus::Open => Ui::RequestOpen,
        RequestStatus::Filled => Ui::RequestFilled,
        RequestStatus::Closed => Ui::RequestClosedStatus,
    }
}

/// When help is needed, in words: the day parts of a weekly schedule, the window of a
/// single occasion, or "any time".
pub fn schedule_text(schedule: Option<&ScheduleInput>, lang: Lang) -> String {
    match schedule {
        None => Ui::AnyTime.render(lang),
        Some(ScheduleInput::Weekly { slots }) => {
            let parts: Vec<String> = reasons::shared_day_parts(slots, &[])
                .into_iter()
                .map(|(day, part)| reasons::day_part(day, part, lang))
                .collect();
            if parts.is_empty() {
                let times: Vec<String> = slots
                    .iter()
                    .map(|s| format!("{} {}–{}", weekday(s.weekday, lang), s.start, s.end))
                    .collect();
                reasons::join(&times, lang)
            } else {
                reasons::join(&parts, lang)
            }
        }
        Some(ScheduleInput::Once { starts_at, ends_at }) => {
            let local = |t: &chrono::DateTime<Utc>| t.with_timezone(&chrono_tz::Europe::Amsterdam);
            Ui::OnceWindow {
                date: long_date(local(starts_at).date_naive(), lang),
                from: local(starts_at).format("%H:%M").to_string(),
                to: local(ends_at).format("%H:%M").to_string(),
            }
            .render(lang)
        }
    }
}

fn weekday(day: i64, lang: Lang) -> String {
    usize::try_from(day - 1)
        .ok()
        .and_then(|i| DAYS.get(i))
        .map_or_else(String::new, |d| d.render(lang))
}

/// One radio button.
pub struct Radio {
    pub id: String,
    pub value: &'static str,
    pub label: String,
    pub checked: bool,
}
