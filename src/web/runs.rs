//! A matching run from a page: the team's wijken to choose, a preview (a dry run: the
//! proposals it would make), then "Voorstellen versturen" writes them. The same steps as
//! `POST /api/v1/matching/runs`: who may run over which wijken and the per-minute limit
//! first, then the read, the solve without a connection, and the write under the run lock
//! (a second writing run meanwhile is a 409, said on the page).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::public::{signed_in, visitor};
use super::team::{team_worker, wijk_name};
use super::{Chrome, FormErrors, Visitor, app_error_page, render};
use crate::domain::account::Caller;
use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, Reason, Ui};
use crate::matching::Infeasible;
use crate::service::AppContext;
use crate::service::requests::{self, PublicRequestView};
use crate::service::runs::{self, RunInput, RunRequest, RunView};
use crate::service::teams;

const RULES: [Infeasible; 11] = [
    Infeasible::CategoryMismatch,
    Infeasible::OutOfReach,
    Infeasible::NoTimeOverlap,
    Infeasible::WindowEnded,
    Infeasible::NoSharedLanguage,
    Infeasible::ModeMismatch,
    Infeasible::NoCapacity,
    Infeasible::OfferNotValid,
    Infeasible::OwnRequest,
    Infeasible::PreviousMatch,
    Infeasible::NotProposable,
];

/// Why a request got no proposal, in words; the run's code as it is when it is new.
fn unmatched_text(code: &str, lang: Lang) -> String {
    match code {
        "offers_taken" => Ui::RunOffersTaken.render(lang),
        "changed_during_run" => Ui::RunChanged.render(lang),
        _ => RULES
            .iter()
            .find(|r| r.code() == code)
            .map_or_else(|| code.to_owned(), |r| Reason::from(*r).render(lang)),
    }
}

/// One wijk to tick.
pub struct WijkBox {
    pub code: String,
    pub name: String,
    pub checked: bool,
}

pub struct ProposalShown {
    pub request_id: String,
    pub request: String,
    pub volunteer: String,
    /// Why the volunteer suits, in sentences.
    pub reasons: Vec<String>,
    pub score: i64,
}

pub struct UnmatchedShown {
    pub request_id: String,
    pub request: String,
    pub reason: String,
}

/// The outcome of a run as the page shows it.
pub struct Outcome {
    pub written: bool,
    pub summary: String,
    pub proposals: Vec<ProposalShown>,
    pub unmatched: Vec<UnmatchedShown>,
}

#[derive(Template)]
#[template(path = "run.html")]
struct RunPage {
    c: Chrome,
    errors: FormErrors,
    wijken: Vec<WijkBox>,
    outcome: Option<Outcome>,
}

/// The wijken the team covers, ticked as chosen (all of them when nothing was chosen).
async fn team_wijken(ctx: &AppContext, team: String) -> AppResult<Vec<String>> {
    crate::api::run(ctx, move |conn| Ok(teams::get(conn, &team)?.wijk_codes))
        .await
        .map_err(|e| e.0)
}

fn page(
    visitor: &Visitor,
    wijken: &[String],
    chosen: &[String],
    errors: FormErrors,
    outcome: Option<Outcome>,
) -> RunPage {
    let lang = visitor.lang;
    let heading = Ui::RunTitle.render(lang);
    let title = if errors.is_empty() {
        heading
    } else {
        format!("{}{heading}", Ui::ErrorPrefix.render(lang))
    };
    RunPage {
        c: visitor.chrome(&title),
        errors,
        wijken: wijken
            .iter()
            .map(|code| WijkBox {
                code: code.clone(),
                name: wijk_name(code),
                checked: chosen.is_empty() || chosen.contains(code),
            })
            .collect(),
        outcome,
    }
}

/// The form: the team's wijken, all ticked.
pub async fn form(ctx: web::Data<AppContext>, req: HttpRequest) -> HttpResponse {
    let visitor = visitor!(ctx, req);
    let caller = signed_in!(visitor, req);
    let team = team_worker!(visitor, caller);
    match team_wijken(&ctx, team).await {
        Ok(wijken) => render(
            &visitor,
            StatusCode::OK,
            &page(&visitor, &wijken, &[], FormErrors::default(), None),
        ),
        Err(e) => app_error_page(&visitor, e),
    }
}

/// The run, exactly as the API runs it, for the page's caller.
async fn run_matching(ctx: &AppContext, caller: Caller, input: RunInput) -> AppResult<RunView> {
    let ctx = ctx.clone();
    web::block(move || runs::execute(&ctx, |_| Ok(caller), || Ok(RunRequest::try_from(&input)?)))
        .await
        .map_err(AppError::internal)?
}

