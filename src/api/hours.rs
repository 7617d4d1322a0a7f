//! Hours logged on matches: logging, deciding, the volunteer's own hours and statement.

use actix_web::{HttpResponse, get, post, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::{Bearer, Body, NoQuery, Query};
use super::problem::ApiResult;
use super::responses::*;
use super::run_as;
use crate::domain::paging::{DEFAULT_LIMIT, Page, PageRequest};
use crate::error::AppError;
use crate::service::AppContext;
use crate::service::hours::{self, HoursView, NewHours, NewHoursInput, StatementView};

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
