//! Background work: periodic jobs on the application's context, started with the server and
//! stopped after it. A run does its database work the way a request does (one blocking call
//! on a pooled connection, the context's clock installed, writes in the writer queue), and
//! every run is timed and counted in the metrics, failures included. Each job's `run` is
//! public, so a test that moved the clock runs the very code the timer runs, once, now.

pub mod housekeeping;
pub mod live_feed;
pub mod notices;
pub mod offer_expiry;
pub mod outbox;

use std::time::{Duration, Instant};

use actix_web::rt::task::JoinHandle;
use actix_web::web;

use crate::db::{Db, DbConnection};
use crate::error::AppResult;
use crate::metrics::Job;
use crate::service::AppContext;

/// Starts every job; the handles abort them.
pub fn spawn_all(ctx: &AppContext) -> Vec<JoinHandle<()>> {
    let mut jobs = vec![
        actix_web::rt::spawn(every(
            Duration::from_secs(60),
            ctx.clone(),
            offer_expiry::run,
        )),
        actix_web::rt::spawn(every(
            Duration::from_secs(3600),
            ctx.clone(),
            housekeeping::run,
        )),
        actix_web::rt::spawn(every(Duration::from_secs(10), ctx.clone(), outbox::run)),
        actix_web::rt::spawn(every(Duration::from_secs(3600), ctx.clone(), notices::run)),
    ];
    if ctx.settings.matching.live_index {
        jobs.push(actix_web::rt::spawn(live_feed::follow(ctx.clone())));
    }
    jobs
}

/// Runs `job` now and then once per `period`, for ever.
async fn every<F, Fut, T>(period: Duration, ctx: AppContext, job: F)
where
    F: Fn(AppContext) -> Fut,
    Fut: std::future::Future<Output = T>,
{
    let mut tick = actix_web::rt::time::interval(period);
    loop {
        tick.tick().await;
        // What a run did is logged and counted by the run itself.
        let _ = job(ctx.clone()).await;
    }
}

/// One run of `job`'s database work, timed and counted; `None` (and a warning in the log)
/// when it failed.
async fn run_once<T, F>(ctx: &AppContext, job: Job, work: F) -> Option<T>
where
    F: FnOnce(&Db, &mut DbConnection) -> AppResult<T> + Send + 'static,
    T: Send + 'static,
{
    let db = ctx.db.clone();
    let clock = ctx.clock.clone();
    let started = Instant::now();
    // Kept in step only when suggestions come from it.
    let live = ctx.settings.matching.live_index.then(|| ctx.live.clone());
    let outcome = web::block(move || {
        let _now = clock.install();
        db.queue_writes(|| {
            let mut conn = db.get()?;
            crate::service::changes::take_recorded();
            let done = work(&db, &mut conn);
            if let (true, Some(live)) = (crate::service::changes::take_recorded(), &live) {
                live.catch_up_after_write(&mut conn);
            }
            done
        })
    })
    .await;
    ctx.metrics
        .record_job(job, started.elapsed(), matches!(outcome, Ok(Ok(_))));
    match outcome {
        Ok(Ok(done)) => Some(done),
        Ok(Err(e)) => {
            tracing::warn!(job = job.name(), error = %crate::error::chain(&e), "background job failed");
            None
        }
        Err(e) => {
            tracing::warn!(job = job.name(), error = %e, "background job failed");
            None
        }
    }
}
