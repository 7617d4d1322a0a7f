//! Matches and their lifecycle, the hours logged on them, and batch matching runs.

use actix_web::{HttpResponse, get, post, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::{Bearer, Body, NoQuery, Query};
use super::problem::{ApiError, ApiResult};
use super::responses::*;
use super::run_as;
use crate::domain::paging::{DEFAULT_LIMIT, Page, PageRequest};
use crate::domain::status::MatchStatus;
use crate::domain::validation::{Invalid, one_of};
use crate::error::AppError;
use crate::service::AppContext;
use crate::service::hours::{self, HoursView, NewHours, NewHoursInput, StatementView};
use crate::service::matches::{self, MatchView, NewMatch, NewMatchInput};
use crate::service::runs::{self, RunInput, RunRequest, RunView};
use crate::service::sessions::{self, SessionLimits};
use crate::service::usage::{self, Limited};

/// Propose a match (a manager of the request → `proposed`) or apply (the offer's volunteer →
/// `applied`). Infeasible pairs, an `only_when_i_ask` volunteer proposed by a manager, an
/// earlier decline and a live match for the pair all answer 409. A volunteer applies at most
/// `limits.applications_per_hour` (30) times an hour, else 429.
#[utoipa::path(tag = "matches", security(("bearer" = [])), request_body = NewMatchInput, responses(
    (status = 201, body = MatchView),
    BodyErrors,
    Unauthorized,
    NotFound,
    Conflict,
    TooManyRequests,
    Unavailable,
))]
#[post("/matches")]
pub async fn create(
    ctx: web::Data<AppContext>,
    token: Bearer,
    query: NoQuery,
    body: Body<NewMatchInput>,
) -> ApiResult<HttpResponse> {
    let weights = ctx.settings.matching.weights.clone();
    let limits = ctx.settings.limits.clone();
    let view = run_as(&ctx, token.0, move |conn, caller| {
        // Who may propose or apply depends on the pair named in the body: any logged-in
        // caller may be a request's manager or an offer's volunteer.
        query.parse()?;
        matches::create(
            conn,
            caller,
            &NewMatch::try_from(&body.parse()?)?,
            &weights,
            &limits,
        )
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MatchQuery {
    #[param(value_type = Option<MatchStatus>)]
    pub status: Option<String>,
    /// 1–200, default 50.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

/// Your own matches and those of requests you manage (admins: all), newest first.
#[utoipa::path(tag = "matches", security(("bearer" = [])), params(MatchQuery), responses(
    (status = 200, body = Page<MatchView>),
    BadRequest,
    Unauthorized,
    Unavailable,
))]
#[get("/matches")]
pub async fn list(
    ctx: web::Data<AppContext>,
    token: Bearer,
    query: Query<MatchQuery>,
) -> ApiResult<web::Json<Page<MatchView>>> {
    let cursors = ctx.cursors.clone();
    Ok(web::Json(
        run_as(&ctx, token.0, move |conn, caller| {
            let q = query.parse()?;
            let page = PageRequest::parse(
                &cursors,
                matches::LIST_KIND,
                q.limit.as_deref(),
                q.cursor.as_deref(),
                DEFAULT_LIMIT,
            )?;
            let status = q
                .status
                .as_deref()
                .map(|s| one_of::<MatchStatus>("status", s))
                .transpose()
                .map_err(Invalid::from)?;
            matches::list(conn, caller, status, &page, &cursors)
        })
        .await?,
    ))
}

/// One match (either side, admins).
#[utoipa::path(tag = "matches", security(("bearer" = [])), params(("id" = String, Path)), responses(
    (status = 200, body = MatchView),
    Unauthorized,
    NotFound,
    Unavailable,
))]
#[get("/matches/{id}")]
pub async fn get_one(
    ctx: web::Data<AppContext>,
    token: Bearer,
    id: web::Path<String>,
    query: NoQuery,
) -> ApiResult<web::Json<MatchView>> {
    let id = id.into_inner();
    Ok(web::Json(
        run_as(&ctx, token.0, move |conn, caller| {
            query.parse()?;
            matches::get(conn, caller, &id)
        })
        .await?,
    ))
}

