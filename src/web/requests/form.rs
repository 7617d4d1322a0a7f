//! Filing a request: the form, its fields as typed, the API's input built from them in one
//! function and the API's call made in one other.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::{NaiveDate, NaiveTime, Utc};
use serde::Deserialize;

use super::{MODES, Radio, URGENCIES};
use crate::db::DbConnection;
use crate::domain::account::Caller;
use crate::domain::schedule::{Mode, ScheduleInput, SlotInput, Urgency};
use crate::error::{AppError, AppResult};
use crate::i18n::{FieldText, Lang, Ui};
use crate::reference::{self, vocabulary};
use crate::service::AppContext;
use crate::service::requests::{
    self, NewRequest, NewRequestInput, PrivateInput, Relation, RequestView,
};
use crate::web::offers::{TermBox, term_boxes};
use crate::web::profile::{Cell, Choice, DAYS, PARTS, Row, hhmm};
use crate::web::public::{signed_in, visitor};
use crate::web::{Chrome, FormErrors, Visitor, app_error_page, redirect, render};

/// What the request form holds, as typed.
#[derive(Default, Clone)]
struct RequestFields {
    title: String,
    description: String,
    category: String,
    wijk: String,
    urgency: String,
    helpers: String,
    hours: String,
    mode: String,
    /// `altijd`, `wekelijks` or `eenmalig`.
    when: String,
    /// The ticked cells of the weekly grid (`dag2-ochtend`).
    grid: Vec<String>,
    date: String,
    from: String,
    to: String,
    skills: Vec<String>,
    languages: Vec<String>,
    name: String,
    contact: String,
    address: String,
    notes: String,
    initiative: String,
}

