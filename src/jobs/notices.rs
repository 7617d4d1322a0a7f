//! Every hour: the notices that time brings rather than a change — a daily digest of hours
//! waiting for each manager, and a warning to a volunteer whose offer ends within 3 days.
//! Each is written to the outbox under a key that makes it once per day or per offer, so
//! running this more often (or on several instances) writes nothing twice.

use super::run_once;
use crate::metrics::Job;
use crate::service::AppContext;

/// One run, as the timer starts it: how many notices it wrote; `None` when it failed.
pub async fn run(ctx: AppContext) -> Option<usize> {
    let written = run_once(&ctx, Job::Notices, |_, conn| {
        crate::service::notify::periodic(conn, crate::db::now())
    })
    .await;
    if let Some(written @ 1..) = written {
        tracing::info!(written, "notices written");
    }
    written
}