type Transition = fn(
    &mut crate::db::DbConnection,
    &crate::domain::account::Caller,
    &str,
) -> crate::error::AppResult<MatchView>;

async fn transition(
    ctx: web::Data<AppContext>,
    token: Bearer,
    id: String,
    query: NoQuery,
    step: Transition,
) -> ApiResult<web::Json<MatchView>> {
    Ok(web::Json(
        run_as(&ctx, token.0, move |conn, caller| {
            // Those on neither side may not know the match (404); which side may take which
            // step depends on its state, and the step itself says so.
            matches::find_for(conn, caller, &id)?;
            query.parse()?;
            step(conn, caller, &id)
        })
        .await?,
    ))
}

/// Accept a pending match (the other side: the volunteer a proposal, a manager an
/// application) → `confirmed`; 409 and nothing changes when no place is free.
#[utoipa::path(tag = "matches", security(("bearer" = [])), params(("id" = String, Path)), responses(
    (status = 200, body = MatchView),
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    Unavailable,
))]
#[post("/matches/{id}/accept")]
pub async fn accept(
    ctx: web::Data<AppContext>,
    token: Bearer,
    id: web::Path<String>,
    query: NoQuery,
) -> ApiResult<web::Json<MatchView>> {
    transition(ctx, token, id.into_inner(), query, matches::accept).await
}

/// Decline a pending match (the other side) → `declined`; the volunteer is never matched to
/// this request again.
#[utoipa::path(tag = "matches", security(("bearer" = [])), params(("id" = String, Path)), responses(
    (status = 200, body = MatchView),
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    Unavailable,
))]
#[post("/matches/{id}/decline")]
pub async fn decline(
    ctx: web::Data<AppContext>,
    token: Bearer,
    id: web::Path<String>,
    query: NoQuery,
) -> ApiResult<web::Json<MatchView>> {
    transition(ctx, token, id.into_inner(), query, matches::decline).await
}

/// Complete a confirmed match (either side, admins); other states → 409.
#[utoipa::path(tag = "matches", security(("bearer" = [])), params(("id" = String, Path)), responses(
    (status = 200, body = MatchView),
    Unauthorized,
    NotFound,
    Conflict,
    Unavailable,
))]
#[post("/matches/{id}/complete")]
pub async fn complete(
    ctx: web::Data<AppContext>,
    token: Bearer,
    id: web::Path<String>,
    query: NoQuery,
) -> ApiResult<web::Json<MatchView>> {
    transition(ctx, token, id.into_inner(), query, matches::complete).await
}

/// Cancel a confirmed match (either side, admins), freeing its places; other states → 409.
#[utoipa::path(tag = "matches", security(("bearer" = [])), params(("id" = String, Path)), responses(
    (status = 200, body = MatchView),
    Unauthorized,
    NotFound,
    Conflict,
    Unavailable,
))]
#[post("/matches/{id}/cancel")]
pub async fn cancel(
    ctx: web::Data<AppContext>,
    token: Bearer,
    id: web::Path<String>,
    query: NoQuery,
) -> ApiResult<web::Json<MatchView>> {
    transition(ctx, token, id.into_inner(), query, matches::cancel).await
}

