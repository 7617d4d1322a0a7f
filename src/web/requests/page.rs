//! A request's page: what the API gives the caller, and for its managers the matches, the
//! suggestions, proposing, answering applications and closing.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::{mode_text, request_status, schedule_text, urgency_text};
use crate::db::DbConnection;
use crate::domain::account::Caller;
use crate::domain::status::{MatchStatus, RequestStatus};
use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, Ui};
use crate::reference::{self, vocabulary};
use crate::service::AppContext;
use crate::service::matches::{self, MatchView, NewMatch, NewMatchInput, RequestMatch};
use crate::service::requests::{self, RequestView};
use crate::service::suggestions::{self, OfferSuggestionView, ReasonsView};
use crate::web::matches::match_status;
use crate::web::offers::{ConfirmPage, TokenForm, local_date, long_date};
use crate::web::public::{signed_in, visitor};
use crate::web::reasons::{self, label};
use crate::web::{Chrome, Visitor, app_error_page, redirect, render};

/// How many offers the request page suggests (as the API's default).
const SUGGESTIONS: u32 = crate::api::offers::SUGGESTIONS_DEFAULT_LIMIT;

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
    /// Why the volunteer suits, for a match that waits for an answer.
    pub reasons: Vec<String>,
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

/// What a request's managers read besides the request: its matches, the reasons of the
/// offers of those that wait for an answer, and the suggestions.
struct Managed {
    matches: Vec<RequestMatch>,
    reasons: Vec<(String, ReasonsView)>,
    offers: Vec<OfferSuggestionView>,
}

/// What the request's page reads: the request as the API gives it to this caller (the
/// private part audited), and for its managers the rest.
type Found = (RequestView, Option<Managed>);

fn read_request(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    suggest: (
        &crate::matching::Weights,
        &crate::domain::alias::AliasKey,
        suggestions::Source<'_>,
    ),
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
    let waiting: Vec<String> = matches
        .iter()
        .filter(|m| matches!(m.view.status, MatchStatus::Applied | MatchStatus::Proposed))
        .map(|m| m.view.offer_id.clone())
        .collect();
    let reasons = suggestions::reasons_for(conn, caller, id, &waiting, suggest.0)?;
    // As `GET /api/v1/requests/{id}/suggestions`.
    let (weights, key, source) = suggest;
    let offers =
        suggestions::for_request_from(conn, source, caller, id, SUGGESTIONS, weights, key)?;
    Ok((
        view,
        Some(Managed {
            matches,
            reasons,
            offers,
        }),
    ))
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
    let live = ctx.live.clone();
    let live_index = ctx.settings.matching.live_index;
    let found = {
        let id = id.clone();
        crate::api::run(ctx, move |conn| {
            let source = suggestions::Source::of(&live, live_index);
            read_request(conn, &caller, &id, (&weights, &key, source))
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
            crate::web::matches::hours_text(face.hours_estimate, lang),
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
        Some(Managed {
            matches: list,
            reasons: why,
            offers,
        }) => (
            GROUPS
                .iter()
                .map(|(heading, statuses)| MatchGroup {
                    heading: heading.render(lang),
                    answerable: statuses.contains(&MatchStatus::Applied),
                    items: list
                        .iter()
                        .filter(|m| statuses.contains(&m.view.status))
                        .map(|m| {
                            let reasons = why
                                .iter()
                                .find(|(offer, _)| *offer == m.view.offer_id)
                                .map(|(_, r)| {
                                    reasons::manager_sentences(r, face.schedule.as_ref(), lang)
                                })
                                .unwrap_or_default();
                            match_shown(m, reasons, lang)
                        })
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

fn match_shown(m: &RequestMatch, reasons: Vec<String>, lang: Lang) -> MatchShown {
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
        reasons,
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
