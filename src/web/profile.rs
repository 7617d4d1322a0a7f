//! The volunteer's own profile: where they live, how far they travel, how many hours, and a
//! weekly grid of day parts. Saved through the same service as `PUT /api/v1/volunteers/me`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::NaiveTime;
use serde::Deserialize;

use super::public::{signed_in, visitor};
use super::{Chrome, FormErrors, Visitor, app_error_page, redirect, render};
use crate::domain::schedule::SlotInput;
use crate::error::AppError;
use crate::i18n::{Arg, Lang, Ui};
use crate::matching::{ContactPreference, Mode};
use crate::reference;
use crate::service::AppContext;
use crate::service::volunteers::{self, ProfileInput, ProfileView, VolunteerProfile};

/// The parts of a day the grid offers, with the times they stand for.
pub(super) const PARTS: [(&str, Ui, (u32, u32)); 3] = [
    ("ochtend", Ui::Morning, (9, 12)),
    ("middag", Ui::Afternoon, (12, 17)),
    ("avond", Ui::Evening, (18, 21)),
];

pub(super) const DAYS: [Ui; 7] = [
    Ui::Monday,
    Ui::Tuesday,
    Ui::Wednesday,
    Ui::Thursday,
    Ui::Friday,
    Ui::Saturday,
    Ui::Sunday,
];

const MODES: [(Mode, Ui); 3] = [
    (Mode::OneOff, Ui::ModeOneOff),
    (Mode::Recurring, Ui::ModeRecurring),
    (Mode::Project, Ui::ModeProject),
];

pub(super) fn hhmm(hour: u32) -> String {
    format!("{hour:02}:00")
}

/// Whether a stored slot overlaps a day part (a slot past midnight counts up to midnight).
fn overlaps(slot: &SlotInput, weekday: i64, (from, to): (u32, u32)) -> bool {
    let parse = |t: &str| NaiveTime::parse_from_str(t, "%H:%M").ok();
    let (Some(start), Some(end)) = (parse(&slot.start), parse(&slot.end)) else {
        return false;
    };
    let part_start = NaiveTime::from_hms_opt(from, 0, 0).unwrap_or(NaiveTime::MIN);
    let part_end = NaiveTime::from_hms_opt(to, 0, 0).unwrap_or(NaiveTime::MIN);
    let runs_late = end <= start;
    slot.weekday == weekday && start < part_end && (runs_late || end > part_start)
}

/// One checkbox of the grid.
pub struct Cell {
    pub id: String,
    pub label: String,
    pub checked: bool,
}

pub struct Row {
    pub day: String,
    pub cells: Vec<Cell>,
}

pub struct Check {
    pub id: String,
    pub value: &'static str,
    pub label: String,
    pub checked: bool,
}

pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "profile.html")]
struct ProfilePage {
    c: Chrome,
    errors: FormErrors,
    status: Option<String>,
    name: String,
    wijken: Vec<Choice>,
    distance: String,
    hours: String,
    parts: Vec<String>,
    rows: Vec<Row>,
    modes: Vec<Check>,
    propose: bool,
}

/// What the form shows: the stored profile, or what was just sent.
struct Shown {
    name: String,
    wijk: String,
    distance: String,
    hours: String,
    availability: Vec<SlotInput>,
    modes: Vec<Mode>,
    contact: ContactPreference,
}

impl Shown {
    fn of(view: &ProfileView, lang: Lang) -> Self {
        Self {
            name: view.display_name.clone(),
            wijk: view.wijk_code.clone(),
            distance: view.max_distance_km.show(lang),
            hours: view.hours_per_week.show(lang),
            availability: view.availability.clone(),
            modes: view.modes.clone(),
            contact: view.contact_preference,
        }
    }
}

fn page(visitor: &Visitor, shown: &Shown, errors: FormErrors, status: Option<Ui>) -> ProfilePage {
    let lang = visitor.lang;
    let heading = Ui::ProfileTitle.render(lang);
    let title = if errors.is_empty() {
        heading
    } else {
        format!("{}{heading}", Ui::ErrorPrefix.render(lang))
    };
    ProfilePage {
        c: visitor.chrome(&title),
        errors,
        status: status.map(|s| s.render(lang)),
        name: shown.name.clone(),
        wijken: reference::wijken()
            .iter()
            .map(|w| Choice {
                value: w.code,
                label: w.name,
                selected: w.code == shown.wijk,
            })
            .collect(),
        distance: shown.distance.clone(),
        hours: shown.hours.clone(),
        parts: PARTS.iter().map(|(_, ui, _)| ui.render(lang)).collect(),
        rows: DAYS
            .iter()
            .zip(1i64..)
            .map(|(day, weekday)| Row {
                day: day.render(lang),
                cells: PARTS
                    .iter()
                    .map(|(key, ui, hours)| Cell {
                        id: format!("dag{weekday}-{key}"),
                        label: format!("{}, {}", day.render(lang), ui.render(lang)),
                        checked: shown
                            .availability
                            .iter()
                            .any(|s| overlaps(s, weekday, *hours)),
                    })
                    .collect(),
            })
            .collect(),
        modes: MODES
            .iter()
            .map(|(mode, ui)| Check {
                id: format!("vorm-{}", mode.as_str()),
                value: mode.as_str(),
                label: ui.render(lang),
                checked: shown.modes.contains(mode),
            })
            .collect(),
        propose: shown.contact == ContactPreference::Propose,
    }
}

