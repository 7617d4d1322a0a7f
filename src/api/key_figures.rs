//! Key figures: people a wijk knows and trusts, recorded with their consent.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::{Bearer, Body, MaybeBearer, NoQuery, Query};
use super::problem::{ApiResult, Problem};
use super::responses::*;
use super::{run_as, run_maybe_as};
use crate::domain::paging::{DEFAULT_LIMIT, Page, PageRequest};
use crate::domain::patch::parse_present;
use crate::domain::validation::Invalid;
use crate::domain::vocabulary::WijkCode;
use crate::service::AppContext;
use crate::service::key_figures::{
    self, KeyFigureChange, KeyFigureInput, KeyFigurePatch, KeyFigureView, NewKeyFigure,
};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct KeyFigureQuery {
    /// CBS wijk code.
    #[param(schema_with = WijkCode::schema)]
    pub wijk: Option<String>,
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

/// Key figures: team workers and admins see all; others only public ones, without contact.
#[utoipa::path(security((), ("bearer" = [])), tag = "key-figures", params(KeyFigureQuery), responses(
    (status = 200, body = Page<KeyFigureView>),
    BadRequest,
    BadToken,
    Unavailable,
))]
#[get("/key-figures")]
pub async fn list_key_figures(
    ctx: web::Data<AppContext>,
    token: MaybeBearer,
    query: Query<KeyFigureQuery>,
) -> ApiResult<HttpResponse> {
    let cursors = ctx.cursors.clone();
    let page = run_maybe_as(&ctx, token.0, move |conn, caller| {
        let q = query.parse()?;
        let page = PageRequest::parse(
            &cursors,
            key_figures::LIST_KIND,
            q.limit.as_deref(),
            q.cursor.as_deref(),
            DEFAULT_LIMIT,
        )?;
        let wijk = parse_present(q.wijk.as_deref(), |w| WijkCode::parse("wijk", w))
            .map_err(Invalid::from)?;
        key_figures::list(conn, caller, wijk, &page, &cursors)
    })
    .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Record a key figure, with their consent (team workers and admins).
#[utoipa::path(tag = "key-figures", security(("bearer" = [])), request_body = KeyFigureInput, responses(
    BodyErrors,
    (status = 201, body = KeyFigureView),
    (status = 400, description = "invalid input, or no consent", body = Problem, content_type = "application/problem+json"),
    Unauthorized,
    Forbidden,
    Unavailable,
))]
#[post("/key-figures")]
pub async fn create_key_figure(
    ctx: web::Data<AppContext>,
    token: Bearer,
    query: NoQuery,
    body: Body<KeyFigureInput>,
) -> ApiResult<HttpResponse> {
    let view = run_as(&ctx, token.0, move |conn, caller| {
        key_figures::require_staff(caller)?;
        query.parse()?;
        key_figures::create(
            conn,
            caller,
            &NewKeyFigure::try_from(&body.parse()?)?,
            false,
        )
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}

/// One key figure; a team-only one is 404 to everyone but team workers and admins.
#[utoipa::path(security((), ("bearer" = [])), tag = "key-figures", params(("id" = String, Path)), responses(
    (status = 200, body = KeyFigureView),
    BadToken,
    NotFound,
    Unavailable,
))]
#[get("/key-figures/{id}")]
pub async fn get_key_figure(
    ctx: web::Data<AppContext>,
    token: MaybeBearer,
    id: web::Path<String>,
    query: NoQuery,
) -> ApiResult<web::Json<KeyFigureView>> {
    let id = id.into_inner();
    Ok(web::Json(
        run_maybe_as(&ctx, token.0, move |conn, caller| {
            query.parse()?;
            key_figures::get(conn, caller, &id)
        })
        .await?,
    ))
}

/// Edit a key figure (workers of a team covering its wijk, admins).
#[utoipa::path(tag = "key-figures", security(("bearer" = [])), params(("id" = String, Path)), request_body = KeyFigurePatch, responses(
    (status = 200, body = KeyFigureView),
    BodyErrors,
    Unauthorized,
    Forbidden,
    NotFound,
    Unavailable,
))]
#[patch("/key-figures/{id}")]
pub async fn update_key_figure(
    ctx: web::Data<AppContext>,
    token: Bearer,
    id: web::Path<String>,
    query: NoQuery,
    body: Body<KeyFigurePatch>,
) -> ApiResult<web::Json<KeyFigureView>> {
    let id = id.into_inner();
    Ok(web::Json(
        run_as(&ctx, token.0, move |conn, caller| {
            key_figures::require_editor(conn, caller, &id)?;
            query.parse()?;
            let change = KeyFigureChange::try_from(&body.parse()?)?;
            key_figures::update(conn, caller, &id, &change)
        })
        .await?,
    ))
}

/// Consent withdrawn: the record and its partner links are deleted.
#[utoipa::path(tag = "key-figures", security(("bearer" = [])), params(("id" = String, Path)), responses(
    (status = 204),
    Unauthorized,
    Forbidden,
    NotFound,
    Unavailable,
))]
#[delete("/key-figures/{id}")]
pub async fn delete_key_figure(
    ctx: web::Data<AppContext>,
    token: Bearer,
    id: web::Path<String>,
    query: NoQuery,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    run_as(&ctx, token.0, move |conn, caller| {
        key_figures::require_editor(conn, caller, &id)?;
        query.parse()?;
        key_figures::delete(conn, caller, &id)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
