//! Login and registration throttling, keyed on the email (whether or not an account
//! exists) and on the client address: a delay, never a permanent lock-out. The counts live
//! in the database, so every instance serving it counts the same failures and answers the
//! same; time is passed in so tests can move the clock.
//! `governor`'s token buckets cannot express "consecutive failures with a growing delay",
//! so this is a small purpose-built rule over two tables.

use std::net::IpAddr;

use chrono::{Duration, NaiveDateTime};

use crate::db::throttle::{self as repo, Attempt};
use crate::db::{DbConnection, DbResult};

const ADDRESS_WINDOW: Duration = Duration::minutes(15);
const REGISTRATION_WINDOW: Duration = Duration::hours(1);
const FIRST_DELAY: Duration = Duration::seconds(1);
const MAX_DELAY: Duration = Duration::minutes(15);
/// Counts older than this no longer decide anything (housekeeping removes them).
pub const FORGET_AFTER: Duration = Duration::minutes(15 + 60);

#[derive(Debug, Clone, Copy)]
pub struct ThrottleLimits {
    pub failures_per_account: u32,
    pub failures_per_address: u32,
    pub registrations_per_address_per_hour: u32,
}

pub struct Throttle {
    limits: ThrottleLimits,
}

/// Throttled: retry after this many whole seconds (at least 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAfter(pub u64);

fn retry_after(wait: Duration) -> RetryAfter {
    let millis = wait.num_milliseconds().max(0);
    RetryAfter(u64::try_from((millis + 999) / 1000).unwrap_or(1).max(1))
}

fn account_delay(consecutive: u32, limit: u32) -> Duration {
    let doublings = consecutive.saturating_sub(limit).min(20);
    (FIRST_DELAY * (1i32 << doublings)).min(MAX_DELAY)
}

impl Throttle {
    pub fn new(limits: ThrottleLimits) -> Self {
        Self { limits }
    }

    /// May a login for `email_key` from `addr` be tried now? Checked before the password.
    pub fn check_login(
        &self,
        conn: &mut DbConnection,
        email_key: &str,
        addr: IpAddr,
        now: NaiveDateTime,
    ) -> DbResult<Result<(), RetryAfter>> {
        let (failures, oldest) = repo::attempts_since(
            conn,
            Attempt::LoginFailure,
            &addr.to_string(),
            now - ADDRESS_WINDOW,
        )?;
        if failures >= i64::from(self.limits.failures_per_address) {
            let oldest = oldest.unwrap_or(now);
            return Ok(Err(retry_after(oldest + ADDRESS_WINDOW - now)));
        }
        if let Some((consecutive, last)) = repo::failures(conn, email_key)? {
            if consecutive >= self.limits.failures_per_account {
                let until = last + account_delay(consecutive, self.limits.failures_per_account);
                if until > now {
                    return Ok(Err(retry_after(until - now)));
                }
            }
        }
        Ok(Ok(()))
    }

    pub fn record_login_failure(
        &self,
        conn: &mut DbConnection,
        email_key: &str,
        addr: IpAddr,
        now: NaiveDateTime,
    ) -> DbResult<()> {
        conn.write_tx(|conn| {
            repo::add_failure(conn, email_key, now)?;
            repo::add_attempt(conn, Attempt::LoginFailure, &addr.to_string(), now)
        })
    }

    /// A successful login ends the account's run of failures (not the address's count:
    /// failed guesses from an address stay counted for their window).
    pub fn record_login_success(&self, conn: &mut DbConnection, email_key: &str) -> DbResult<()> {
        repo::clear_failures(conn, email_key)
    }

