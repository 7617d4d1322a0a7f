//! Help offers and their suggestions.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::{Bearer, Body, NoQuery, Query};
use super::problem::ApiResult;
use super::responses::*;
use super::run_as;
use crate::domain::paging::{CursorCodec, DEFAULT_LIMIT, Page, PageRequest};
use crate::error::AppResult;
use crate::service::AppContext;
use crate::service::offers::{self, NewOffer, NewOfferInput, OfferChange, OfferPatch, OfferView};
use crate::service::suggestions::{self, RequestSuggestionView};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// 1–200, default 50.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

/// Offer help (a volunteer profile is needed, else 409). Omitted optional fields take the
/// profile's values.
#[utoipa::path(tag = "offers", security(("bearer" = [])), request_body = NewOfferInput, responses(
    (status = 201, body = OfferView),
    BodyErrors,
    Unauthorized,
    Conflict,
    Unavailable,
))]
#[post("/offers")]
pub async fn create(
    ctx: web::Data<AppContext>,
    token: Bearer,
    query: NoQuery,
    body: Body<NewOfferInput>,
) -> ApiResult<HttpResponse> {
    let view = run_as(&ctx, token.0, move |conn, caller| {
        query.parse()?;
        offers::create(conn, caller, &NewOffer::try_from(&body.parse()?)?)
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}

/// Your offers, newest first.
#[utoipa::path(tag = "offers", security(("bearer" = [])), params(ListQuery), responses(
    (status = 200, body = Page<OfferView>),
    BadRequest,
    Unauthorized,
    Unavailable,
))]
#[get("/offers/mine")]
pub async fn list_mine(
    ctx: web::Data<AppContext>,
    token: Bearer,
    query: Query<ListQuery>,
) -> ApiResult<web::Json<Page<OfferView>>> {
    let cursors = ctx.cursors.clone();
    Ok(web::Json(
        run_as(&ctx, token.0, move |conn, caller| {
            let query = query.parse()?;
            let page = PageRequest::parse(
                &cursors,
                offers::LIST_KIND,
                query.limit.as_deref(),
                query.cursor.as_deref(),
                DEFAULT_LIMIT,
            )?;
            offers::list_mine(conn, caller, &page, &cursors)
        })
        .await?,
    ))
}

/// One offer: its volunteer, or a manager of a request it has a match with.
#[utoipa::path(tag = "offers", security(("bearer" = [])), params(("id" = String, Path)), responses(
    (status = 200, body = OfferView),
    Unauthorized,
    NotFound,
    Unavailable,
))]
#[get("/offers/{id}")]
pub async fn get_one(
    ctx: web::Data<AppContext>,
    token: Bearer,
    id: web::Path<String>,
    query: NoQuery,
) -> ApiResult<web::Json<OfferView>> {
    let id = id.into_inner();
    Ok(web::Json(
        run_as(&ctx, token.0, move |conn, caller| {
            query.parse()?;
            offers::get(conn, caller, &id)
        })
        .await?,
    ))
}

/// Edit your offer; `max_matches` not below its confirmed matches (409); a withdrawn offer
/// cannot change (409).
#[utoipa::path(tag = "offers", security(("bearer" = [])), params(("id" = String, Path)), request_body = OfferPatch, responses(
    (status = 200, body = OfferView),
    BodyErrors,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    Unavailable,
))]
#[patch("/offers/{id}")]
pub async fn update(
    ctx: web::Data<AppContext>,
    token: Bearer,
    id: web::Path<String>,
    query: NoQuery,
    body: Body<OfferPatch>,
) -> ApiResult<web::Json<OfferView>> {
    let id = id.into_inner();
    Ok(web::Json(
        run_as(&ctx, token.0, move |conn, caller| {
            offers::owned(conn, caller, &id)?;
            query.parse()?;
            offers::update(conn, caller, &id, &OfferChange::try_from(&body.parse()?)?)
        })
        .await?,
    ))
}

/// Withdraw your offer: its pending matches are cancelled; confirmed ones stay.
#[utoipa::path(tag = "offers", security(("bearer" = [])), params(("id" = String, Path)), responses(
    (status = 204),
    Unauthorized,
    Forbidden,
    NotFound,
    Unavailable,
))]
#[delete("/offers/{id}")]
pub async fn withdraw(
    ctx: web::Data<AppContext>,
    token: Bearer,
    id: web::Path<String>,
    query: NoQuery,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    run_as(&ctx, token.0, move |conn, caller| {
        offers::owned(conn, caller, &id)?;
        query.parse()?;
        offers::withdraw(conn, caller, &id)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

pub const SUGGESTIONS_DEFAULT_LIMIT: u32 = 10;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SuggestionQuery {
    /// 1–200, default 10. The list is ranked (best first), so it has no next page.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    /// Not accepted: a ranked list has no pages, so any cursor is unknown (400).
    pub cursor: Option<String>,
}

impl SuggestionQuery {
    pub fn page(&self, cursors: &CursorCodec, kind: &str) -> AppResult<PageRequest> {
        PageRequest::parse(
            cursors,
            kind,
            self.limit.as_deref(),
            self.cursor.as_deref(),
            SUGGESTIONS_DEFAULT_LIMIT,
        )
    }
}

/// The best open requests for your offer (public faces), best first: feasible ones only.
#[utoipa::path(tag = "offers", security(("bearer" = [])), params(("id" = String, Path), SuggestionQuery), responses(
    (status = 200, body = Page<RequestSuggestionView>),
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    Unavailable,
))]
#[get("/offers/{id}/suggestions")]
pub async fn list_suggestions(
    ctx: web::Data<AppContext>,
    token: Bearer,
    id: web::Path<String>,
    query: Query<SuggestionQuery>,
) -> ApiResult<web::Json<Page<RequestSuggestionView>>> {
    let id = id.into_inner();
    let weights = ctx.settings.matching.weights.clone();
    let cursors = ctx.cursors.clone();
    let live = ctx.live.clone();
    let live_index = ctx.settings.matching.live_index;
    let items = run_as(&ctx, token.0, move |conn, caller| {
        offers::owned(conn, caller, &id)?;
        let page = query.parse()?.page(&cursors, "offer_suggestions")?;
        let source = suggestions::Source::of(&live, live_index);
        suggestions::for_offer_from(conn, source, caller, &id, page.limit, &weights)
    })
    .await?;
    Ok(web::Json(Page::ranked(items, u32::MAX)))
}
