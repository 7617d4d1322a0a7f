//! Delivering the outbox: claim due items with a lease, and settle each attempt in its own
//! transaction (sent once the server accepted it; otherwise retried with backoff).

use chrono::{Duration, NaiveDateTime};

use crate::db::outbox::{self as repo, OutboxRow};
use crate::db::{DbConnection, now};
use crate::error::AppResult;

/// How long a claim holds an item: longer than a batch can take to send (each e-mail
/// times out after 20 s), so two workers never send one item at once; a crashed worker's
/// items are due again when it runs out.
pub const LEASE: Duration = Duration::minutes(10);
/// Items claimed per round.
pub const BATCH: i64 = 20;
/// Attempts before an item is given up.
pub const MAX_ATTEMPTS: i32 = 15;
const FIRST_RETRY: Duration = Duration::seconds(30);
const MAX_RETRY: Duration = Duration::hours(1);

/// The wait after the `attempts`-th failed attempt: 30 s, doubling, at most an hour.
pub fn backoff(attempts: i32) -> Duration {
    let doublings = u32::try_from(attempts.saturating_sub(1))
        .unwrap_or(0)
        .min(12);
    (FIRST_RETRY * (1i32 << doublings)).min(MAX_RETRY)
}

/// Claim the due items, in one transaction.
pub fn claim(conn: &mut DbConnection) -> AppResult<Vec<OutboxRow>> {
    let at = now();
    conn.write_tx(|conn| Ok(repo::claim_due(conn, at, at + LEASE, BATCH)?))
}

/// What became of one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    Sent,
    /// Nothing to send any more (see `notify::compose`).
    Dropped,
    /// Retry; the reason holds no personal data.
    Failed(String),
    /// Retrying cannot help (an address that is not one).
    Unsendable(String),
}

/// Record the outcome of an attempt on `item`, in its own transaction.
pub fn settle(conn: &mut DbConnection, item: &OutboxRow, outcome: &Attempt) -> AppResult<()> {
    let at = now();
    conn.write_tx(|conn| {
        match outcome {
            Attempt::Sent => {
                repo::mark_sent(conn, &item.id, at)?;
            }
            Attempt::Dropped => repo::give_up(conn, &item.id, at, "nothing to send")?,
            Attempt::Unsendable(why) => repo::give_up(conn, &item.id, at, why)?,
            Attempt::Failed(why) if item.attempts >= MAX_ATTEMPTS => {
                repo::give_up(conn, &item.id, at, why)?;
            }
            Attempt::Failed(why) => {
                repo::retry_at(conn, &item.id, at + backoff(item.attempts), why)?
            }
        }
        Ok(())
    })
}

/// The backlog: items waiting, and how long the oldest has waited at `at`.
pub fn backlog(conn: &mut DbConnection, at: NaiveDateTime) -> AppResult<(i64, Duration)> {
    let (count, oldest) = repo::backlog(conn)?;
    Ok((count, oldest.map_or(Duration::zero(), |o| at - o)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_thirty_seconds_to_an_hour() {
        assert_eq!(backoff(1), Duration::seconds(30));
        assert_eq!(backoff(2), Duration::seconds(60));
        assert_eq!(backoff(4), Duration::seconds(240));
        assert_eq!(backoff(8), Duration::hours(1));
        assert_eq!(backoff(MAX_ATTEMPTS), Duration::hours(1));
        assert_eq!(backoff(0), Duration::seconds(30));
    }
}