    /// Count a registration attempt from `addr`, or refuse it when the hour's quota is used.
    pub fn register_attempt(
        &self,
        conn: &mut DbConnection,
        addr: IpAddr,
        now: NaiveDateTime,
    ) -> DbResult<Result<(), RetryAfter>> {
        let address = addr.to_string();
        conn.write_tx(|conn| {
            let (count, oldest) = repo::attempts_since(
                conn,
                Attempt::Registration,
                &address,
                now - REGISTRATION_WINDOW,
            )?;
            if count >= i64::from(self.limits.registrations_per_address_per_hour) {
                let oldest = oldest.unwrap_or(now);
                return Ok(Err(retry_after(oldest + REGISTRATION_WINDOW - now)));
            }
            repo::add_attempt(conn, Attempt::Registration, &address, now)?;
            Ok(Ok(()))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn database() -> DbConnection {
        use diesel::Connection;
        let mut conn =
            DbConnection::Sqlite(diesel::SqliteConnection::establish(":memory:").unwrap());
        conn.run_migrations().unwrap();
        conn
    }

    fn start() -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_800_000_000, 0)
            .unwrap()
            .naive_utc()
    }

    fn throttle() -> Throttle {
        Throttle::new(ThrottleLimits {
            failures_per_account: 5,
            failures_per_address: 30,
            registrations_per_address_per_hour: 100,
        })
    }

    const A: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 1));
    const B: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 2));

    #[test]
    fn five_failures_for_one_email_start_a_growing_delay() {
        let (t, c, t0) = (throttle(), &mut database(), start());
        let check = |c: &mut DbConnection, email: &str, addr, at| {
            t.check_login(c, email, addr, at).unwrap()
        };
        for _ in 0..5 {
            assert!(check(c, "anna@x.nl", A, t0).is_ok());
            t.record_login_failure(c, "anna@x.nl", A, t0).unwrap();
        }
        assert_eq!(check(c, "anna@x.nl", A, t0), Err(RetryAfter(1)));
        assert_eq!(
            check(c, "anna@x.nl", B, t0),
            Err(RetryAfter(1)),
            "any address"
        );
        assert!(
            check(c, "bert@x.nl", A, t0).is_ok(),
            "other emails unaffected"
        );
        let t1 = t0 + Duration::seconds(1);
        assert!(check(c, "anna@x.nl", A, t1).is_ok());
        t.record_login_failure(c, "anna@x.nl", A, t1).unwrap();
        assert_eq!(check(c, "anna@x.nl", A, t1), Err(RetryAfter(2)));
        t.record_login_success(c, "anna@x.nl").unwrap();
        assert!(check(c, "anna@x.nl", A, t1).is_ok());
    }

    #[test]
    fn the_delay_is_capped_at_fifteen_minutes() {
        assert_eq!(account_delay(5, 5), Duration::seconds(1));
        assert_eq!(account_delay(8, 5), Duration::seconds(8));
        assert_eq!(account_delay(40, 5), MAX_DELAY);
    }

    #[test]
    fn thirty_failures_from_one_address_within_fifteen_minutes() {
        let (t, c, t0) = (throttle(), &mut database(), start());
        for i in 0..30 {
            let email = format!("user{i}@x.nl");
            assert!(t.check_login(c, &email, A, t0).unwrap().is_ok());
            t.record_login_failure(c, &email, A, t0).unwrap();
        }
        assert!(t.check_login(c, "new@x.nl", A, t0).unwrap().is_err());
        assert!(t.check_login(c, "new@x.nl", B, t0).unwrap().is_ok());
        let later = t0 + ADDRESS_WINDOW;
        assert!(
            t.check_login(c, "new@x.nl", A, later).unwrap().is_ok(),
            "the window slides"
        );
    }

    #[test]
    fn registrations_per_address_per_hour() {
        let (t, c, t0) = (throttle(), &mut database(), start());
        for _ in 0..100 {
            assert!(t.register_attempt(c, A, t0).unwrap().is_ok());
        }
        let refused = t.register_attempt(c, A, t0).unwrap().unwrap_err();
        assert_eq!(refused, RetryAfter(3600));
        assert!(t.register_attempt(c, B, t0).unwrap().is_ok());
        assert!(
            t.register_attempt(c, A, t0 + REGISTRATION_WINDOW)
                .unwrap()
                .is_ok()
        );
    }

    #[test]
    fn old_counts_are_forgotten() {
        let (t, c, t0) = (throttle(), &mut database(), start());
        t.record_login_failure(c, "anna@x.nl", A, t0).unwrap();
        t.register_attempt(c, A, t0).unwrap().unwrap();
        let removed = crate::db::throttle::delete_before(c, t0 + FORGET_AFTER).unwrap();
        assert_eq!(removed, 3);
    }
}
