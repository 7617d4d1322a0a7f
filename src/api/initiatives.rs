//! Initiatives and their coordinators.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::{Bearer, Body, MaybeBearer, NoQuery, PageQuery, Query};
use super::problem::ApiResult;
use super::responses::*;
use super::{run_as, run_maybe_as};
use crate::domain::paging::{DEFAULT_LIMIT, Page, PageRequest};
use crate::domain::vocabulary::{Theme, WijkCode};
use crate::service::AppContext;
use crate::service::initiatives::{
    self, CoordinatorInput, CoordinatorView, InitiativeChange, InitiativePatch, InitiativeView,
    ListFilter, NewInitiative, NewInitiativeInput,
};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InitiativeQuery {
    /// CBS wijk code.
    #[param(schema_with = WijkCode::schema)]
    pub wijk: Option<String>,
    /// Theme id.
    #[param(schema_with = Theme::schema)]
    pub theme: Option<String>,
    /// Words in the name or description; case and accents are ignored.
    #[param(max_length = 200)]
    pub q: Option<String>,
    /// 1–200, default 50.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

/// The public list of initiatives, newest first.
#[utoipa::path(tag = "initiatives", params(InitiativeQuery), responses(
    (status = 200, body = Page<InitiativeView>),
    BadRequest,
    BadToken,
    Unavailable,
))]
#[get("/initiatives")]
pub async fn list(
    ctx: web::Data<AppContext>,
    token: MaybeBearer,
    query: Query<InitiativeQuery>,
) -> ApiResult<web::Json<Page<InitiativeView>>> {
    let cursors = ctx.cursors.clone();
    let page = run_maybe_as(&ctx, token.0, move |conn, _| {
        let q = query.parse()?;
        let page = PageRequest::parse(
            &cursors,
            initiatives::LIST_KIND,
            q.limit.as_deref(),
            q.cursor.as_deref(),
            DEFAULT_LIMIT,
        )?;
        let filter = ListFilter::parse(q.wijk.as_deref(), q.theme.as_deref(), q.q.as_deref())?;
        initiatives::list(conn, &filter, &page, &cursors)
    })
    .await?;
    Ok(web::Json(page))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InitiativeMapQuery {
    /// CBS wijk code.
    #[param(schema_with = WijkCode::schema)]
    pub wijk: Option<String>,
    /// Theme id.
    #[param(schema_with = Theme::schema)]
    pub theme: Option<String>,
    /// Words in the name or description; case and accents are ignored.
    #[param(max_length = 200)]
    pub q: Option<String>,
}

/// The initiatives of the public list that have a location, as an RFC 7946
/// FeatureCollection of points (`[lon, lat]`), newest first; each feature's properties are
/// the list item. The same filters as the list, checked the same way; not paged.
#[utoipa::path(tag = "initiatives", params(InitiativeMapQuery), responses(
    (status = 200, body = crate::service::geojson::InitiativeCollection, content_type = "application/geo+json"),
    BadRequest,
    BadToken,
    Unavailable,
))]
#[get("/initiatives.geojson")]
pub async fn list_geojson(
    ctx: web::Data<AppContext>,
    token: MaybeBearer,
    query: Query<InitiativeMapQuery>,
) -> ApiResult<HttpResponse> {
    let collection = run_maybe_as(&ctx, token.0, move |conn, _| {
        let q = query.parse()?;
        let filter = ListFilter::parse(q.wijk.as_deref(), q.theme.as_deref(), q.q.as_deref())?;
        crate::service::geojson::initiatives(conn, &filter)
    })
    .await?;
    super::reference::geojson_response(&collection)
}

/// Register an initiative; the caller becomes its coordinator.
#[utoipa::path(tag = "initiatives", security(("bearer" = [])), request_body = NewInitiativeInput, responses(
    (status = 201, body = InitiativeView),
    BodyErrors,
    Unauthorized,
    Unavailable,
))]
#[post("/initiatives")]
pub async fn create(
    ctx: web::Data<AppContext>,
    token: Bearer,
    query: NoQuery,
    body: Body<NewInitiativeInput>,
) -> ApiResult<HttpResponse> {
    let view = run_as(&ctx, token.0, move |conn, caller| {
        query.parse()?;
        initiatives::create(
            conn,
            caller,
            &NewInitiative::try_from(&body.parse()?)?,
            false,
        )
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}

/// One initiative.
#[utoipa::path(tag = "initiatives", params(("id" = String, Path)), responses(
    (status = 200, body = InitiativeView),
    BadToken,
    NotFound,
    Unavailable,
))]
#[get("/initiatives/{id}")]
pub async fn get_one(
    ctx: web::Data<AppContext>,
    token: MaybeBearer,
    id: web::Path<String>,
    query: NoQuery,
) -> ApiResult<web::Json<InitiativeView>> {
    let id = id.into_inner();
    Ok(web::Json(
        run_maybe_as(&ctx, token.0, move |conn, _| {
            query.parse()?;
            initiatives::get(conn, &id)
        })
        .await?,
    ))
}