impl RequestFields {
    fn from_form(fields: &[(String, String)]) -> Self {
        let get = |name: &str| {
            fields
                .iter()
                .find(|(k, _)| k == name)
                .map_or(String::new(), |(_, v)| v.trim().to_owned())
        };
        let all = |name: &str| {
            fields
                .iter()
                .filter(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .collect()
        };
        Self {
            title: get("titel"),
            description: get("omschrijving"),
            category: get("categorie"),
            wijk: get("wijk"),
            urgency: get("urgentie"),
            helpers: get("aantal"),
            hours: get("uren"),
            mode: get("vorm"),
            when: get("wanneer"),
            grid: fields
                .iter()
                .filter(|(k, _)| k.starts_with("dag"))
                .map(|(k, _)| k.clone())
                .collect(),
            date: get("eenmalig-datum"),
            from: get("eenmalig-van"),
            to: get("eenmalig-tot"),
            skills: all("vaardigheid"),
            languages: all("taal"),
            name: get("prive-naam"),
            contact: get("prive-contact"),
            address: get("prive-adres"),
            notes: get("prive-notities"),
            initiative: get("initiatief"),
        }
    }
}

/// A number as people type it: `2`, `2,5`, `2.5`.
fn number(raw: &str) -> f64 {
    raw.trim().replace(',', ".").parse().unwrap_or(f64::NAN)
}

fn optional(raw: &str) -> Option<String> {
    (!raw.trim().is_empty()).then(|| raw.trim().to_owned())
}

/// A local date and time in Groningen as an instant.
fn local_instant(date: NaiveDate, time: NaiveTime) -> Option<chrono::DateTime<Utc>> {
    date.and_time(time)
        .and_local_timezone(chrono_tz::Europe::Amsterdam)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// The wire input the API takes, from the form; `Err` names the fields no input can carry
/// (no choice of mode, a date or a time that is none).
fn request_input(f: &RequestFields) -> Result<NewRequestInput, Vec<(&'static str, FieldText)>> {
    let mut errors = Vec::new();
    let mode = Mode::parse(&f.mode);
    if mode.is_none() {
        errors.push(("vorm-one_off", FieldText::Empty));
    }
    let schedule = match f.when.as_str() {
        "wekelijks" => {
            let mut slots = Vec::new();
            for weekday in 1..=7i64 {
                for (key, _, (from, to)) in PARTS {
                    if f.grid.iter().any(|c| *c == format!("dag{weekday}-{key}")) {
                        slots.push(SlotInput {
                            weekday,
                            start: hhmm(from),
                            end: hhmm(to),
                        });
                    }
                }
            }
            Some(ScheduleInput::Weekly { slots })
        }
        "eenmalig" => {
            let date = NaiveDate::parse_from_str(&f.date, "%Y-%m-%d").ok();
            let time = |raw: &str| NaiveTime::parse_from_str(raw, "%H:%M").ok();
            let (from, to) = (time(&f.from), time(&f.to));
            if date.is_none() {
                errors.push(("eenmalig-datum", FieldText::Date));
            }
            if from.is_none() {
                errors.push(("eenmalig-van", FieldText::Time));
            }
            if to.is_none() {
                errors.push(("eenmalig-tot", FieldText::Time));
            }
            match (date, from, to) {
                (Some(d), Some(from), Some(to)) => {
                    match (local_instant(d, from), local_instant(d, to)) {
                        (Some(starts_at), Some(ends_at)) => {
                            Some(ScheduleInput::Once { starts_at, ends_at })
                        }
                        _ => {
                            errors.push(("eenmalig-van", FieldText::Time));
                            None
                        }
                    }
                }
                _ => None,
            }
        }
        _ => None,
    };
    let private_given = [&f.name, &f.contact, &f.address, &f.notes]
        .iter()
        .any(|v| !v.is_empty());
    let private = (private_given || f.initiative.is_empty()).then(|| PrivateInput {
        requester_name: f.name.clone(),
        requester_contact: optional(&f.contact),
        private_notes: optional(&f.notes),
        address: optional(&f.address),
        lat: None,
        lon: None,
    });
    let Some(mode) = mode else {
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(NewRequestInput {
        title: f.title.clone(),
        description: f.description.clone(),
        category: f.category.clone(),
        skills: f.skills.clone(),
        wijk_code: f.wijk.clone(),
        languages: f.languages.clone(),
        mode,
        schedule,
        hours_estimate: number(&f.hours),
        helpers_needed: f.helpers.trim().parse().unwrap_or(0),
        urgency: Urgency::parse(&f.urgency).unwrap_or_default(),
        initiative_id: optional(&f.initiative),
        private,
    })
}

/// The form field an API field is shown beside.
fn request_field(api_field: &str) -> &'static str {
    match api_field {
        "title" => "titel",
        "description" => "omschrijving",
        "category" => "categorie",
        "wijk_code" => "wijk",
        f if f.starts_with("skills") => "vaardigheid-listening",
        f if f.starts_with("languages") => "taal-nl",
        "mode" => "vorm-one_off",
        f if f.starts_with("schedule.slots") => "dag1-ochtend",
        "schedule.starts_at" => "eenmalig-datum",
        f if f.starts_with("schedule") => "eenmalig-tot",
        "hours_estimate" => "uren",
        "helpers_needed" => "aantal",
        "urgency" => "urgentie-normal",
        "private.requester_contact" => "prive-contact",
        "private.private_notes" => "prive-notities",
        f if f.starts_with("private.address") || f.starts_with("private.l") => "prive-adres",
        f if f.starts_with("private") => "prive-naam",
        _ => "titel",
    }
}

#[derive(Template)]
#[template(path = "request_form.html")]
struct RequestForm {
    c: Chrome,
    errors: FormErrors,
    /// The initiative the request is filed for, by name.
    initiative: Option<(String, String)>,
    title: String,
    description: String,
    categories: Vec<Choice>,
    wijken: Vec<Choice>,
    urgencies: Vec<Radio>,
    helpers: String,
    hours: String,
    modes: Vec<Radio>,
    when: Vec<Radio>,
    parts: Vec<String>,
    rows: Vec<Row>,
    date: String,
    from: String,
    to: String,
    skills: Vec<TermBox>,
    languages: Vec<TermBox>,
    name: String,
    contact: String,
    address: String,
    notes: String,
}

/// Who may file where, and for which initiative: what the form offers.
struct Filing {
    /// The wijken the form offers: a worker's team's, everyone else's all.
    wijken: Vec<&'static str>,
    initiative: Option<(String, String)>,
}

fn radios<T: Copy + PartialEq>(
    prefix: &str,
    items: &[(T, Ui)],
    value: impl Fn(T) -> &'static str,
    chosen: &str,
    lang: Lang,
) -> Vec<Radio> {
    items
        .iter()
        .map(|(item, ui)| Radio {
            id: format!("{prefix}-{}", value(*item)),
            value: value(*item),
            label: ui.render(lang),
            checked: value(*item) == chosen,
        })
        .collect()
}

fn request_form(
    visitor: &Visitor,
    filing: &Filing,
    shown: &RequestFields,
    errors: FormErrors,
) -> RequestForm {
    let lang = visitor.lang;
    let heading = Ui::NewRequestTitle.render(lang);
    let title = if errors.is_empty() {
        heading
    } else {
        format!("{}{heading}", Ui::ErrorPrefix.render(lang))
    };
    let when_items = [
        ("altijd", Ui::WhenAnyTime),
        ("wekelijks", Ui::WhenWeekly),
        ("eenmalig", Ui::WhenOnce),
    ];
    RequestForm {
        c: visitor.chrome(&title),
        errors,
        initiative: filing.initiative.clone(),
        title: shown.title.clone(),
        description: shown.description.clone(),
        categories: vocabulary::CATEGORIES
            .iter()
            .map(|t| Choice {
                value: t.id,
                label: match lang {
                    Lang::Nl => t.label_nl,
                    Lang::En => t.label_en,
                },
                selected: t.id == shown.category,
            })
            .collect(),
        wijken: filing
            .wijken
            .iter()
            .filter_map(|code| reference::wijk(code))
            .map(|w| Choice {
                value: w.code,
                label: w.name,
                selected: w.code == shown.wijk,
            })
            .collect(),
        urgencies: radios(
            "urgentie",
            &URGENCIES,
            Urgency::as_str,
            &shown.urgency,
            lang,
        ),
        helpers: shown.helpers.clone(),
        hours: shown.hours.clone(),
        modes: radios("vorm", &MODES, Mode::as_str, &shown.mode, lang),
        when: when_items
            .iter()
            .map(|(value, ui)| Radio {
                id: format!("wanneer-{value}"),
                value,
                label: ui.render(lang),
                checked: *value == shown.when,
            })
            .collect(),
        parts: PARTS.iter().map(|(_, ui, _)| ui.render(lang)).collect(),
        rows: DAYS
            .iter()
            .zip(1i64..)
            .map(|(day, weekday)| Row {
                day: day.render(lang),
                cells: PARTS
                    .iter()
                    .map(|(key, ui, _)| {
                        let id = format!("dag{weekday}-{key}");
                        Cell {
                            checked: shown.grid.contains(&id),
                            label: format!("{}, {}", day.render(lang), ui.render(lang)),
                            id,
                        }
                    })
                    .collect(),
            })
            .collect(),
        date: shown.date.clone(),
        from: shown.from.clone(),
        to: shown.to.clone(),
        skills: term_boxes("vaardigheid", vocabulary::SKILLS, &shown.skills, lang),
        languages: term_boxes("taal", vocabulary::LANGUAGES, &shown.languages, lang),
        name: shown.name.clone(),
        contact: shown.contact.clone(),
        address: shown.address.clone(),
        notes: shown.notes.clone(),
    }
}

/// Who may file at all (403 before anything else, as the API), and what the form offers
/// them: a team worker their team's wijken, admins and coordinators every wijk; with
/// `?initiatief=` the initiative (404 when it does not exist).
fn filing(conn: &mut DbConnection, caller: &Caller, initiative: &str) -> AppResult<Filing> {
    let rel = requests::require_filer(conn, caller)?;
    let initiative = if initiative.is_empty() {
        None
    } else {
        let i = crate::service::initiatives::get(conn, initiative)?;
        Some((i.id, i.name))
    };
    Ok(Filing {
        wijken: wijken_of(&rel),
        initiative,
    })
}

/// The wijken a caller files in: a worker's team's; an admin's or a coordinator's all of
/// them, in the reference order.
fn wijken_of(rel: &Relation) -> Vec<&'static str> {
    reference::wijken()
        .iter()
        .map(|w| w.code)
        .filter(|code| rel.admin || rel.covered.is_empty() || rel.covered.contains(*code))
        .collect()
}

#[derive(Deserialize)]
pub struct NewQuery {
    #[serde(default)]
    initiatief: String,
}

/// The form for a new request.
pub async fn new_form(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    query: web::Query<NewQuery>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    let initiative = query.initiatief.clone();
    let found = {
        let initiative = initiative.clone();
        crate::api::run(&ctx, move |conn| filing(conn, &caller, &initiative)).await
    };
    let filing = match found {
        Ok(f) => f,
        Err(e) => return app_error_page(&visitor, e.0),
    };
    let shown = RequestFields {
        urgency: Urgency::Normal.as_str().into(),
        helpers: "1".into(),
        hours: "2".into(),
        mode: Mode::OneOff.as_str().into(),
        when: "altijd".into(),
        wijk: filing
            .wijken
            .first()
            .map_or_else(String::new, |w| (*w).to_owned()),
        languages: vec!["nl".into()],
        initiative,
        ..RequestFields::default()
    };
    render(
        &visitor,
        StatusCode::OK,
        &request_form(&visitor, &filing, &shown, FormErrors::default()),
    )
}

/// The one call the form makes: exactly `POST /api/v1/requests`.
fn file_request(
    conn: &mut DbConnection,
    caller: &Caller,
    input: &NewRequestInput,
    limits: &crate::config::LimitSettings,
) -> AppResult<RequestView> {
    requests::create(conn, caller, &NewRequest::try_from(input)?, limits)
}

fn request_id(view: &RequestView) -> &str {
    match view {
        RequestView::Full(full) => &full.face.id,
        RequestView::Public(face) => &face.id,
    }
}

/// File the request; mistakes come back beside their fields, with what was typed.
pub async fn create(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    form: web::Form<Vec<(String, String)>>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    let fields = form.into_inner();
    let sent = fields
        .iter()
        .find(|(k, _)| k == "csrf")
        .map_or("", |(_, v)| v);
    if !visitor.csrf_ok(sent) {
        return super::account::expired(&visitor);
    }
    let shown = RequestFields::from_form(&fields);
    let input = request_input(&shown);
    let limits = ctx.settings.limits.clone();
    let initiative = shown.initiative.clone();
    // The right to file is decided first (a 403 page); then the input, whose refusals
    // come back on the form.
    let outcome = crate::api::run(&ctx, move |conn| {
        let filing = filing(conn, &caller, &initiative)?;
        let filed = match input {
            Ok(input) => file_request(conn, &caller, &input, &limits).map_err(Refusal::App),
            Err(fields) => Err(Refusal::Form(fields)),
        };
        Ok((filing, filed))
    })
    .await;
    let (filing, filed) = match outcome {
        Ok(found) => found,
        Err(e) => return app_error_page(&visitor, e.0),
    };
    let lang = visitor.lang;
    let errors = match filed {
        Ok(view) => {
            return redirect(
                &visitor,
                &format!("/verzoeken/{}?klaar=nieuw", request_id(&view)),
            );
        }
        Err(Refusal::Form(fields)) => {
            let mut errors = FormErrors::default();
            for (field, text) in fields {
                errors.add(field, text.render(lang));
            }
            (StatusCode::BAD_REQUEST, errors)
        }
        Err(Refusal::App(e)) => match e {
            e @ AppError::Validation(_) => (
                StatusCode::BAD_REQUEST,
                FormErrors::from_app_error(e, lang, "titel", |f| Some(request_field(f))),
            ),
            // A wijk the caller may not file in: said beside the wijk.
            e @ AppError::Forbidden(_) => (
                StatusCode::FORBIDDEN,
                FormErrors::from_app_error(e, lang, "wijk", |_| None),
            ),
            e @ AppError::TooManyRequests { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                FormErrors::from_app_error(e, lang, "titel", |_| None),
            ),
            other => return app_error_page(&visitor, other),
        },
    };
    render(
        &visitor,
        errors.0,
        &request_form(&visitor, &filing, &shown, errors.1),
    )
}

/// Why a form was not stored: a field no input can carry, or the service's refusal.
enum Refusal {
    Form(Vec<(&'static str, FieldText)>),
    App(AppError),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> RequestFields {
        RequestFields {
            title: "Boodschappen".into(),
            description: "Elke week".into(),
            category: "groceries".into(),
            wijk: "WK001404".into(),
            urgency: "high".into(),
            helpers: "2".into(),
            hours: "1,5".into(),
            mode: "recurring".into(),
            when: "wekelijks".into(),
            grid: vec!["dag2-ochtend".into(), "dag5-avond".into()],
            name: "Mevrouw Jansen".into(),
            ..RequestFields::default()
        }
    }

    #[test]
    fn the_form_becomes_the_api_input() {
        let input = request_input(&fields()).unwrap();
        assert_eq!(input.hours_estimate, 1.5);
        assert_eq!(input.helpers_needed, 2);
        assert_eq!(input.urgency, Urgency::High);
        assert_eq!(input.mode, Mode::Recurring);
        let Some(ScheduleInput::Weekly { slots }) = input.schedule else {
            panic!("weekly");
        };
        assert_eq!(
            slots
                .iter()
                .map(|s| (s.weekday, s.start.as_str(), s.end.as_str()))
                .collect::<Vec<_>>(),
            [(2, "09:00", "12:00"), (5, "18:00", "21:00")]
        );
        let private = input.private.unwrap();
        assert_eq!(private.requester_name, "Mevrouw Jansen");
        assert_eq!(private.address, None);
    }

    #[test]
    fn a_single_occasion_is_local_time_and_a_bad_one_is_named() {
        let once = RequestFields {
            when: "eenmalig".into(),
            date: "2031-06-03".into(),
            from: "10:00".into(),
            to: "12:30".into(),
            ..fields()
        };
        let Some(ScheduleInput::Once { starts_at, ends_at }) =
            request_input(&once).unwrap().schedule
        else {
            panic!("once");
        };
        assert_eq!(starts_at.to_rfc3339(), "2031-06-03T08:00:00+00:00");
        assert_eq!(ends_at.to_rfc3339(), "2031-06-03T10:30:00+00:00");
        let bad = RequestFields {
            date: "3 juni".into(),
            to: "half een".into(),
            mode: String::new(),
            ..once
        };
        let errors: Vec<&str> = request_input(&bad)
            .unwrap_err()
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(errors, ["vorm-one_off", "eenmalig-datum", "eenmalig-tot"]);
    }

    #[test]
    fn an_initiative_may_file_without_a_private_part_a_resident_may_not() {
        let empty = RequestFields {
            name: String::new(),
            ..fields()
        };
        assert!(request_input(&empty).unwrap().private.is_some());
        let for_initiative = RequestFields {
            initiative: "i1".into(),
            ..empty
        };
        let input = request_input(&for_initiative).unwrap();
        assert!(input.private.is_none());
        assert_eq!(input.initiative_id.as_deref(), Some("i1"));
    }
}
