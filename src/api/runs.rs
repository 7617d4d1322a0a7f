//! Batch matching runs.

use actix_web::{post, web};

use super::extract::{Bearer, Body, NoQuery};
use super::problem::{ApiError, ApiResult};
use super::responses::*;
use crate::error::AppError;
use crate::service::AppContext;
use crate::service::runs::{self, RunInput, RunRequest, RunView};
use crate::service::sessions::{self, SessionLimits};
use crate::service::usage::{self, Limited};

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
    let limits = ctx.settings.limits.clone();
    let config = ctx.settings.matching.clone();
    let lock = ctx.run_lock.clone();
    let db = ctx.db.clone();
    let clock = ctx.clock.clone();
    let claims = token.0;
    // Read with a pooled connection, solve without one (minutes for a whole city), then
    // write in the writer queue; a writing run holds the run lock throughout.
    Ok(web::Json(
        web::block(move || -> crate::error::AppResult<RunView> {
            let _now = clock.install();
            let mut conn = db.get()?;
            // The session touch and the usage count are writes: they queue like any other.
            let (caller, wijken, dry_run) = db.queue_writes(|| {
                let caller =
                    sessions::authenticate(&mut conn, &claims, &sessions, crate::db::now())?;
                runs::require_runner(&caller)?;
                query.parse()?;
                let body = RunRequest::try_from(&body.parse()?)?;
                let wijken = runs::wijken_for(&mut conn, &caller, body.wijk_codes.as_ref())?;
                usage::consume(
                    &mut conn,
                    &caller,
                    Limited::MatchingRun,
                    &limits,
                    crate::db::now(),
                )?;
                Ok::<_, AppError>((caller, wijken, body.dry_run))
            })?;
            let _serialised = if dry_run {
                None
            } else {
                Some(lock.try_hold(&db)?)
            };
            let inputs = runs::read_inputs(&mut conn, &wijken, dry_run)?;
            drop(conn);
            let planned = runs::solve(inputs, &config);
            db.queue_writes(|| runs::commit(&mut *db.get()?, &caller, planned))
        })
        .await
        .map_err(|e| ApiError(AppError::internal(e)))?
        .map_err(ApiError)?,
    ))
}
