//! The volunteer's calendar (iCalendar) and its secret feed URL.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use serde::Serialize;
use utoipa::ToSchema;

use super::extract::{Bearer, NoQuery};
use super::problem::ApiResult;
use super::responses::*;
use super::{run, run_as};
use crate::i18n::Lang;
use crate::service::AppContext;
use crate::service::calendar;

fn ics(document: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(calendar::MEDIA_TYPE)
        .insert_header((header::VARY, "Accept-Language"))
        .body(document)
}

/// Your confirmed matches (as the volunteer) as an iCalendar document (RFC 5545): each
/// weekly slot of the request a weekly series from the first occasion after the match was
/// confirmed, its once-window one event, nothing for a request without a schedule. Times
/// are Europe/Amsterdam (with its `VTIMEZONE`); `SUMMARY` is the request's title and
/// `LOCATION` its wijk's name; nothing private.
#[utoipa::path(tag = "accounts", security(("bearer" = [])), responses(
    (status = 200, body = String, content_type = "text/calendar"),
    Unauthorized,
    Unavailable,
))]
#[get("/me/calendar.ics")]
pub async fn my_calendar(
    ctx: web::Data<AppContext>,
    token: Bearer,
    query: NoQuery,
    lang: Lang,
) -> ApiResult<HttpResponse> {
    let document = run_as(&ctx, token.0, move |conn, caller| {
        query.parse()?;
        calendar::for_caller(conn, caller, lang)
    })
    .await?;
    Ok(ics(document))
}

/// A secret calendar feed.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedView {
    /// The feed's address (`…/calendar/{token}.ics`): whoever has it reads your calendar,
    /// without a login. Shown only now.
    pub url: String,
}

/// A secret feed URL of your calendar, for a calendar app to subscribe to; it replaces the
/// feed you had, whose URL stops working. Never replayed by `Idempotency-Key`: the answer
/// is a credential.
#[utoipa::path(tag = "accounts", security(("bearer" = [])), responses(
    (status = 201, body = FeedView),
    Unauthorized,
    Unavailable,
))]
#[post("/me/calendar-feed")]
pub async fn create_feed(
    ctx: web::Data<AppContext>,
    req: HttpRequest,
    token: Bearer,
    query: NoQuery,
) -> ApiResult<HttpResponse> {
    let secret = run_as(&ctx, token.0, move |conn, caller| {
        query.parse()?;
        calendar::create_feed(conn, caller)
    })
    .await?;
    let info = req.connection_info();
    let url = format!("{}://{}/calendar/{secret}.ics", info.scheme(), info.host());
    Ok(HttpResponse::Created().json(FeedView { url }))
}

/// Revoke your calendar feed: its URL answers 404 from now on.
#[utoipa::path(tag = "accounts", security(("bearer" = [])), responses(
    (status = 204),
    Unauthorized,
    Unavailable,
))]
#[delete("/me/calendar-feed")]
pub async fn revoke_feed(
    ctx: web::Data<AppContext>,
    token: Bearer,
    query: NoQuery,
) -> ApiResult<HttpResponse> {
    run_as(&ctx, token.0, move |conn, caller| {
        query.parse()?;
        calendar::revoke_feed(conn, caller)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The calendar of the feed's owner, as `GET /api/v1/me/calendar.ics` gives it, without a
/// login: the secret token is the credential. 404 for an unknown or revoked token.
#[utoipa::path(tag = "accounts", params(("token" = String, Path, description = "The feed's secret token")), responses(
    (status = 200, body = String, content_type = "text/calendar"),
    NotFound,
    Unavailable,
))]
#[get("/calendar/{token}.ics")]
pub async fn feed(
    ctx: web::Data<AppContext>,
    token: web::Path<String>,
    query: NoQuery,
    lang: Lang,
) -> ApiResult<HttpResponse> {
    let token = token.into_inner();
    let document = run(&ctx, move |conn| {
        query.parse()?;
        calendar::for_feed(conn, &token, lang)
    })
    .await?;
    Ok(ics(document))
}
