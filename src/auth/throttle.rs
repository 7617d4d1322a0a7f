//! Login and registration throttling, in memory, keyed on the email (whether or not an
//! account exists) and on the client address. A delay, never a permanent lock-out.
//! `governor`'s token buckets cannot express "consecutive failures with a growing delay",
//! so this is a small purpose-built table; time is passed in so tests can move the clock.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const ADDRESS_WINDOW: Duration = Duration::from_secs(15 * 60);
const REGISTRATION_WINDOW: Duration = Duration::from_secs(60 * 60);
const FIRST_DELAY: Duration = Duration::from_secs(1);
const MAX_DELAY: Duration = Duration::from_secs(15 * 60);
/// Above this many tracked keys, stale entries are swept.
const SWEEP_ABOVE: usize = 10_000;

#[derive(Debug, Clone, Copy)]
pub struct ThrottleLimits {
    pub failures_per_account: u32,
    pub failures_per_address: u32,
    pub registrations_per_address_per_hour: u32,
}

#[derive(Debug, Clone, Copy)]
struct AccountFailures {
    consecutive: u32,
    last: Instant,
}

#[derive(Default)]
struct State {
    accounts: HashMap<String, AccountFailures>,
    address_failures: HashMap<IpAddr, VecDeque<Instant>>,
    registrations: HashMap<IpAddr, VecDeque<Instant>>,
}

pub struct Throttle {
    limits: ThrottleLimits,
    state: Mutex<State>,
}

/// Throttled: retry after this many whole seconds (at least 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAfter(pub u64);

fn retry_after(wait: Duration) -> RetryAfter {
    RetryAfter(wait.as_secs_f64().ceil().max(1.0) as u64)
}

fn account_delay(consecutive: u32, limit: u32) -> Duration {
    let doublings = consecutive.saturating_sub(limit).min(20);
    FIRST_DELAY.saturating_mul(1u32 << doublings).min(MAX_DELAY)
}

fn prune(window: &mut VecDeque<Instant>, span: Duration, now: Instant) {
    while window
        .front()
        .is_some_and(|t| now.saturating_duration_since(*t) >= span)
    {
        window.pop_front();
    }
}

