//! The login and registration throttle as handlers use it: each check and count is database
//! work, run on the blocking pool like any other, at the app clock's time.

use std::net::IpAddr;

use super::problem::ApiResult;
use super::run;
use crate::auth::throttle::RetryAfter;
use crate::db;
use crate::error::AppError;
use crate::service::AppContext;

fn throttled(result: Result<(), RetryAfter>) -> Result<(), AppError> {
    result.map_err(|r| AppError::TooManyRequests {
        retry_after_secs: r.0,
    })
}

/// 429 when `key` or `addr` has failed too often lately; checked before the password.
pub async fn check_login(ctx: &AppContext, key: &str, addr: IpAddr) -> ApiResult<()> {
    let (throttle, key) = (ctx.throttle.clone(), key.to_owned());
    run(ctx, move |conn| {
        throttled(throttle.check_login(conn, &key, addr, db::now())?)
    })
    .await
}

pub async fn login_failed(ctx: &AppContext, key: &str, addr: IpAddr) -> ApiResult<()> {
    let (throttle, key) = (ctx.throttle.clone(), key.to_owned());
    run(ctx, move |conn| {
        Ok(throttle.record_login_failure(conn, &key, addr, db::now())?)
    })
    .await
}

pub async fn login_succeeded(ctx: &AppContext, key: &str) -> ApiResult<()> {
    let (throttle, key) = (ctx.throttle.clone(), key.to_owned());
    run(ctx, move |conn| {
        Ok(throttle.record_login_success(conn, &key)?)
    })
    .await
}

/// Count a registration from `addr`, or 429 when the hour's quota is used.
pub async fn register_attempt(ctx: &AppContext, addr: IpAddr) -> ApiResult<()> {
    let throttle = ctx.throttle.clone();
    run(ctx, move |conn| {
        throttled(throttle.register_attempt(conn, addr, db::now())?)
    })
    .await
}
