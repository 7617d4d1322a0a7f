//! The WIJ-team worker's dashboard over the wijken their team covers: the open requests,
//! the longest waiting first; applications and proposals waiting for an answer; hours
//! waiting for confirmation, confirmed or rejected here as the API's hours decision.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::matches::hours_text;
use super::offers::{TokenForm, local_date, long_date};
use super::public::{signed_in, visitor};
use super::reasons::label;
use super::requests::urgency_text;
use super::{Chrome, Visitor, app_error_page, error_page, redirect, render};
use crate::db::DbConnection;
use crate::domain::account::Caller;
use crate::domain::paging::PageRequest;
use crate::domain::status::{HoursStatus, MatchStatus};
use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, Ui};
use crate::reference::{self, vocabulary};
use crate::service::AppContext;
use crate::service::hours::{self, HoursView};
use crate::service::matches::{self, MatchView};
use crate::service::requests::{self, PublicRequestView};
use crate::service::teams::{self, TeamView};

/// How many of each list the dashboard reads at most.
const MAX_ITEMS: u32 = 200;

/// The pages of `/team` are for team workers: anyone else gets a 403 page that says so.
pub(super) fn worker_only(visitor: &Visitor) -> HttpResponse {
    error_page(
        visitor,
        StatusCode::FORBIDDEN,
        Ui::WorkersOnlyTitle,
        Some(Ui::WorkersOnlyText.render(visitor.lang)),
    )
}

/// The caller's team, when they are a team worker.
macro_rules! team_worker {
    ($visitor:expr, $caller:expr) => {
        match $caller.team() {
            Some(team) => team.to_owned(),
            None => return super::team::worker_only(&$visitor),
        }
    };
}
pub(super) use team_worker;

/// A wijk's name, or its code when the reference does not know it.
pub fn wijk_name(code: &str) -> String {
    reference::wijk(code).map_or_else(|| code.to_owned(), |w| w.name.to_owned())
}

pub struct QueueItem {
    pub id: String,
    pub title: String,
    pub what: String,
    pub wijk: String,
    pub waiting: String,
    pub urgency: String,
    pub places: String,
}

pub struct WaitingItem {
    pub request_id: String,
    pub request: String,
    pub offer_status: String,
    pub since: String,
}

pub struct HoursItem {
    pub id: String,
    pub request_id: String,
    pub request: String,
    pub date: String,
    pub hours: String,
    pub note: String,
}

pub struct WijkItem {
    pub code: &'static str,
    pub name: &'static str,
}

#[derive(Template)]
#[template(path = "team.html")]
struct TeamPage {
    c: Chrome,
    status_message: Option<String>,
    refusal: Option<String>,
    team: String,
    wijken: Vec<WijkItem>,
    queue: Vec<QueueItem>,
    applications: Vec<WaitingItem>,
    proposals: Vec<WaitingItem>,
    hours: Vec<HoursItem>,
}

struct Dashboard {
    team: TeamView,
    queue: Vec<PublicRequestView>,
    waiting: Vec<MatchView>,
    hours: Vec<HoursView>,
    titles: Vec<PublicRequestView>,
}

/// The matches of requests the caller manages (not their own as a volunteer) in `status`.
fn managed_matches(
    conn: &mut DbConnection,
    caller: &Caller,
    status: MatchStatus,
    cursors: &crate::domain::paging::CursorCodec,
) -> AppResult<Vec<MatchView>> {
    let limit = MAX_ITEMS.to_string();
    let page = PageRequest::parse(cursors, matches::LIST_KIND, Some(&limit), None, MAX_ITEMS)?;
    Ok(matches::list(conn, caller, Some(status), &page, cursors)?
        .items
        .into_iter()
        .filter(|m| m.volunteer_id.as_deref() != Some(caller.user_id.as_str()))
        .collect())
}

fn read_dashboard(
    conn: &mut DbConnection,
    caller: &Caller,
    team: &str,
    cursors: &crate::domain::paging::CursorCodec,
) -> AppResult<Dashboard> {
    let team = teams::get(conn, team)?;
    let queue = requests::team_queue(conn, caller, i64::from(MAX_ITEMS))?;
    let mut waiting = managed_matches(conn, caller, MatchStatus::Applied, cursors)?;
    waiting.extend(managed_matches(
        conn,
        caller,
        MatchStatus::Proposed,
        cursors,
    )?);
    // Hours are logged on agreed help, and may still come after it is completed.
    let mut hours_logged = Vec::new();
    for status in [MatchStatus::Confirmed, MatchStatus::Completed] {
        for m in managed_matches(conn, caller, status, cursors)? {
            let limit = MAX_ITEMS.to_string();
            let page =
                PageRequest::parse(cursors, hours::LIST_KIND, Some(&limit), None, MAX_ITEMS)?;
            hours_logged.extend(
                hours::list_for_match(conn, caller, &m.id, &page, cursors)?
                    .items
                    .into_iter()
                    .filter(|h| h.status == HoursStatus::Logged),
            );
        }
    }
    let mut ids: Vec<String> = waiting
        .iter()
        .map(|m| m.request_id.clone())
        .chain(hours_logged.iter().map(|h| h.request_id.clone()))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let titles = requests::managed_faces(conn, caller, &ids)?;
    Ok(Dashboard {
        team,
        queue,
        waiting,
        hours: hours_logged,
        titles,
    })
}