/// Log hours on your confirmed (or completed) match.
#[utoipa::path(tag = "hours", security(("bearer" = [])), params(("id" = String, Path)), request_body = NewHoursInput, responses(
    (status = 201, body = HoursView),
    BodyErrors,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    Unavailable,
))]
#[post("/matches/{id}/hours")]
pub async fn log_hours(
    ctx: web::Data<AppContext>,
    token: Bearer,
    id: web::Path<String>,
    query: NoQuery,
    body: Body<NewHoursInput>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let view = run_as(&ctx, token.0, move |conn, caller| {
        hours::require_logger(conn, caller, &id)?;
        query.parse()?;
        hours::log(conn, caller, &id, &NewHours::try_from(&body.parse()?)?)
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HoursQuery {
    /// 1–200, default 50.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

/// A match's hours, newest first (either side).
#[utoipa::path(tag = "hours", security(("bearer" = [])), params(("id" = String, Path), HoursQuery), responses(
    (status = 200, body = Page<HoursView>),
    BadRequest,
    Unauthorized,
    NotFound,
    Unavailable,
))]
#[get("/matches/{id}/hours")]
pub async fn list_hours(
    ctx: web::Data<AppContext>,
    token: Bearer,
    id: web::Path<String>,
    query: Query<HoursQuery>,
) -> ApiResult<web::Json<Page<HoursView>>> {
    let cursors = ctx.cursors.clone();
    let id = id.into_inner();
    Ok(web::Json(
        run_as(&ctx, token.0, move |conn, caller| {
            let query = query.parse()?;
            let page = PageRequest::parse(
                &cursors,
                hours::LIST_KIND,
                query.limit.as_deref(),
                query.cursor.as_deref(),
                DEFAULT_LIMIT,
            )?;
            hours::list_for_match(conn, caller, &id, &page, &cursors)
        })
        .await?,
    ))
}

async fn decide(
    ctx: web::Data<AppContext>,
    token: Bearer,
    id: String,
    query: NoQuery,
    confirm: bool,
) -> ApiResult<web::Json<HoursView>> {
    Ok(web::Json(
        run_as(&ctx, token.0, move |conn, caller| {
            hours::require_decider(conn, caller, &id)?;
            query.parse()?;
            hours::decide(conn, caller, &id, confirm)
        })
        .await?,
    ))
}

/// Confirm logged hours (the request's managers); already decided → 409.
#[utoipa::path(tag = "hours", security(("bearer" = [])), params(("id" = String, Path)), responses(
    (status = 200, body = HoursView),
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    Unavailable,
))]
#[post("/hours/{id}/confirm")]
pub async fn confirm_hours(
    ctx: web::Data<AppContext>,
    token: Bearer,
    id: web::Path<String>,
    query: NoQuery,
) -> ApiResult<web::Json<HoursView>> {
    decide(ctx, token, id.into_inner(), query, true).await
}

/// Reject logged hours (the request's managers); already decided → 409.
#[utoipa::path(tag = "hours", security(("bearer" = [])), params(("id" = String, Path)), responses(
    (status = 200, body = HoursView),
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    Unavailable,
))]
#[post("/hours/{id}/reject")]
pub async fn reject_hours(
    ctx: web::Data<AppContext>,
    token: Bearer,
    id: web::Path<String>,
    query: NoQuery,
) -> ApiResult<web::Json<HoursView>> {
    decide(ctx, token, id.into_inner(), query, false).await
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// `YYYY-MM-DD`, inclusive; not after `to`.
    #[param(value_type = Option<chrono::NaiveDate>)]
    pub from: Option<String>,
    /// `YYYY-MM-DD`, inclusive.
    #[param(value_type = Option<chrono::NaiveDate>)]
    pub to: Option<String>,
    /// 1–200, default 50.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

/// The statement's period; it is one document, so it takes no paging parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatementQuery {
    /// `YYYY-MM-DD`, inclusive; not after `to`.
    #[param(value_type = Option<chrono::NaiveDate>)]
    pub from: Option<String>,
    /// `YYYY-MM-DD`, inclusive.
    #[param(value_type = Option<chrono::NaiveDate>)]
    pub to: Option<String>,
}

fn date(field: &str, raw: Option<&str>) -> Result<Option<chrono::NaiveDate>, AppError> {
    raw.map(|d| {
        chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map_err(|_| AppError::field(field, crate::i18n::FieldText::Date))
    })
    .transpose()
}

