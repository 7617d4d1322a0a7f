//! A volunteer's matches: proposals to accept or decline, matches by status, one match with
//! the request (its private part only while the API gives it to the matched volunteer, and
//! audited as the API audits it), and logging hours on it.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::NaiveDate;
use serde::Deserialize;

use super::offers::{TokenForm, local_date, long_date};
use super::public::{signed_in, visitor};
use super::reasons::label;
use super::{Chrome, FormErrors, Visitor, app_error_page, redirect, render};
use crate::db::DbConnection;
use crate::domain::account::Caller;
use crate::domain::paging::PageRequest;
use crate::domain::status::{HoursStatus, InitiatedBy, MatchStatus};
use crate::error::{AppError, AppResult};
use crate::i18n::{Arg, FieldText, Lang, Ui};
use crate::reference::{self, vocabulary};
use crate::service::AppContext;
use crate::service::hours::{self, HoursView, NewHours, NewHoursInput};
use crate::service::matches::{self, MatchView};
use crate::service::offers;
use crate::service::requests::{self, RequestView};

pub fn match_status(status: MatchStatus) -> Ui {
    match status {
        MatchStatus::Proposed => Ui::MatchProposed,
        MatchStatus::Applied => Ui::MatchApplied,
        MatchStatus::Confirmed => Ui::MatchConfirmed,
        MatchStatus::Declined => Ui::MatchDeclined,
        MatchStatus::Completed => Ui::MatchCompleted,
        MatchStatus::Cancelled => Ui::MatchCancelled,
    }
}

pub fn hours_status(status: HoursStatus) -> Ui {
    match status {
        HoursStatus::Logged => Ui::HoursLogged,
        HoursStatus::Confirmed => Ui::HoursConfirmed,
        HoursStatus::Rejected => Ui::HoursRejected,
    }
}

/// Hours as people read them: "1,5" in Dutch.
pub fn hours_text(hours: f64, lang: Lang) -> String {
    hours.show(lang)
}

pub struct MatchItem {
    pub id: String,
    pub offer: String,
    pub since: String,
    pub status: String,
}

pub struct Group {
    pub heading: String,
    pub items: Vec<MatchItem>,
}

#[derive(Template)]
#[template(path = "matches.html")]
struct MatchesPage {
    c: Chrome,
    groups: Vec<Group>,
}

/// The order the page shows the groups in: what waits for the volunteer first.
const GROUPS: [(Ui, &[MatchStatus]); 4] = [
    (Ui::GroupProposals, &[MatchStatus::Proposed]),
    (Ui::GroupWaiting, &[MatchStatus::Applied]),
    (Ui::GroupConfirmed, &[MatchStatus::Confirmed]),
    (
        Ui::GroupEarlier,
        &[
            MatchStatus::Completed,
            MatchStatus::Declined,
            MatchStatus::Cancelled,
        ],
    ),
];

/// My matches, grouped by what they wait for.
pub async fn list(ctx: web::Data<AppContext>, req: HttpRequest) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    let cursors = ctx.cursors.clone();
    let found = crate::api::run(&ctx, move |conn| {
        let page = PageRequest::parse(&cursors, matches::LIST_KIND, Some("200"), None, 200)?;
        let list = matches::list(conn, &caller, None, &page, &cursors)?;
        let page = PageRequest::parse(&cursors, offers::LIST_KIND, Some("200"), None, 200)?;
        let mine = offers::list_mine(conn, &caller, &page, &cursors)?;
        // Only the caller's own side: matches of requests they manage are not this page's.
        let own: Vec<MatchView> = list
            .items
            .into_iter()
            .filter(|m| m.volunteer_id.as_deref() == Some(caller.user_id.as_str()))
            .collect();
        Ok((own, mine.items))
    })
    .await;
    let (list, mine) = match found {
        Ok(found) => found,
        Err(e) => return app_error_page(&visitor, e.0),
    };
    let lang = visitor.lang;
    let groups = GROUPS
        .iter()
        .map(|(heading, statuses)| Group {
            heading: heading.render(lang),
            items: list
                .iter()
                .filter(|m| statuses.contains(&m.status))
                .map(|m| MatchItem {
                    id: m.id.clone(),
                    offer: mine
                        .iter()
                        .find(|o| o.id == m.offer_id)
                        .map_or_else(String::new, |o| o.title.clone()),
                    since: long_date(local_date(m.created_at), lang),
                    status: match_status(m.status).render(lang),
                })
                .collect(),
        })
        .collect();
    let c = visitor.chrome(&Ui::MatchesTitle.render(lang));
    render(&visitor, StatusCode::OK, &MatchesPage { c, groups })
}

