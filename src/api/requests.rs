//! Support requests, and the audit log that records who read their private parts.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::{Bearer, Body, NoQuery, Query};
use super::problem::ApiResult;
use super::responses::*;
use super::run_as;
use crate::domain::paging::{DEFAULT_LIMIT, Page, PageRequest};
use crate::domain::status::RequestStatus;
use crate::domain::vocabulary::{Category, WijkCode};
use crate::service::AppContext;
use crate::service::requests::{
    self, NewRequest, NewRequestInput, RequestChange, RequestPatch, RequestView,
};
use crate::service::suggestions::{self, OfferSuggestionView};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RequestQuery {
    /// CBS wijk code.
    #[param(schema_with = WijkCode::schema)]
    pub wijk: Option<String>,
    #[param(schema_with = Category::schema)]
    pub category: Option<String>,
    #[param(value_type = Option<RequestStatus>)]
    pub status: Option<String>,
    /// 1–200, default 50.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

/// Requests newest first: every open request, plus, for managers, the requests they manage
/// in any status. Each item is projected for the caller: the full view (with `private`) for
/// requests they manage, else the public face. Private parts shown are audited.
#[utoipa::path(tag = "requests", security(("bearer" = [])), params(RequestQuery), responses(
    (status = 200, body = Page<RequestView>),
    BadRequest,
    Unauthorized,
    Unavailable,
))]
#[get("/requests")]
pub async fn list(
    ctx: web::Data<AppContext>,
    token: Bearer,
    query: Query<RequestQuery>,
) -> ApiResult<web::Json<Page<RequestView>>> {
    let cursors = ctx.cursors.clone();
    Ok(web::Json(
        run_as(&ctx, token.0, move |conn, caller| {
            let q = query.parse()?;
            let page = PageRequest::parse(
                &cursors,
                requests::LIST_KIND,
                q.limit.as_deref(),
                q.cursor.as_deref(),
                DEFAULT_LIMIT,
            )?;
            let filter = requests::ListFilter {
                wijk_code: q.wijk,
                category: q.category,
                status: q.status,
            };
            requests::list(conn, caller, &filter, &page, &cursors)
        })
        .await?,
    ))
}

/// File a support request (a worker of a team covering the wijk, a coordinator of
/// `initiative_id`, an admin); answers the full view. Someone who is neither a team worker
/// nor an admin files at most `limits.requests_per_day_by_non_staff` (20) a day, else 429.
#[utoipa::path(tag = "requests", security(("bearer" = [])), request_body = NewRequestInput, responses(
    (status = 201, body = RequestView),
    BodyErrors,
    Unauthorized,
    Forbidden,
    TooManyRequests,
    Unavailable,
))]
#[post("/requests")]
pub async fn create(
    ctx: web::Data<AppContext>,
    token: Bearer,
    query: NoQuery,
    body: Body<NewRequestInput>,
) -> ApiResult<HttpResponse> {
    let limits = ctx.settings.limits.clone();
    let view = run_as(&ctx, token.0, move |conn, caller| {
        requests::require_filer(conn, caller)?;
        query.parse()?;
        requests::create(
            conn,
            caller,
            &NewRequest::try_from(&body.parse()?)?,
            &limits,
        )
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}

/// One request: the full view for its managers, else the public face (a request that is not
/// open is 404 to non-managers).
#[utoipa::path(tag = "requests", security(("bearer" = [])), params(("id" = String, Path)), responses(
    (status = 200, body = RequestView),
    Unauthorized,
    NotFound,
    Unavailable,
))]
#[get("/requests/{id}")]
pub async fn get_one(
    ctx: web::Data<AppContext>,
    token: Bearer,
    id: web::Path<String>,
    query: NoQuery,
) -> ApiResult<web::Json<RequestView>> {
    let id = id.into_inner();
    Ok(web::Json(
        run_as(&ctx, token.0, move |conn, caller| {
            query.parse()?;
            requests::get(conn, caller, &id)
        })
        .await?,
    ))
}