/// Days since an instant, by the app's clock.
fn waiting_text(since: chrono::DateTime<chrono::Utc>, lang: Lang) -> String {
    let days = (crate::clock::now() - since).num_days().max(0);
    match days {
        0 => Ui::WaitingToday.render(lang),
        1 => Ui::WaitingOneDay.render(lang),
        days => Ui::WaitingDays { days }.render(lang),
    }
}

async fn dashboard_page(
    ctx: &AppContext,
    visitor: &Visitor,
    caller: Caller,
    team: String,
    message: Option<Ui>,
    refusal: Option<(StatusCode, String)>,
) -> HttpResponse {
    let cursors = ctx.cursors.clone();
    let found = crate::api::run(ctx, move |conn| {
        read_dashboard(conn, &caller, &team, &cursors)
    })
    .await;
    let d = match found {
        Ok(d) => d,
        Err(e) => return app_error_page(visitor, e.0),
    };
    let lang = visitor.lang;
    let title_of = |id: &str| {
        d.titles
            .iter()
            .find(|r| r.id == id)
            .map(|r| r.title.clone())
    };
    let waiting = |status: MatchStatus| -> Vec<WaitingItem> {
        d.waiting
            .iter()
            .filter(|m| m.status == status)
            .filter_map(|m| {
                Some(WaitingItem {
                    request_id: m.request_id.clone(),
                    request: title_of(&m.request_id)?,
                    offer_status: super::matches::match_status(m.status).render(lang),
                    since: long_date(local_date(m.created_at), lang),
                })
            })
            .collect()
    };
    let page = TeamPage {
        c: visitor.chrome(&match &refusal {
            Some(_) => format!(
                "{}{}",
                Ui::ErrorPrefix.render(lang),
                Ui::TeamTitle.render(lang)
            ),
            None => Ui::TeamTitle.render(lang),
        }),
        status_message: message.map(|m| m.render(lang)),
        refusal: refusal.as_ref().map(|r| r.1.clone()),
        team: d.team.name.clone(),
        wijken: d
            .team
            .wijk_codes
            .iter()
            .filter_map(|c| reference::wijk(c))
            .map(|w| WijkItem {
                code: w.code,
                name: w.name,
            })
            .collect(),
        queue: d
            .queue
            .iter()
            .map(|r| QueueItem {
                id: r.id.clone(),
                title: r.title.clone(),
                what: label(vocabulary::CATEGORIES, &r.category, lang),
                wijk: wijk_name(&r.wijk_code),
                waiting: waiting_text(r.created_at, lang),
                urgency: urgency_text(r.urgency).render(lang),
                places: Ui::PlacesTaken {
                    held: r.places_held,
                    needed: r.helpers_needed,
                }
                .render(lang),
            })
            .collect(),
        applications: waiting(MatchStatus::Applied),
        proposals: waiting(MatchStatus::Proposed),
        hours: d
            .hours
            .iter()
            .filter_map(|h| {
                Some(HoursItem {
                    id: h.id.clone(),
                    request_id: h.request_id.clone(),
                    request: title_of(&h.request_id)?,
                    date: long_date(h.date, lang),
                    hours: hours_text(h.hours, lang),
                    note: h.note.clone().unwrap_or_default(),
                })
            })
            .collect(),
    };
    let status = refusal.map_or(StatusCode::OK, |r| r.0);
    render(visitor, status, &page)
}

#[derive(Deserialize)]
pub struct DoneQuery {
    #[serde(default)]
    klaar: String,
}

fn done_message(code: &str) -> Option<Ui> {
    match code {
        "bevestigd" => Some(Ui::HoursConfirmedStatus),
        "afgewezen" => Some(Ui::HoursRejectedStatus),
        _ => None,
    }
}

/// The dashboard.
pub async fn dashboard(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    query: web::Query<DoneQuery>,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    let team = team_worker!(visitor, caller);
    dashboard_page(
        &ctx,
        &visitor,
        caller,
        team,
        done_message(&query.klaar),
        None,
    )
    .await
}

/// Confirm or reject logged hours, as `POST /api/v1/hours/{id}/confirm|reject`.
async fn decide(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    id: String,
    csrf: &str,
    confirm: bool,
) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    if !visitor.csrf_ok(csrf) {
        return super::account::expired(&visitor);
    }
    let team = team_worker!(visitor, caller);
    let done = {
        let caller = caller.clone();
        crate::api::run(&ctx, move |conn| {
            hours::require_decider(conn, &caller, &id)?;
            hours::decide(conn, &caller, &id, confirm)
        })
        .await
    };
    match done {
        Ok(_) => {
            let code = if confirm { "bevestigd" } else { "afgewezen" };
            redirect(&visitor, &format!("/team?klaar={code}"))
        }
        // Decided meanwhile: said on the dashboard.
        Err(e) => match e.0 {
            e @ AppError::Conflict(_) => {
                let refusal = crate::api::problem::status_and_detail(e, visitor.lang);
                dashboard_page(&ctx, &visitor, caller, team, None, Some(refusal)).await
            }
            other => app_error_page(&visitor, other),
        },
    }
}

pub async fn confirm_hours(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    id: web::Path<String>,
    form: web::Form<TokenForm>,
) -> HttpResponse {
    decide(ctx, req, id.into_inner(), &form.csrf, true).await
}

pub async fn reject_hours(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    id: web::Path<String>,
    form: web::Form<TokenForm>,
) -> HttpResponse {
    decide(ctx, req, id.into_inner(), &form.csrf, false).await
}
