//! Requests as their managers work with them: filing one (the private part in a fieldset of
//! its own that says who will see it), a request's page (the private part, audited as the
//! API audits it; its matches by what they wait for; suggestions with their reasons and a
//! "Voorstellen" button), answering applications and closing. The same service calls as
//! the API's request and match endpoints, so a page has no rule of its own.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::{NaiveDate, NaiveTime, Utc};
use serde::Deserialize;

use super::matches::match_status;
use super::offers::{ConfirmPage, TermBox, TokenForm, local_date, long_date, term_boxes};
use super::profile::{Cell, Choice, DAYS, PARTS, Row, hhmm};
use super::public::{signed_in, visitor};
use super::reasons::{self, label};
use super::{Chrome, FormErrors, Visitor, app_error_page, redirect, render};
use crate::db::DbConnection;
use crate::domain::account::Caller;
use crate::domain::schedule::{Mode, ScheduleInput, SlotInput, Urgency};
use crate::domain::status::{MatchStatus, RequestStatus};
use crate::error::{AppError, AppResult};
use crate::i18n::{FieldText, Lang, Ui};
use crate::reference::{self, vocabulary};
use crate::service::AppContext;
use crate::service::matches::{self, MatchView, NewMatch, NewMatchInput, RequestMatch};
use crate::service::requests::{
    self, NewRequest, NewRequestInput, PrivateInput, Relation, RequestView,
};
use crate::service::suggestions::{self, OfferSuggestionView};

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

/// How many offers the request page suggests (as the API's default).
const SUGGESTIONS: u32 = crate::api::offers::SUGGESTIONS_DEFAULT_LIMIT;

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

