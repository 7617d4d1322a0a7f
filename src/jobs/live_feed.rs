//! The follower: builds this instance's live index at start, then applies what other
//! instances (and this one's jobs) wrote, by reading the change feed past the last `seq`
//! applied. On PostgreSQL a dedicated connection LISTENs for the announcement each writing
//! transaction makes at commit and the feed is read as soon as one arrives (checked every
//! [`LISTEN_TICK`]); the connection is opened again when it breaks. Whatever the
//! announcements do, the feed is also read every [`POLL`] (the only way on SQLite). A failed
//! round is logged and the next one tries again.

use std::time::{Duration, Instant};

use actix_web::web;

use crate::db::DbConnection;
use crate::db::changes as feed;
use crate::service::AppContext;

/// How often the feed is read without an announcement: well within the second in which a
/// write on one instance must show in the suggestions of every other.
pub const POLL: Duration = Duration::from_millis(250);

/// How often the listening connection is checked for announcements (a read of what its
/// socket holds, no round trip).
pub const LISTEN_TICK: Duration = Duration::from_millis(10);

/// After a listening connection failed, the wait before opening another.
const RECONNECT_AFTER: Duration = Duration::from_secs(1);

/// Follow the feed for ever (the handle aborts it at shutdown).
pub async fn follow(ctx: AppContext) {
    let listens = ctx.db.backend() == "postgres";
    let mut tick = actix_web::rt::time::interval(if listens { LISTEN_TICK } else { POLL });
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut listener = Listener::default();
    let mut last_read: Option<Instant> = None;
    loop {
        tick.tick().await;
        let announced = if listens {
            let (back, announced) = listener.check(&ctx).await;
            listener = back;
            announced
        } else {
            false
        };
        if announced || last_read.is_none_or(|t| t.elapsed() >= POLL) {
            let _ = once(&ctx).await;
            last_read = Some(Instant::now());
        }
    }
}

/// The listening connection, while it works.
#[derive(Default)]
struct Listener {
    conn: Option<DbConnection>,
    failed_at: Option<Instant>,
}

impl Listener {
    /// Whether an append was announced; (re)opens the connection when it is missing. An
    /// announcement may have been lost while it was broken: a fresh one counts as announced.
    async fn check(mut self, ctx: &AppContext) -> (Listener, bool) {
        if self.conn.is_none()
            && self
                .failed_at
                .is_some_and(|t| t.elapsed() < RECONNECT_AFTER)
        {
            return (self, false);
        }
        let db = ctx.db.clone();
        let conn = self.conn.take();
        let outcome = web::block(
            move || -> Result<(DbConnection, bool), crate::db::DbError> {
                match conn {
                    Some(mut c) => {
                        let announced = feed::announced(&mut c)?;
                        Ok((c, announced))
                    }
                    None => {
                        let mut c = db.dedicated()?;
                        feed::listen(&mut c)?;
                        Ok((c, true))
                    }
                }
            },
        )
        .await;
        match outcome {
            Ok(Ok((conn, announced))) => {
                self.conn = Some(conn);
                self.failed_at = None;
                (self, announced)
            }
            Ok(Err(e)) => {
                if self.failed_at.is_none() {
                    tracing::warn!(error = %crate::error::chain(&e), "live index: listening for changes failed; polling meanwhile");
                }
                self.failed_at = Some(Instant::now());
                (self, false)
            }
            Err(e) => {
                tracing::warn!(error = %e, "live index: listening for changes failed");
                self.failed_at = Some(Instant::now());
                (self, false)
            }
        }
    }
}

/// One round: how many feed rows were applied, `None` when it failed.
pub async fn once(ctx: &AppContext) -> Option<usize> {
    let db = ctx.db.clone();
    let clock = ctx.clock.clone();
    let live = ctx.live.clone();
    let outcome = web::block(move || {
        let _now = clock.install();
        let mut conn = db.get()?;
        live.catch_up(&mut conn)
    })
    .await;
    match outcome {
        Ok(Ok(applied)) => Some(applied),
        Ok(Err(e)) => {
            tracing::warn!(error = %crate::error::chain(&e), "live index: following the feed failed");
            None
        }
        Err(e) => {
            tracing::warn!(error = %e, "live index: following the feed failed");
            None
        }
    }
}