/// Edit a request (managers): any field but `status` and `initiative_id`.
#[utoipa::path(tag = "requests", security(("bearer" = [])), params(("id" = String, Path)), request_body = RequestPatch, responses(
    (status = 200, body = RequestView),
    BodyErrors,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    Unavailable,
))]
#[patch("/requests/{id}")]
pub async fn update(
    ctx: web::Data<AppContext>,
    token: Bearer,
    id: web::Path<String>,
    query: NoQuery,
    body: Body<RequestPatch>,
) -> ApiResult<web::Json<RequestView>> {
    let id = id.into_inner();
    Ok(web::Json(
        run_as(&ctx, token.0, move |conn, caller| {
            requests::managed(conn, caller, &id)?;
            query.parse()?;
            requests::update(conn, caller, &id, &RequestChange::try_from(&body.parse()?)?)
        })
        .await?,
    ))
}

/// Close a request (managers); already closed → 409.
#[utoipa::path(tag = "requests", security(("bearer" = [])), params(("id" = String, Path)), responses(
    (status = 200, body = RequestView),
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    Unavailable,
))]
#[post("/requests/{id}/close")]
pub async fn close(
    ctx: web::Data<AppContext>,
    token: Bearer,
    id: web::Path<String>,
    query: NoQuery,
) -> ApiResult<web::Json<RequestView>> {
    let id = id.into_inner();
    Ok(web::Json(
        run_as(&ctx, token.0, move |conn, caller| {
            requests::managed(conn, caller, &id)?;
            query.parse()?;
            requests::close(conn, caller, &id)
        })
        .await?,
    ))
}

/// Delete a request (managers): its private part is erased and it is closed.
#[utoipa::path(tag = "requests", security(("bearer" = [])), params(("id" = String, Path)), responses(
    (status = 204),
    Unauthorized,
    Forbidden,
    NotFound,
    Unavailable,
))]
#[delete("/requests/{id}")]
pub async fn remove(
    ctx: web::Data<AppContext>,
    token: Bearer,
    id: web::Path<String>,
    query: NoQuery,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    run_as(&ctx, token.0, move |conn, caller| {
        requests::managed(conn, caller, &id)?;
        query.parse()?;
        requests::delete(conn, caller, &id)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The best feasible offers for a request (its managers), best first. Volunteers who only
/// want to be matched when they ask are left out. A manager who is not vetted (not an admin,
/// nor a worker of a team covering the request's wijk) sees each volunteer under an alias
/// for this request ("Vrijwilliger A") with `volunteer_id: null`, until that volunteer
/// applies to or accepts a match with the request.
#[utoipa::path(tag = "requests", security(("bearer" = [])), params(("id" = String, Path), crate::api::offers::SuggestionQuery), responses(
    (status = 200, body = Page<OfferSuggestionView>),
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    Unavailable,
))]
#[get("/requests/{id}/suggestions")]
pub async fn list_suggestions(
    ctx: web::Data<AppContext>,
    token: Bearer,
    id: web::Path<String>,
    query: Query<crate::api::offers::SuggestionQuery>,
) -> ApiResult<web::Json<Page<OfferSuggestionView>>> {
    let id = id.into_inner();
    let weights = ctx.settings.matching.weights.clone();
    let key = ctx.aliases.clone();
    let cursors = ctx.cursors.clone();
    let live = ctx.live.clone();
    let live_index = ctx.settings.matching.live_index;
    let items = run_as(&ctx, token.0, move |conn, caller| {
        requests::managed(conn, caller, &id)?;
        let page = query.parse()?.page(&cursors, "request_suggestions")?;
        let source = suggestions::Source::of(&live, live_index);
        suggestions::for_request_from(conn, source, caller, &id, page.limit, &weights, &key)
    })
    .await?;
    Ok(web::Json(Page::ranked(items, u32::MAX)))
}