/// One radio button.
pub struct Radio {
    pub id: String,
    pub value: &'static str,
    pub label: String,
    pub checked: bool,
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

/// The wijken a caller files in or runs over: a worker's team's, an admin's (or a
/// coordinator's) all of them, in the reference order.
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

/// The private part as the page shows it.
pub struct PrivateShown {
    pub name: String,
    pub contact: String,
    pub address: String,
    pub notes: String,
}

/// One match on the request's page.
pub struct MatchShown {
    pub id: String,
    pub who: String,
    pub offer: String,
    pub since: String,
    pub status: String,
    pub score: i64,
}

pub struct MatchGroup {
    pub heading: String,
    /// Applications: the manager accepts or declines them here.
    pub answerable: bool,
    pub items: Vec<MatchShown>,
}

/// A suggested offer on the request's page.
pub struct OfferShown {
    pub offer_id: String,
    pub who: String,
    pub reasons: Vec<String>,
}

#[derive(Template)]
#[template(path = "request.html")]
struct RequestPage {
    c: Chrome,
    id: String,
    status_message: Option<String>,
    refusal: Option<String>,
    title: String,
    description: String,
    facts: Vec<(String, String)>,
    open: bool,
    /// The caller manages the request: the matches, suggestions and closing show.
    manager: bool,
    private: Option<PrivateShown>,
    groups: Vec<MatchGroup>,
    suggestions: Vec<OfferShown>,
}

/// The groups of the request's matches, what waits for the manager first.
const GROUPS: [(Ui, &[MatchStatus]); 4] = [
    (Ui::GroupApplications, &[MatchStatus::Applied]),
    (Ui::GroupProposalsSent, &[MatchStatus::Proposed]),
    (Ui::GroupHelpers, &[MatchStatus::Confirmed]),
    (
        Ui::GroupEarlier,
        &[
            MatchStatus::Completed,
            MatchStatus::Declined,
            MatchStatus::Cancelled,
        ],
    ),
];

fn done_message(code: &str) -> Option<Ui> {
    match code {
        "nieuw" => Some(Ui::RequestFiledStatus),
        "voorgesteld" => Some(Ui::ProposedStatus),
        "geaccepteerd" => Some(Ui::ApplicationAcceptedStatus),
        "afgewezen" => Some(Ui::ApplicationDeclinedStatus),
        "gesloten" => Some(Ui::RequestClosedDone),
        _ => None,
    }
}

/// What the request's page reads: the request as the API gives it to this caller (the
/// private part audited), and for its managers its matches and suggestions.
type Found = (
    RequestView,
    Option<(Vec<RequestMatch>, Vec<OfferSuggestionView>)>,
);

fn read_request(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    suggest: (&crate::matching::Weights, &crate::domain::alias::AliasKey),
) -> AppResult<Found> {
    // Exactly `GET /api/v1/requests/{id}`: 404 where the API says 404.
    let view = requests::get(conn, caller, id)?;
    let managed = match requests::managed(conn, caller, id) {
        Ok(_) => true,
        Err(AppError::Forbidden(_)) => false,
        Err(e) => return Err(e),
    };
    if !managed {
        return Ok((view, None));
    }
    let matches = matches::for_request(conn, caller, id)?;
    // As `GET /api/v1/requests/{id}/suggestions`.
    let offers = suggestions::for_request(conn, caller, id, SUGGESTIONS, suggest.0, suggest.1)?;
    Ok((view, Some((matches, offers))))
}

async fn request_page(
    ctx: &AppContext,
    visitor: &Visitor,
    caller: Caller,
    id: String,
    message: Option<Ui>,
    refusal: Option<(StatusCode, String)>,
) -> HttpResponse {
    let weights = ctx.settings.matching.weights.clone();
    let key = ctx.aliases.clone();
    let found = {
        let id = id.clone();
        crate::api::run(ctx, move |conn| {
            read_request(conn, &caller, &id, (&weights, &key))
        })
        .await
    };
    let (view, managed) = match found {
        Ok(found) => found,
        Err(e) => return app_error_page(visitor, e.0),
    };
    let lang = visitor.lang;
    let (face, private) = match view {
        RequestView::Full(full) => (full.face, full.private),
        RequestView::Public(face) => (face, None),
    };
    let labels = |terms: &[vocabulary::Term], ids: &[String]| {
        let words: Vec<String> = ids.iter().map(|i| label(terms, i, lang)).collect();
        if words.is_empty() {
            Ui::NoneAsked.render(lang)
        } else {
            reasons::join(&words, lang)
        }
    };
    let facts = vec![
        (
            Ui::OfferWhat.render(lang),
            label(vocabulary::CATEGORIES, &face.category, lang),
        ),
        (
            Ui::Wijk.render(lang),
            reference::wijk(&face.wijk_code).map_or_else(String::new, |w| w.name.to_owned()),
        ),
        (
            Ui::OfferStatusLabel.render(lang),
            request_status(face.status).render(lang),
        ),
        (
            Ui::UrgencyLegend.render(lang),
            urgency_text(face.urgency).render(lang),
        ),
        (
            Ui::HelpersLabel.render(lang),
            Ui::PlacesTaken {
                held: face.places_held,
                needed: face.helpers_needed,
            }
            .render(lang),
        ),
        (
            Ui::ModeLegend.render(lang),
            mode_text(face.mode).render(lang),
        ),
        (
            Ui::WhenLegend.render(lang),
            schedule_text(face.schedule.as_ref(), lang),
        ),
        (
            Ui::RequestHoursLabel.render(lang),
            super::matches::hours_text(face.hours_estimate, lang),
        ),
        (
            Ui::RequestSkillsLegend.render(lang),
            labels(vocabulary::SKILLS, &face.skills),
        ),
        (
            Ui::LanguagesLegend.render(lang),
            labels(vocabulary::LANGUAGES, &face.languages),
        ),
        (
            Ui::AskedOn.render(lang),
            long_date(local_date(face.created_at), lang),
        ),
    ];
    let private = private.map(|p| PrivateShown {
        name: p.requester_name.unwrap_or_default(),
        contact: p.requester_contact.unwrap_or_default(),
        address: p.address.unwrap_or_default(),
        notes: p.private_notes.unwrap_or_default(),
    });
    let manager = managed.is_some();
    let (groups, suggestions) = match managed {
        Some((list, offers)) => (
            GROUPS
                .iter()
                .map(|(heading, statuses)| MatchGroup {
                    heading: heading.render(lang),
                    answerable: statuses.contains(&MatchStatus::Applied),
                    items: list
                        .iter()
                        .filter(|m| statuses.contains(&m.view.status))
                        .map(|m| match_shown(m, lang))
                        .collect(),
                })
                .collect(),
            offers
                .iter()
                .map(|s| OfferShown {
                    offer_id: s.offer_id.clone(),
                    who: s.display_name.clone(),
                    reasons: reasons::manager_sentences(&s.reasons, face.schedule.as_ref(), lang),
                })
                .collect(),
        ),
        None => (Vec::new(), Vec::new()),
    };
    let (status, refusal) = match refusal {
        Some((status, text)) => (status, Some(text)),
        None => (StatusCode::OK, None),
    };
    let title = match &refusal {
        Some(_) => format!("{}{}", Ui::ErrorPrefix.render(lang), face.title),
        None => face.title.clone(),
    };
    let page = RequestPage {
        c: visitor.chrome(&title),
        id,
        status_message: message.map(|m| m.render(lang)),
        refusal,
        title: face.title,
        description: face.description,
        facts,
        open: face.status == RequestStatus::Open,
        manager,
        private,
        groups,
        suggestions,
    };
    render(visitor, status, &page)
}

fn match_shown(m: &RequestMatch, lang: Lang) -> MatchShown {
    let v: &MatchView = &m.view;
    MatchShown {
        id: v.id.clone(),
        who: m
            .display_name
            .clone()
            .unwrap_or_else(|| Ui::AVolunteer.render(lang)),
        offer: m.offer_title.clone(),
        since: long_date(local_date(v.created_at), lang),
        status: match_status(v.status).render(lang),
        score: v.score,
    }
}

#[derive(Deserialize)]
pub struct DoneQuery {
    #[serde(default)]
    klaar: String,
}

/// A request as the caller may see it: its managers all of it.
pub async fn show(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    id: web::Path<String>,
    query: web::Query<DoneQuery>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    request_page(
        &ctx,
        &visitor,
        caller,
        id.into_inner(),
        done_message(&query.klaar),
        None,
    )
    .await
}

/// A refusal of the service said on the request's page (409, 400, 429), else an error page.
async fn refused_on_page(
    ctx: &AppContext,
    visitor: &Visitor,
    caller: Caller,
    id: String,
    err: AppError,
) -> HttpResponse {
    match err {
        e
        @ (AppError::Conflict(_) | AppError::Validation(_) | AppError::TooManyRequests { .. }) => {
            let (status, text) = crate::api::problem::status_and_detail(e, visitor.lang);
            request_page(ctx, visitor, caller, id, None, Some((status, text))).await
        }
        other => app_error_page(visitor, other),
    }
}

#[derive(Deserialize)]
pub struct ProposeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    aanbod: String,
}

