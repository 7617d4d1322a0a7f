//! Hourly clean-up (see [`crate::service::housekeeping`]), then a refresh of the query
//! planner's statistics.

use super::run_once;
use crate::error::AppError;
use crate::metrics::Job;
use crate::service::AppContext;
use crate::service::housekeeping::Housekept;

/// One run, as the timer starts it: what it removed, `None` when it failed.
pub async fn run(ctx: AppContext) -> Option<Housekept> {
    let privacy = ctx.settings.privacy.clone();
    let done = run_once(&ctx, Job::Housekeeping, move |db, conn| {
        let done = crate::service::housekeeping::run(
            conn,
            &privacy,
            crate::api::idempotency::KEEP_HOURS,
            crate::db::now(),
        )?;
        {
            // `optimize` may write the planner's statistics: a writer like any other.
            let _writer = db.writer_guard();
            conn.refresh_statistics(false)?;
        }
        Ok::<_, AppError>(done)
    })
    .await;
    if let Some(done) = done {
        tracing::info!(
            sessions = done.sessions,
            audit_entries = done.audit_entries,
            private_parts_erased = done.private_parts_erased,
            invitations_expired = done.invitations_expired,
            aliases = done.aliases,
            "housekeeping done"
        );
    }
    done
}