/// The request as the match page shows it.
pub struct RequestShown {
    pub title: String,
    pub description: String,
    pub what: String,
    pub wijk: String,
    /// The private part, when the API gives it to this volunteer.
    pub private: Option<PrivateShown>,
}

pub struct PrivateShown {
    pub name: String,
    pub contact: String,
    pub address: String,
    pub notes: String,
}

pub struct HoursItem {
    pub date: String,
    pub hours: String,
    pub status: String,
    pub note: String,
}

#[derive(Template)]
#[template(path = "match.html")]
struct MatchPage {
    c: Chrome,
    id: String,
    status_message: Option<String>,
    errors: FormErrors,
    state: String,
    since: String,
    request: Option<RequestShown>,
    /// A proposal the volunteer may answer.
    answerable: bool,
    /// Hours may be logged (confirmed or completed).
    loggable: bool,
    hours: Vec<HoursItem>,
    date: String,
    amount: String,
    note: String,
}

/// What the hours form holds, as typed.
#[derive(Default, Clone)]
struct HoursFields {
    date: String,
    amount: String,
    note: String,
}

fn shown_request(view: RequestView, lang: Lang) -> RequestShown {
    let (face, private) = match view {
        RequestView::Full(full) => (full.face, full.private),
        RequestView::Public(face) => (face, None),
    };
    RequestShown {
        title: face.title,
        description: face.description,
        what: label(vocabulary::CATEGORIES, &face.category, lang),
        wijk: reference::wijk(&face.wijk_code).map_or_else(String::new, |w| w.name.to_owned()),
        private: private.map(|p| PrivateShown {
            name: p.requester_name.unwrap_or_default(),
            contact: p.requester_contact.unwrap_or_default(),
            address: p.address.unwrap_or_default(),
            notes: p.private_notes.unwrap_or_default(),
        }),
    }
}

fn done_message(code: &str) -> Option<Ui> {
    match code {
        "aangemeld" => Some(Ui::AppliedStatus),
        "geaccepteerd" => Some(Ui::AcceptedStatus),
        "afgewezen" => Some(Ui::DeclinedStatus),
        "uren" => Some(Ui::HoursSavedStatus),
        _ => None,
    }
}

/// What the match page shows besides the match: the hours form as typed, its errors, a
/// status message, and the answer's status.
struct PageState {
    typed: HoursFields,
    errors: FormErrors,
    message: Option<Ui>,
    status: StatusCode,
}

