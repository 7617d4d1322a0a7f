//! Per-user limits on operations that are costly (an export, a matching run) or that could
//! be abused at scale (applying to requests, non-staff filing requests). Uses are counted
//! in the database, so the limits hold across instances that share it.

use chrono::{Duration, NaiveDateTime};

use crate::config::LimitSettings;
use crate::db::{self, DbConnection, Owner};
use crate::domain::account::Caller;
use crate::error::{AppError, AppResult};

/// An operation with a per-user limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limited {
    /// `GET /me/export`.
    Export,
    /// A volunteer applying (`POST /matches` for their own offer).
    Application,
    /// `POST /matching/runs`.
    MatchingRun,
    /// `POST /requests` by someone who is neither a team worker nor an admin.
    RequestByNonStaff,
}

impl Limited {
    fn action(self) -> &'static str {
        match self {
            Self::Export => "export",
            Self::Application => "application",
            Self::MatchingRun => "matching_run",
            Self::RequestByNonStaff => "request_by_non_staff",
        }
    }

    pub fn window(self) -> Duration {
        match self {
            Self::Export | Self::RequestByNonStaff => Duration::days(1),
            Self::Application => Duration::hours(1),
            Self::MatchingRun => Duration::minutes(1),
        }
    }

    /// Uses allowed per window; 0 turns the limit off.
    fn allowed(self, limits: &LimitSettings) -> u32 {
        match self {
            Self::Export => limits.exports_per_day,
            Self::Application => limits.applications_per_hour,
            Self::MatchingRun => limits.matching_runs_per_minute,
            Self::RequestByNonStaff => limits.requests_per_day_by_non_staff,
        }
    }
}

/// The longest window: uses older than this no longer count anywhere.
pub const LONGEST_WINDOW_DAYS: i64 = 1;

/// Count one use of `what` by the caller, or refuse (429, with the seconds until the
/// earliest use in the window leaves it) when the window is full. Its own short write
/// transaction; the user's row lock makes concurrent uses queue instead of all passing.
pub fn consume(
    conn: &mut DbConnection,
    caller: &Caller,
    what: Limited,
    limits: &LimitSettings,
    at: NaiveDateTime,
) -> AppResult<()> {
    let allowed = what.allowed(limits);
    if allowed == 0 {
        return Ok(());
    }
    conn.write_tx(|conn| {
        conn.lock_owner(Owner::User(&caller.user_id))?;
        let (used, earliest) =
            db::usage::since(conn, &caller.user_id, what.action(), at - what.window())?;
        if used >= i64::from(allowed) {
            return Err(AppError::TooManyRequests {
                retry_after_secs: retry_after(earliest, what.window(), at),
            });
        }
        db::usage::record(conn, &caller.user_id, what.action(), at)?;
        Ok(())
    })
}

/// Whole seconds until the earliest use leaves the window, at least 1.
fn retry_after(earliest: Option<NaiveDateTime>, window: Duration, at: NaiveDateTime) -> u64 {
    let free_at = earliest.map_or(at, |e| e + window);
    let millis = u64::try_from((free_at - at).num_milliseconds()).unwrap_or(0);
    millis.div_ceil(1000).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_is_when_the_earliest_use_leaves_the_window() {
        let at = chrono::DateTime::from_timestamp(1_800_000_000, 0)
            .unwrap()
            .naive_utc();
        let hour = Duration::hours(1);
        assert_eq!(retry_after(Some(at - Duration::minutes(50)), hour, at), 600);
        assert_eq!(
            retry_after(Some(at - Duration::milliseconds(3_600_500)), hour, at),
            1
        );
        assert_eq!(retry_after(None, hour, at), 1);
        assert_eq!(
            retry_after(
                Some(at - Duration::milliseconds(1500)),
                Duration::seconds(2),
                at
            ),
            1
        );
    }
}