/// Your hours, newest first, optionally between `from` and `to` (`from` not after `to`).
#[utoipa::path(tag = "hours", security(("bearer" = [])), params(PeriodQuery), responses(
    (status = 200, body = Page<HoursView>),
    BadRequest,
    Unauthorized,
    Unavailable,
))]
#[get("/me/hours")]
pub async fn my_hours(
    ctx: web::Data<AppContext>,
    token: Bearer,
    query: Query<PeriodQuery>,
) -> ApiResult<web::Json<Page<HoursView>>> {
    let cursors = ctx.cursors.clone();
    Ok(web::Json(
        run_as(&ctx, token.0, move |conn, caller| {
            let query = query.parse()?;
            let from = date("from", query.from.as_deref())?;
            let to = date("to", query.to.as_deref())?;
            let page = PageRequest::parse(
                &cursors,
                hours::LIST_KIND,
                query.limit.as_deref(),
                query.cursor.as_deref(),
                DEFAULT_LIMIT,
            )?;
            hours::mine(conn, caller, from, to, &page, &cursors)
        })
        .await?,
    ))
}

/// A statement of your confirmed hours between `from` and `to` (default: this month so far;
/// `from` not after `to`, which defaults to today).
#[utoipa::path(tag = "hours", security(("bearer" = [])), params(StatementQuery), responses(
    (status = 200, body = StatementView),
    BadRequest,
    Unauthorized,
    Unavailable,
))]
#[get("/me/hours/statement")]
pub async fn my_statement(
    ctx: web::Data<AppContext>,
    token: Bearer,
    query: Query<StatementQuery>,
) -> ApiResult<web::Json<StatementView>> {
    Ok(web::Json(
        run_as(&ctx, token.0, move |conn, caller| {
            let query = query.parse()?;
            let from = date("from", query.from.as_deref())?;
            let to = date("to", query.to.as_deref())?;
            hours::statement(conn, caller, from, to)
        })
        .await?,
    ))
}

/// A batch matching run (team workers for wijken their team covers, admins): the most
/// filled places, then the highest total score. With `dry_run` nothing is written;
/// otherwise the proposals become `proposed` matches. A second writing run meanwhile → 409.
/// At most `limits.matching_runs_per_minute` (10) runs a minute per user, else 429.
#[utoipa::path(tag = "matches", security(("bearer" = [])), request_body = RunInput, responses(
    (status = 200, body = RunView),
    BodyErrors,
    Unauthorized,
    Forbidden,
    Conflict,
    TooManyRequests,
    Unavailable,
))]
#[post("/matching/runs")]
pub async fn run_batch(
    ctx: web::Data<AppContext>,
    token: Bearer,
    query: NoQuery,
    body: Body<RunInput>,
) -> ApiResult<web::Json<RunView>> {
    let sessions = SessionLimits::from_settings(&ctx.settings.auth);
    let limits = ctx.settings.limits.clone();
    let config = ctx.settings.matching.clone();
    let lock = ctx.run_lock.clone();
    let db = ctx.db.clone();
    let clock = ctx.clock.clone();
    let claims = token.0;
    // Read with a pooled connection, solve without one (minutes for a whole city), then
    // write in the writer queue; a writing run holds the run lock throughout.
    Ok(web::Json(
        web::block(move || -> crate::error::AppResult<RunView> {
            let _now = clock.install();
            let mut conn = db.get()?;
            // The session touch and the usage count are writes: they queue like any other.
            let (caller, wijken, dry_run) = db.queue_writes(|| {
                let caller =
                    sessions::authenticate(&mut conn, &claims, &sessions, crate::db::now())?;
                runs::require_runner(&caller)?;
                query.parse()?;
                let body = RunRequest::try_from(&body.parse()?)?;
                let wijken = runs::wijken_for(&mut conn, &caller, body.wijk_codes.as_ref())?;
                usage::consume(
                    &mut conn,
                    &caller,
                    Limited::MatchingRun,
                    &limits,
                    crate::db::now(),
                )?;
                Ok::<_, AppError>((caller, wijken, body.dry_run))
            })?;
            let _serialised = if dry_run {
                None
            } else {
                Some(lock.try_hold(&db)?)
            };
            let inputs = runs::read_inputs(&mut conn, &wijken, dry_run)?;
            drop(conn);
            let planned = runs::solve(inputs, &config);
            db.queue_writes(|| runs::commit(&mut *db.get()?, &caller, planned))
        })
        .await
        .map_err(|e| ApiError(AppError::internal(e)))?
        .map_err(ApiError)?,
    ))
}