/// The one call proposing makes: exactly `POST /api/v1/matches` by a manager.
fn propose_to(
    conn: &mut DbConnection,
    caller: &Caller,
    input: &NewMatchInput,
    ctx: (&crate::matching::Weights, &crate::config::LimitSettings),
) -> AppResult<MatchView> {
    matches::create(conn, caller, &NewMatch::try_from(input)?, ctx.0, ctx.1)
}

/// Propose a suggested offer for this request.
pub async fn propose(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    id: web::Path<String>,
    form: web::Form<ProposeForm>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    if !visitor.csrf_ok(&form.csrf) {
        return super::account::expired(&visitor);
    }
    let id = id.into_inner();
    let input = NewMatchInput {
        request_id: id.clone(),
        offer_id: form.aanbod.clone(),
    };
    let weights = ctx.settings.matching.weights.clone();
    let limits = ctx.settings.limits.clone();
    let done = {
        let caller = caller.clone();
        crate::api::run(&ctx, move |conn| {
            propose_to(conn, &caller, &input, (&weights, &limits))
        })
        .await
    };
    match done {
        Ok(_) => redirect(&visitor, &format!("/verzoeken/{id}?klaar=voorgesteld")),
        Err(e) => refused_on_page(&ctx, &visitor, caller, id, e.0).await,
    }
}

