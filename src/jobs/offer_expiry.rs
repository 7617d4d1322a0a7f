//! Every minute: offers past `valid_until` become `expired` and their pending matches
//! `cancelled` (reads already treat them as expired; accepts are refused by the guarded
//! update meanwhile).

use super::run_once;
use crate::metrics::Job;
use crate::service::AppContext;

/// One run, as the timer starts it: how many offers expired, `None` when it failed.
pub async fn run(ctx: AppContext) -> Option<usize> {
    let expired = run_once(&ctx, Job::OfferExpiry, |_, conn| {
        crate::service::offers::expire_due(conn, crate::db::now())
    })
    .await;
    if let Some(expired @ 1..) = expired {
        tracing::info!(expired, "offers expired");
    }
    expired
}
