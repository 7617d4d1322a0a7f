//! Batch matching runs.

use actix_web::{post, web};

use super::extract::{Bearer, Body, NoQuery};
use super::problem::{ApiError, ApiResult};
use super::responses::*;
use crate::error::AppError;
use crate::service::AppContext;
use crate::service::runs::{self, RunInput, RunRequest, RunView};
use crate::service::sessions::{self, SessionLimits};

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
    let claims = token.0;
    let ctx = ctx.into_inner();
    Ok(web::Json(
        web::block(move || {
            runs::execute(
                &ctx,
                |conn| sessions::authenticate(conn, &claims, &sessions, crate::db::now()),
                || {
                    query.parse()?;
                    Ok(RunRequest::try_from(&body.parse()?)?)
                },
            )
        })
        .await
        .map_err(|e| ApiError(AppError::internal(e)))?
        .map_err(ApiError)?,
    ))
}
