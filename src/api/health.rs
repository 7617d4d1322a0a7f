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

/// The database answers and can store data; 503 (with `Retry-After`) when it does not.
///
/// After a write found the storage full, each call tries a small real write (which needs
/// the database to grow) and answers 503 (`storage-full`) until one succeeds: readiness
/// comes back by itself once there is space, with no restart and no traffic needed.
#[utoipa::path(tag = "operations", responses(
    (status = 200, body = Status),
    Unavailable,
))]
#[get("/ready")]
pub async fn ready(ctx: web::Data<AppContext>, query: NoQuery) -> ApiResult<HttpResponse> {
    query.parse()?;
    if ctx.db.storage_full() {
        run(&ctx, |conn| Ok(conn.probe_write()?)).await?;
        ctx.db.storage_recovered();
        tracing::info!("database storage has space again: writes accepted");
    } else {
        run(&ctx, |conn| Ok(conn.ping()?)).await?;
    }
    Ok(HttpResponse::Ok().json(Status { status: "ready" }))
}