fn outcome(view: &RunView, titles: &[PublicRequestView], written: bool, lang: Lang) -> Outcome {
    let title = |id: &str| {
        titles
            .iter()
            .find(|r| r.id == id)
            .map_or_else(|| id.to_owned(), |r| r.title.clone())
    };
    Outcome {
        written,
        summary: if written {
            Ui::RunSent {
                count: view.proposals.len(),
            }
            .render(lang)
        } else {
            Ui::RunPreviewSummary {
                count: view.proposals.len(),
                places: view.filled_places,
            }
            .render(lang)
        },
        proposals: view
            .proposals
            .iter()
            .map(|p| ProposalShown {
                request_id: p.request_id.clone(),
                request: p.request_title.clone(),
                volunteer: p.volunteer_display_name.clone(),
                reasons: super::reasons::manager_sentences(
                    &p.reasons,
                    titles
                        .iter()
                        .find(|r| r.id == p.request_id)
                        .and_then(|r| r.schedule.as_ref()),
                    lang,
                ),
                score: p.score,
            })
            .collect(),
        unmatched: view
            .unmatched
            .iter()
            .map(|u| UnmatchedShown {
                request_id: u.request_id.clone(),
                request: title(&u.request_id),
                reason: unmatched_text(&u.reason, lang),
            })
            .collect(),
    }
}

/// Preview (`stap=voorbeeld`: a dry run) or send (`stap=versturen`) a run over the ticked
/// wijken.
pub async fn run(
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
    let team = team_worker!(visitor, caller);
    let chosen: Vec<String> = fields
        .iter()
        .filter(|(k, _)| k == "wijk")
        .map(|(_, v)| v.clone())
        .collect();
    let wijken = match team_wijken(&ctx, team).await {
        Ok(w) => w,
        Err(e) => return app_error_page(&visitor, e),
    };
    let lang = visitor.lang;
    let refused = |status: StatusCode, errors: FormErrors| {
        render(
            &visitor,
            status,
            &page(&visitor, &wijken, &chosen, errors, None),
        )
    };
    // No wijk ticked would mean "all of the team's" to the API: ask for one instead.
    if chosen.is_empty() {
        let mut errors = FormErrors::default();
        errors.add("wijken", Ui::RunChooseWijk.render(lang));
        return refused(StatusCode::BAD_REQUEST, errors);
    }
    let dry_run = get("stap") != "versturen";
    let input = RunInput {
        wijk_codes: Some(chosen.clone()),
        dry_run,
    };
    let view = match run_matching(&ctx, caller.clone(), input).await {
        Ok(view) => view,
        Err(e) => {
            return match e {
                e @ AppError::Validation(_) => refused(
                    StatusCode::BAD_REQUEST,
                    FormErrors::from_app_error(e, lang, "wijken", |_| None),
                ),
                // A wijk of another team.
                e @ AppError::Forbidden(_) => refused(
                    StatusCode::FORBIDDEN,
                    FormErrors::from_app_error(e, lang, "wijken", |_| None),
                ),
                // Another run writes now, or too many runs this minute: said on the page.
                e @ (AppError::Conflict(_) | AppError::TooManyRequests { .. }) => {
                    let (status, text) = crate::api::problem::status_and_detail(e, lang);
                    let mut errors = FormErrors::default();
                    errors.add("wijken", text);
                    refused(status, errors)
                }
                other => app_error_page(&visitor, other),
            };
        }
    };
    let mut ids: Vec<String> = view
        .proposals
        .iter()
        .map(|p| p.request_id.clone())
        .chain(view.unmatched.iter().map(|u| u.request_id.clone()))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let titles = {
        let caller = caller.clone();
        crate::api::run(&ctx, move |conn| {
            requests::managed_faces(conn, &caller, &ids)
        })
        .await
    };
    let titles = match titles {
        Ok(t) => t,
        Err(e) => return app_error_page(&visitor, e.0),
    };
    let shown = outcome(&view, &titles, !dry_run, lang);
    render(
        &visitor,
        StatusCode::OK,
        &page(
            &visitor,
            &wijken,
            &chosen,
            FormErrors::default(),
            Some(shown),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_a_run_gives_is_said_in_words() {
        for rule in RULES {
            assert_ne!(unmatched_text(rule.code(), Lang::Nl), rule.code());
        }
        assert_ne!(unmatched_text("offers_taken", Lang::Nl), "offers_taken");
        assert_ne!(
            unmatched_text("changed_during_run", Lang::En),
            "changed_during_run"
        );
    }
}