/// Accept or decline an application, as `POST /api/v1/matches/{id}/accept|decline` by a
/// manager; a match of another request is not found here.
async fn answer(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    path: (String, String),
    csrf: &str,
    accept: bool,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    if !visitor.csrf_ok(csrf) {
        return super::account::expired(&visitor);
    }
    let (id, match_id) = path;
    let done = {
        let (id, caller) = (id.clone(), caller.clone());
        crate::api::run(&ctx, move |conn| {
            let (m, _, _) = matches::find_for(conn, &caller, &match_id)?;
            if m.request_id != id {
                return Err(AppError::NotFound(crate::i18n::Noun::Match));
            }
            if accept {
                matches::accept(conn, &caller, &match_id)
            } else {
                matches::decline(conn, &caller, &match_id)
            }
        })
        .await
    };
    match done {
        Ok(_) => {
            let code = if accept { "geaccepteerd" } else { "afgewezen" };
            redirect(&visitor, &format!("/verzoeken/{id}?klaar={code}"))
        }
        Err(e) => refused_on_page(&ctx, &visitor, caller, id, e.0).await,
    }
}

pub async fn accept(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    form: web::Form<TokenForm>,
) -> HttpResponse {
    answer(ctx, req, path.into_inner(), &form.csrf, true).await
}

pub async fn decline(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    form: web::Form<TokenForm>,
) -> HttpResponse {
    answer(ctx, req, path.into_inner(), &form.csrf, false).await
}

/// "Close this request?": asked once more, on a page (its managers).
pub async fn close_form(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    id: web::Path<String>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    let id = id.into_inner();
    let found = {
        let id = id.clone();
        crate::api::run(&ctx, move |conn| requests::managed(conn, &caller, &id)).await
    };
    let row = match found {
        Ok((row, _)) => row,
        Err(e) => return app_error_page(&visitor, e.0),
    };
    let lang = visitor.lang;
    let heading = Ui::CloseRequestTitle.render(lang);
    let page = ConfirmPage {
        c: visitor.chrome(&heading),
        heading,
        text: vec![
            Ui::CloseRequestWhich { title: row.title }.render(lang),
            Ui::CloseRequestText.render(lang),
        ],
        action: format!("/verzoeken/{id}/sluiten"),
        hidden: Vec::new(),
        button: Ui::CloseRequestButton.render(lang),
        back_href: format!("/verzoeken/{id}"),
        back: Ui::KeepRequestOpen.render(lang),
    };
    render(&visitor, StatusCode::OK, &page)
}

/// Close the request, as `POST /api/v1/requests/{id}/close`.
pub async fn close(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    id: web::Path<String>,
    form: web::Form<TokenForm>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    if !visitor.csrf_ok(&form.csrf) {
        return super::account::expired(&visitor);
    }
    let id = id.into_inner();
    let done = {
        let (id, caller) = (id.clone(), caller.clone());
        crate::api::run(&ctx, move |conn| {
            requests::managed(conn, &caller, &id)?;
            requests::close(conn, &caller, &id)
        })
        .await
    };
    match done {
        Ok(_) => redirect(&visitor, &format!("/verzoeken/{id}?klaar=gesloten")),
        Err(e) => refused_on_page(&ctx, &visitor, caller, id, e.0).await,
    }
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
