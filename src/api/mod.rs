//! The HTTP API: extract, authorise, call a use case inside one blocking database call,
//! map the answer. Routes and the OpenAPI document are assembled in `routes`.

pub mod accounts;
pub mod audit;
pub mod calendar;
pub mod extract;
pub mod health;
pub mod hours;
pub mod idempotency;
pub mod initiatives;
pub mod key_figures;
pub mod language;
pub mod matches;
pub mod media;
pub mod metrics;
pub mod offers;
pub mod openapi;
pub mod partners;
pub mod problem;
pub mod reference;
pub mod requests;
pub mod responses;
pub mod routes;
pub mod runs;
pub mod social_map;
pub mod stats;
pub mod teams;
pub mod throttle;
pub mod volunteers;

use actix_web::web;

use crate::auth::tokens::Claims;
use crate::db::DbConnection;
use crate::domain::account::Caller;
use crate::error::{AppError, AppResult};
use crate::service::AppContext;
use crate::service::changes;
use crate::service::sessions::{self, SessionLimits};
use problem::{ApiError, ApiResult};

/// Run `work` on a pooled connection off the async workers: one blocking call per request.
/// Its write transactions queue for the SQLite writer lock one at a time, each only while
/// it writes (hashing and reads around them hold nothing).
pub async fn run<T, F>(ctx: &AppContext, work: F) -> ApiResult<T>
where
    F: FnOnce(&mut DbConnection) -> AppResult<T> + Send + 'static,
    T: Send + 'static,
{
    let db = ctx.db.clone();
    let clock = ctx.clock.clone();
    // Kept in step only when suggestions come from it.
    let live = ctx.settings.matching.live_index.then(|| ctx.live.clone());
    web::block(move || {
        let _now = clock.install();
        db.queue_writes(|| {
            let mut conn = db.get()?;
            changes::take_recorded();
            let done = work(&mut conn);
            // What this request wrote is in this instance's suggestions before it answers.
            if let (true, Some(live)) = (changes::take_recorded(), &live) {
                live.catch_up_after_write(&mut conn);
            }
            done
        })
    })
    .await
    .map_err(|e| ApiError(AppError::internal(e)))?
    .map_err(ApiError)
}

/// As [`run`], after establishing the caller from the token's session.
pub async fn run_as<T, F>(ctx: &AppContext, claims: Claims, work: F) -> ApiResult<T>
where
    F: FnOnce(&mut DbConnection, &Caller) -> AppResult<T> + Send + 'static,
    T: Send + 'static,
{
    let limits = SessionLimits::from_settings(&ctx.settings.auth);
    run(ctx, move |conn| {
        let caller = sessions::authenticate(conn, &claims, &limits, crate::db::now())?;
        work(conn, &caller)
    })
    .await
}

/// As [`run_as`] for endpoints open to anyone: no token means no caller.
pub async fn run_maybe_as<T, F>(ctx: &AppContext, claims: Option<Claims>, work: F) -> ApiResult<T>
where
    F: FnOnce(&mut DbConnection, Option<&Caller>) -> AppResult<T> + Send + 'static,
    T: Send + 'static,
{
    let limits = SessionLimits::from_settings(&ctx.settings.auth);
    run(ctx, move |conn| {
        let caller = claims
            .map(|c| sessions::authenticate(conn, &c, &limits, crate::db::now()))
            .transpose()?;
        work(conn, caller.as_ref())
    })
    .await
}

/// A right that depends on the caller's roles alone, decided before any word about the body
/// or the query.
pub fn require_role(allowed: bool, message: crate::i18n::Text) -> AppResult<()> {
    if allowed {
        Ok(())
    } else {
        Err(AppError::Forbidden(message))
    }
}

/// On endpoints open to anyone: a token that is sent must still be valid, session included
/// (a logged-out token is refused everywhere). No token means no database call.
pub async fn refuse_ended_token(ctx: &AppContext, claims: Option<Claims>) -> ApiResult<()> {
    match claims {
        None => Ok(()),
        Some(claims) => run_as(ctx, claims, |_, _| Ok(())).await,
    }
}
