//! Every 10 seconds: deliver what the outbox holds. Items are claimed with a lease in one
//! transaction, each is composed and sent, and each attempt is settled in its own
//! transaction right after the server answered: an accepted e-mail is marked sent at once
//! (a crash between the server's acceptance and that mark is the one case in which it
//! could go twice), a refused one is retried with backoff. With e-mail off the items stay,
//! counted as undeliverable.

use super::run_once;
use crate::db::now;
use crate::mail::SendError;
use crate::metrics::Job;
use crate::service::AppContext;
use crate::service::notify::{self, Links};
use crate::service::outbox::{self, Attempt};

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Round {
    pub sent: usize,
    pub failed: usize,
    pub dropped: usize,
    /// Items waiting after the round.
    pub waiting: i64,
}

/// One round, as the timer starts it; `None` when it failed.
pub async fn run(ctx: AppContext) -> Option<Round> {
    let mailer = ctx.mailer.clone();
    let links = Links::new(&ctx.settings.web.base_url);
    let key = ctx.reset_key.clone();
    let round = run_once(&ctx, Job::Outbox, move |_, conn| {
        let mut round = Round::default();
        if let Some(mailer) = &mailer {
            for item in outbox::claim(conn)? {
                let outcome = match notify::compose(conn, &item, &links, &key) {
                    Ok(Some(mail)) => match mailer.send(&mail) {
                        Ok(()) => Attempt::Sent,
                        Err(SendError::Failed(why)) => Attempt::Failed(why),
                        Err(SendError::Unsendable(why)) => Attempt::Unsendable(why),
                    },
                    Ok(None) => Attempt::Dropped,
                    Err(e) => {
                        tracing::warn!(item = %item.id, error = %crate::error::chain(&e), "composing an e-mail failed");
                        Attempt::Failed("composing failed".to_owned())
                    }
                };
                match &outcome {
                    Attempt::Sent => round.sent += 1,
                    Attempt::Dropped => round.dropped += 1,
                    Attempt::Failed(why) | Attempt::Unsendable(why) => {
                        tracing::warn!(item = %item.id, event = item.event.as_str(), attempt = item.attempts, reason = %why, "e-mail not delivered");
                        round.failed += 1;
                    }
                }
                outbox::settle(conn, &item, &outcome)?;
            }
        }
        let (waiting, oldest) = outbox::backlog(conn, now())?;
        round.waiting = waiting;
        Ok((round, oldest))
    })
    .await;
    let (round, oldest) = round?;
    let undeliverable = ctx.mailer.is_none();
    ctx.metrics.record_outbox(
        round.sent,
        round.failed,
        round.waiting,
        oldest.num_milliseconds() as f64 / 1000.0,
        undeliverable,
    );
    if round.sent > 0 {
        tracing::info!(sent = round.sent, "e-mails sent");
    }
    Some(round)
}
