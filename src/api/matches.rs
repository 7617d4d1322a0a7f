//! Matches and their lifecycle.

use actix_web::{HttpResponse, get, post, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::{Bearer, Body, NoQuery, Query};
use super::problem::ApiResult;
use super::responses::*;
use super::run_as;
use crate::domain::paging::{DEFAULT_LIMIT, Page, PageRequest};
use crate::domain::status::MatchStatus;
use crate::domain::validation::{Invalid, one_of};
use crate::service::AppContext;
use crate::service::matches::{self, MatchView, NewMatch, NewMatchInput};

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
