//! Where "now" comes from. The application context holds a [`Clock`]: the system clock in
//! production, a clock tests move forward (so a test ages a session or a match by moving
//! time, not by rewriting rows). Each piece of work a request or a background job runs
//! installs the context's clock on its thread for its duration; [`now`] reads it there, so
//! the use cases need no clock argument and cannot read another time by accident.

use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Instant;

use chrono::{DateTime, Duration, Utc};

/// The system clock, or the system clock shifted by an amount tests set.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    /// `None` for the system clock; else the shift in microseconds.
    shift_us: Option<Arc<AtomicI64>>,
}

impl Clock {
    pub fn system() -> Self {
        Self { shift_us: None }
    }

    /// A clock that runs with the system clock but can be moved with [`Clock::advance`].
    pub fn adjustable() -> Self {
        Self {
            shift_us: Some(Arc::default()),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        let now = Utc::now();
        match &self.shift_us {
            None => now,
            Some(shift) => now + Duration::microseconds(shift.load(Ordering::Relaxed)),
        }
    }

    /// A monotonic instant moved by the same amount as [`Clock::now`], for the in-memory
    /// windows (login throttling) that must follow a moved clock too.
    pub fn instant(&self) -> Instant {
        let now = Instant::now();
        let Some(shift) = &self.shift_us else {
            return now;
        };
        let us = shift.load(Ordering::Relaxed);
        let by = std::time::Duration::from_micros(us.unsigned_abs());
        if us >= 0 {
            now.checked_add(by)
        } else {
            now.checked_sub(by)
        }
        .unwrap_or(now)
    }

    /// Moves an adjustable clock (every copy of it) by `by`; false for the system clock,
    /// which nobody moves.
    pub fn advance(&self, by: Duration) -> bool {
        match (&self.shift_us, by.num_microseconds()) {
            (Some(shift), Some(us)) => {
                shift.fetch_add(us, Ordering::Relaxed);
                true
            }
            _ => false,
        }
    }

    /// Makes this clock the one [`now`] reads on this thread until the guard drops.
    pub fn install(&self) -> Installed {
        let previous = CURRENT.with(|c| c.replace(Some(self.clone())));
        Installed { previous }
    }
}

thread_local! {
    static CURRENT: RefCell<Option<Clock>> = const { RefCell::new(None) };
}

/// Restores the thread's previous clock when dropped.
#[must_use = "the clock is installed only while the guard lives"]
pub struct Installed {
    previous: Option<Clock>,
}

impl Drop for Installed {
    fn drop(&mut self) {
        let previous = self.previous.take();
        CURRENT.with(|c| *c.borrow_mut() = previous);
    }
}

/// Now, by the clock installed on this thread (the system clock where none is).
pub fn now() -> DateTime<Utc> {
    CURRENT
        .with(|c| c.borrow().as_ref().map(Clock::now))
        .unwrap_or_else(Utc::now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_installed_clock_is_read_until_its_guard_drops() {
        let clock = Clock::adjustable();
        assert!(clock.advance(Duration::days(40)));
        {
            let _installed = clock.install();
            assert!(now() - Utc::now() > Duration::days(39));
            let copy = clock.clone();
            copy.advance(Duration::days(1));
            assert!(now() - Utc::now() > Duration::days(40));
        }
        assert!((now() - Utc::now()).num_seconds().abs() < 5);
    }

    #[test]
    fn instants_move_with_the_clock() {
        let clock = Clock::adjustable();
        let before = clock.instant();
        clock.advance(Duration::minutes(20));
        let moved = clock.instant() - before;
        assert!(
            moved >= std::time::Duration::from_secs(20 * 60),
            "{moved:?}"
        );
        assert!(moved < std::time::Duration::from_secs(21 * 60), "{moved:?}");
        let system = Clock::system();
        assert!(system.instant() - Instant::now() < std::time::Duration::from_secs(1));
    }

    #[test]
    fn the_system_clock_does_not_move() {
        let clock = Clock::system();
        assert!(!clock.advance(Duration::days(1)));
        assert!((clock.now() - Utc::now()).num_seconds().abs() < 5);
    }
}
