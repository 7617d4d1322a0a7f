//! Liveness and readiness.

use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

use super::extract::NoQuery;
use super::problem::ApiResult;
use super::responses::*;
use super::run;
use crate::service::AppContext;

#[derive(Serialize, ToSchema)]
pub struct Status {
    pub status: &'static str,
}

/// The process runs.
#[utoipa::path(tag = "operations", responses((status = 200, body = Status)))]
#[get("/health")]
pub async fn health(query: NoQuery) -> ApiResult<HttpResponse> {
    query.parse()?;
    Ok(HttpResponse::Ok().json(Status { status: "ok" }))
}

/// The database answers; 503 (with `Retry-After`) when it does not.
#[utoipa::path(tag = "operations", responses(
    (status = 200, body = Status),
    Unavailable,
))]
#[get("/ready")]
pub async fn ready(ctx: web::Data<AppContext>, query: NoQuery) -> ApiResult<HttpResponse> {
    query.parse()?;
    run(&ctx, |conn| Ok(conn.ping()?)).await?;
    Ok(HttpResponse::Ok().json(Status { status: "ready" }))
}