impl Throttle {
    pub fn new(limits: ThrottleLimits) -> Self {
        Self {
            limits,
            state: Mutex::new(State::default()),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// May a login for `email_key` from `addr` be tried now? Checked before the password.
    pub fn check_login(
        &self,
        email_key: &str,
        addr: IpAddr,
        now: Instant,
    ) -> Result<(), RetryAfter> {
        let mut state = self.state();
        if let Some(window) = state.address_failures.get_mut(&addr) {
            prune(window, ADDRESS_WINDOW, now);
            if window.len() >= self.limits.failures_per_address as usize {
                let oldest = window.front().copied().unwrap_or(now);
                return Err(retry_after(
                    (oldest + ADDRESS_WINDOW).saturating_duration_since(now),
                ));
            }
        }
        if let Some(f) = state.accounts.get(email_key) {
            if f.consecutive >= self.limits.failures_per_account {
                let until = f.last + account_delay(f.consecutive, self.limits.failures_per_account);
                if until > now {
                    return Err(retry_after(until - now));
                }
            }
        }
        Ok(())
    }

    pub fn record_login_failure(&self, email_key: &str, addr: IpAddr, now: Instant) {
        let mut state = self.state();
        if state.accounts.len() + state.address_failures.len() > SWEEP_ABOVE {
            Self::sweep(&mut state, now);
        }
        let entry = state
            .accounts
            .entry(email_key.to_owned())
            .or_insert(AccountFailures {
                consecutive: 0,
                last: now,
            });
        entry.consecutive = entry.consecutive.saturating_add(1);
        entry.last = now;
        let window = state.address_failures.entry(addr).or_default();
        prune(window, ADDRESS_WINDOW, now);
        window.push_back(now);
    }

    /// A successful login ends the account's run of failures (not the address's count:
    /// failed guesses from an address stay counted for their window).
    pub fn record_login_success(&self, email_key: &str) {
        self.state().accounts.remove(email_key);
    }

    /// Count a registration attempt from `addr`, or refuse it when the hour's quota is used.
    pub fn register_attempt(&self, addr: IpAddr, now: Instant) -> Result<(), RetryAfter> {
        let mut state = self.state();
        if state.registrations.len() > SWEEP_ABOVE {
            Self::sweep(&mut state, now);
        }
        let window = state.registrations.entry(addr).or_default();
        prune(window, REGISTRATION_WINDOW, now);
        if window.len() >= self.limits.registrations_per_address_per_hour as usize {
            let oldest = window.front().copied().unwrap_or(now);
            return Err(retry_after(
                (oldest + REGISTRATION_WINDOW).saturating_duration_since(now),
            ));
        }
        window.push_back(now);
        Ok(())
    }

    fn sweep(state: &mut State, now: Instant) {
        state
            .accounts
            .retain(|_, f| now.saturating_duration_since(f.last) < MAX_DELAY + ADDRESS_WINDOW);
        state.address_failures.retain(|_, w| {
            prune(w, ADDRESS_WINDOW, now);
            !w.is_empty()
        });
        state.registrations.retain(|_, w| {
            prune(w, REGISTRATION_WINDOW, now);
            !w.is_empty()
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let t = throttle();
        let t0 = Instant::now();
        for _ in 0..5 {
            assert!(t.check_login("anna@x.nl", A, t0).is_ok());
            t.record_login_failure("anna@x.nl", A, t0);
        }
        assert_eq!(t.check_login("anna@x.nl", A, t0), Err(RetryAfter(1)));
        assert_eq!(
            t.check_login("anna@x.nl", B, t0),
            Err(RetryAfter(1)),
            "any address"
        );
        assert!(
            t.check_login("bert@x.nl", A, t0).is_ok(),
            "other emails unaffected"
        );
        let t1 = t0 + Duration::from_secs(1);
        assert!(t.check_login("anna@x.nl", A, t1).is_ok());
        t.record_login_failure("anna@x.nl", A, t1);
        assert_eq!(t.check_login("anna@x.nl", A, t1), Err(RetryAfter(2)));
        t.record_login_success("anna@x.nl");
        assert!(t.check_login("anna@x.nl", A, t1).is_ok());
    }

    #[test]
    fn the_delay_is_capped_at_fifteen_minutes() {
        assert_eq!(account_delay(5, 5), Duration::from_secs(1));
        assert_eq!(account_delay(8, 5), Duration::from_secs(8));
        assert_eq!(account_delay(40, 5), MAX_DELAY);
    }

    #[test]
    fn thirty_failures_from_one_address_within_fifteen_minutes() {
        let t = throttle();
        let t0 = Instant::now();
        for i in 0..30 {
            let email = format!("user{i}@x.nl");
            assert!(t.check_login(&email, A, t0).is_ok());
            t.record_login_failure(&email, A, t0);
        }
        assert!(t.check_login("new@x.nl", A, t0).is_err());
        assert!(t.check_login("new@x.nl", B, t0).is_ok());
        let later = t0 + ADDRESS_WINDOW;
        assert!(
            t.check_login("new@x.nl", A, later).is_ok(),
            "the window slides"
        );
    }

    #[test]
    fn registrations_per_address_per_hour() {
        let t = throttle();
        let t0 = Instant::now();
        for _ in 0..100 {
            assert!(t.register_attempt(A, t0).is_ok());
        }
        let refused = t.register_attempt(A, t0).unwrap_err();
        assert_eq!(refused, RetryAfter(3600));
        assert!(t.register_attempt(B, t0).is_ok());
        assert!(t.register_attempt(A, t0 + REGISTRATION_WINDOW).is_ok());
    }
}