/// The match, its request as the API shows it to this caller, and its hours.
async fn match_page(
    ctx: &AppContext,
    visitor: &Visitor,
    caller: Caller,
    id: String,
    state: PageState,
) -> HttpResponse {
    let PageState {
        typed,
        errors,
        message: status_message,
        status,
    } = state;
    let cursors = ctx.cursors.clone();
    let found = {
        let id = id.clone();
        crate::api::run(ctx, move |conn| {
            let m = matches::get(conn, &caller, &id)?;
            // This page is the volunteer's; a manager reads matches elsewhere.
            if m.volunteer_id.as_deref() != Some(caller.user_id.as_str()) {
                return Err(AppError::NotFound(crate::i18n::Noun::Match));
            }
            // Exactly `GET /api/v1/requests/{id}`: the full view (audited) only while the
            // API gives it to the matched volunteer; a request they may not see is left out.
            let request = match requests::get(conn, &caller, &m.request_id) {
                Ok(view) => Some(view),
                Err(AppError::NotFound(_)) => None,
                Err(e) => return Err(e),
            };
            let page = PageRequest::parse(&cursors, hours::LIST_KIND, Some("200"), None, 200)?;
            let logged = hours::list_for_match(conn, &caller, &id, &page, &cursors)?;
            Ok((m, request, logged.items))
        })
        .await
    };
    let (m, request, logged) = match found {
        Ok(found) => found,
        Err(e) => return app_error_page(visitor, e.0),
    };
    let lang = visitor.lang;
    let heading = Ui::MatchTitle.render(lang);
    let title = if errors.is_empty() {
        heading
    } else {
        format!("{}{heading}", Ui::ErrorPrefix.render(lang))
    };
    let typed = if typed.date.is_empty() && errors.is_empty() {
        HoursFields {
            date: hours::today().format("%Y-%m-%d").to_string(),
            ..typed
        }
    } else {
        typed
    };
    let page = MatchPage {
        c: visitor.chrome(&title),
        id,
        status_message: status_message.map(|s| s.render(lang)),
        errors,
        state: match_status(m.status).render(lang),
        since: long_date(local_date(m.created_at), lang),
        request: request.map(|r| shown_request(r, lang)),
        answerable: m.status == MatchStatus::Proposed && m.initiated_by == InitiatedBy::Team,
        loggable: matches!(m.status, MatchStatus::Confirmed | MatchStatus::Completed),
        hours: logged.iter().map(|h| hours_item(h, lang)).collect(),
        date: typed.date,
        amount: typed.amount,
        note: typed.note,
    };
    render(visitor, status, &page)
}

pub fn hours_item(h: &HoursView, lang: Lang) -> HoursItem {
    HoursItem {
        date: long_date(h.date, lang),
        hours: hours_text(h.hours, lang),
        status: hours_status(h.status).render(lang),
        note: h.note.clone().unwrap_or_default(),
    }
}

#[derive(Deserialize)]
pub struct DoneQuery {
    #[serde(default)]
    klaar: String,
}

/// One of my matches; another's is 404, as in the API.
pub async fn show(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    id: web::Path<String>,
    query: web::Query<DoneQuery>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    match_page(
        &ctx,
        &visitor,
        caller,
        id.into_inner(),
        PageState {
            typed: HoursFields::default(),
            errors: FormErrors::default(),
            message: done_message(&query.klaar),
            status: StatusCode::OK,
        },
    )
    .await
}

async fn answer(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    id: String,
    csrf: &str,
    accept: bool,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    if !visitor.csrf_ok(csrf) {
        return super::account::expired(&visitor);
    }
    let done = {
        let (id, caller) = (id.clone(), caller.clone());
        // As `POST /api/v1/matches/{id}/accept|decline`.
        crate::api::run(&ctx, move |conn| {
            matches::find_for(conn, &caller, &id)?;
            if accept {
                matches::accept(conn, &caller, &id)
            } else {
                matches::decline(conn, &caller, &id)
            }
        })
        .await
    };
    match done {
        Ok(_) => {
            let code = if accept { "geaccepteerd" } else { "afgewezen" };
            redirect(&visitor, &format!("/account/koppelingen/{id}?klaar={code}"))
        }
        // No place free any more, or already answered: said on the match's page.
        Err(e) => match e.0 {
            e @ AppError::Conflict(_) => {
                let (status, text) = crate::api::problem::status_and_detail(e, visitor.lang);
                let mut errors = FormErrors::default();
                errors.add("antwoord", text);
                match_page(
                    &ctx,
                    &visitor,
                    caller,
                    id,
                    PageState {
                        typed: HoursFields::default(),
                        errors,
                        message: None,
                        status,
                    },
                )
                .await
            }
            other => app_error_page(&visitor, other),
        },
    }
}