/// Edit an initiative (its coordinators and admins). A change of one coordinate must leave
/// the initiative with both `lat` and `lon` or neither, counting the stored ones (else 400).
#[utoipa::path(tag = "initiatives", security(("bearer" = [])), params(("id" = String, Path)), request_body = InitiativePatch, responses(
    (status = 200, body = InitiativeView),
    BodyErrors,
    Unauthorized,
    Forbidden,
    NotFound,
    Unavailable,
))]
#[patch("/initiatives/{id}")]
pub async fn update(
    ctx: web::Data<AppContext>,
    token: Bearer,
    id: web::Path<String>,
    query: NoQuery,
    body: Body<InitiativePatch>,
) -> ApiResult<web::Json<InitiativeView>> {
    let id = id.into_inner();
    Ok(web::Json(
        run_as(&ctx, token.0, move |conn, caller| {
            initiatives::require_manager(conn, caller, &id)?;
            query.parse()?;
            initiatives::update(
                conn,
                caller,
                &id,
                &InitiativeChange::try_from(&body.parse()?)?,
            )
        })
        .await?,
    ))
}

/// Delete an initiative (its coordinators and admins).
#[utoipa::path(tag = "initiatives", security(("bearer" = [])), params(("id" = String, Path)), responses(
    (status = 204),
    Unauthorized,
    Forbidden,
    NotFound,
    Unavailable,
))]
#[delete("/initiatives/{id}")]
pub async fn remove(
    ctx: web::Data<AppContext>,
    token: Bearer,
    id: web::Path<String>,
    query: NoQuery,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    run_as(&ctx, token.0, move |conn, caller| {
        initiatives::require_manager(conn, caller, &id)?;
        query.parse()?;
        initiatives::delete(conn, caller, &id)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The initiative's coordinators (display names), in the order they were added.
#[utoipa::path(tag = "initiatives", params(("id" = String, Path), PageQuery), responses(
    (status = 200, body = Page<CoordinatorView>),
    BadRequest,
    BadToken,
    NotFound,
    Unavailable,
))]
#[get("/initiatives/{id}/coordinators")]
pub async fn list_coordinators(
    ctx: web::Data<AppContext>,
    token: MaybeBearer,
    id: web::Path<String>,
    query: Query<PageQuery>,
) -> ApiResult<web::Json<Page<CoordinatorView>>> {
    let (id, cursors) = (id.into_inner(), ctx.cursors.clone());
    Ok(web::Json(
        run_maybe_as(&ctx, token.0, move |conn, _| {
            let query = query.parse()?;
            let page = PageRequest::parse(
                &cursors,
                initiatives::COORDINATORS_KIND,
                query.limit.as_deref(),
                query.cursor.as_deref(),
                DEFAULT_LIMIT,
            )?;
            initiatives::coordinators(conn, &id, &page, &cursors)
        })
        .await?,
    ))
}

/// Add a coordinator (coordinators and admins).
#[utoipa::path(tag = "initiatives", security(("bearer" = [])), params(("id" = String, Path)), request_body = CoordinatorInput, responses(
    (status = 201, body = CoordinatorView),
    BodyErrors,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    Unavailable,
))]
#[post("/initiatives/{id}/coordinators")]
pub async fn add_coordinator(
    ctx: web::Data<AppContext>,
    token: Bearer,
    id: web::Path<String>,
    query: NoQuery,
    body: Body<CoordinatorInput>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let view = run_as(&ctx, token.0, move |conn, caller| {
        initiatives::require_manager(conn, caller, &id)?;
        query.parse()?;
        initiatives::add_coordinator(conn, caller, &id, &body.parse()?.user_id)
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}

/// Remove a coordinator; never the last one (409).
#[utoipa::path(tag = "initiatives", security(("bearer" = [])), params(("id" = String, Path), ("user_id" = String, Path)), responses(
    (status = 204),
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    Unavailable,
))]
#[delete("/initiatives/{id}/coordinators/{user_id}")]
pub async fn remove_coordinator(
    ctx: web::Data<AppContext>,
    token: Bearer,
    path: web::Path<(String, String)>,
    query: NoQuery,
) -> ApiResult<HttpResponse> {
    let (id, user_id) = path.into_inner();
    run_as(&ctx, token.0, move |conn, caller| {
        initiatives::require_manager(conn, caller, &id)?;
        query.parse()?;
        initiatives::remove_coordinator(conn, caller, &id, &user_id)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