#[derive(Deserialize)]
pub struct ProfileQuery {
    #[serde(default)]
    opgeslagen: String,
}

pub async fn form(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    query: web::Query<ProfileQuery>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    let name = visitor.display_name.clone().unwrap_or_default();
    let found = crate::api::run(&ctx, move |conn| {
        match volunteers::get_mine(conn, &caller) {
            Ok(view) => Ok(Some(view)),
            Err(AppError::NotFound(_)) => Ok(None),
            Err(e) => Err(e),
        }
    })
    .await;
    let shown = match found {
        Ok(Some(view)) => Shown::of(&view, visitor.lang),
        // A first profile: sensible starting values, nothing ticked.
        Ok(None) => Shown {
            name,
            wijk: String::new(),
            distance: "2".into(),
            hours: "2".into(),
            availability: Vec::new(),
            modes: vec![Mode::OneOff],
            contact: ContactPreference::Propose,
        },
        Err(e) => return app_error_page(&visitor, e.0),
    };
    let status = (!query.opgeslagen.is_empty()).then_some(Ui::ProfileSaved);
    render(
        &visitor,
        StatusCode::OK,
        &page(&visitor, &shown, FormErrors::default(), status),
    )
}

/// A number as people type it: `2`, `2,5`, `2.5`.
fn number(raw: &str) -> f64 {
    raw.trim().replace(',', ".").parse().unwrap_or(f64::NAN)
}

fn form_field(api_field: &str) -> &'static str {
    match api_field {
        "display_name" => "naam",
        "wijk_code" => "wijk",
        "max_distance_km" => "afstand",
        "hours_per_week" => "uren",
        "modes" => "vorm-one_off",
        f if f.starts_with("availability") => "dag1-ochtend",
        _ => "naam",
    }
}

/// Save the profile: the grid's ticked parts become the weekly availability; skills,
/// languages and an exact location, which this page does not show, are kept as stored.
pub async fn save(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    form: web::Form<Vec<(String, String)>>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    let fields = form.into_inner();
    let get = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    };
    if !visitor.csrf_ok(get("csrf")) {
        return super::account::expired(&visitor);
    }
    let ticked = |name: &str| fields.iter().any(|(k, _)| k == name);
    let mut availability = Vec::new();
    for weekday in 1..=7i64 {
        for (key, _, (from, to)) in PARTS {
            if ticked(&format!("dag{weekday}-{key}")) {
                availability.push(SlotInput {
                    weekday,
                    start: hhmm(from),
                    end: hhmm(to),
                });
            }
        }
    }
    let modes: Vec<Mode> = MODES
        .iter()
        .filter(|(mode, _)| {
            fields
                .iter()
                .any(|(k, v)| k == "vorm" && v == mode.as_str())
        })
        .map(|(mode, _)| *mode)
        .collect();
    let contact = if get("voorstellen") == "nee" {
        ContactPreference::OnlyWhenIAsk
    } else {
        ContactPreference::Propose
    };
    let shown = Shown {
        name: get("naam").to_owned(),
        wijk: get("wijk").to_owned(),
        distance: get("afstand").to_owned(),
        hours: get("uren").to_owned(),
        availability: availability.clone(),
        modes: modes.clone(),
        contact,
    };
    let mut input = ProfileInput {
        display_name: shown.name.clone(),
        wijk_code: shown.wijk.clone(),
        lat: None,
        lon: None,
        max_distance_km: number(&shown.distance),
        skills: Vec::new(),
        languages: vec![visitor.lang.tag().to_owned()],
        availability,
        hours_per_week: number(&shown.hours),
        modes,
        contact_preference: contact,
    };
    let saved = crate::api::run(&ctx, move |conn| {
        if let Ok(current) = volunteers::get_mine(conn, &caller) {
            input.lat = current.lat;
            input.lon = current.lon;
            input.skills = current.skills;
            input.languages = current.languages;
        }
        volunteers::put_mine(conn, &caller, &VolunteerProfile::try_from(&input)?)
    })
    .await;
    match saved {
        Ok(_) => redirect(&visitor, "/account/profiel?opgeslagen=1"),
        Err(e) => match e.0 {
            e @ AppError::Validation(_) => {
                let errors =
                    FormErrors::from_app_error(e, visitor.lang, "naam", |f| Some(form_field(f)));
                render(
                    &visitor,
                    StatusCode::BAD_REQUEST,
                    &page(&visitor, &shown, errors, None),
                )
            }
            other => app_error_page(&visitor, other),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(weekday: i64, start: &str, end: &str) -> SlotInput {
        SlotInput {
            weekday,
            start: start.into(),
            end: end.into(),
        }
    }

    #[test]
    fn a_stored_slot_ticks_the_day_parts_it_overlaps() {
        let morning = (9, 12);
        let evening = (18, 21);
        assert!(overlaps(&slot(2, "09:00", "12:00"), 2, morning));
        assert!(overlaps(&slot(2, "10:30", "11:00"), 2, morning));
        assert!(
            !overlaps(&slot(2, "12:00", "17:00"), 2, morning),
            "touching is not overlapping"
        );
        assert!(
            !overlaps(&slot(3, "09:00", "12:00"), 2, morning),
            "another day"
        );
        assert!(
            overlaps(&slot(5, "20:00", "01:00"), 5, evening),
            "past midnight"
        );
        assert!(!overlaps(&slot(5, "22:00", "02:00"), 5, evening));
    }
}