pub async fn accept(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    id: web::Path<String>,
    form: web::Form<TokenForm>,
) -> HttpResponse {
    answer(ctx, req, id.into_inner(), &form.csrf, true).await
}

pub async fn decline(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    id: web::Path<String>,
    form: web::Form<TokenForm>,
) -> HttpResponse {
    answer(ctx, req, id.into_inner(), &form.csrf, false).await
}

#[derive(Deserialize)]
pub struct HoursForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    datum: String,
    #[serde(default)]
    uren: String,
    #[serde(default)]
    notitie: String,
}

/// The wire input the API takes, from the form; `Err` when the date is no date.
fn hours_input(f: &HoursFields) -> Result<NewHoursInput, (&'static str, FieldText)> {
    let date = NaiveDate::parse_from_str(f.date.trim(), "%Y-%m-%d")
        .map_err(|_| ("datum", FieldText::Date))?;
    Ok(NewHoursInput {
        date,
        hours: f
            .amount
            .trim()
            .replace(',', ".")
            .parse()
            .unwrap_or(f64::NAN),
        note: (!f.note.trim().is_empty()).then(|| f.note.clone()),
    })
}

/// The one call the form makes: exactly `POST /api/v1/matches/{id}/hours`.
fn log_hours(
    conn: &mut DbConnection,
    caller: &Caller,
    match_id: &str,
    input: &NewHoursInput,
) -> AppResult<HoursView> {
    hours::require_logger(conn, caller, match_id)?;
    hours::log(conn, caller, match_id, &NewHours::try_from(input)?)
}

fn hours_field(api_field: &str) -> &'static str {
    match api_field {
        "date" => "datum",
        "note" => "notitie",
        _ => "uren",
    }
}

/// Log hours on a match.
pub async fn add_hours(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    id: web::Path<String>,
    form: web::Form<HoursForm>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    if !visitor.csrf_ok(&form.csrf) {
        return super::account::expired(&visitor);
    }
    let id = id.into_inner();
    let typed = HoursFields {
        date: form.datum.clone(),
        amount: form.uren.clone(),
        note: form.notitie.clone(),
    };
    let refused = |errors: FormErrors| {
        match_page(
            &ctx,
            &visitor,
            caller.clone(),
            id.clone(),
            PageState {
                typed: typed.clone(),
                errors,
                message: None,
                status: StatusCode::BAD_REQUEST,
            },
        )
    };
    let input = match hours_input(&typed) {
        Ok(input) => input,
        Err((field, text)) => {
            let mut errors = FormErrors::default();
            errors.add(field, text.render(visitor.lang));
            return refused(errors).await;
        }
    };
    let logged = {
        let (id, caller) = (id.clone(), caller.clone());
        crate::api::run(&ctx, move |conn| log_hours(conn, &caller, &id, &input)).await
    };
    match logged {
        Ok(_) => redirect(&visitor, &format!("/account/koppelingen/{id}?klaar=uren")),
        Err(e) => match e.0 {
            e @ (AppError::Validation(_) | AppError::Conflict(_)) => {
                refused(FormErrors::from_app_error(e, visitor.lang, "uren", |f| {
                    Some(hours_field(f))
                }))
                .await
            }
            other => app_error_page(&visitor, other),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hours_form_becomes_the_api_input() {
        let f = HoursFields {
            date: "2025-06-03".into(),
            amount: "1,25".into(),
            note: "  ".into(),
        };
        let input = hours_input(&f).unwrap();
        assert_eq!(input.hours, 1.25);
        assert_eq!(input.note, None);
        let bad = HoursFields {
            date: "3 juni".into(),
            ..f
        };
        assert!(matches!(hours_input(&bad), Err(("datum", FieldText::Date))));
    }
}
