//! The lock that writing matching runs hold, so that they never overlap.

use std::sync::{Mutex, MutexGuard};

use crate::db::{Db, Exclusive, ExclusiveGuard};
use crate::error::{AppError, AppResult};
use crate::i18n::Text;

/// Serialises runs that write: within the process with a mutex, across instances sharing
/// a PostgreSQL database with an advisory lock.
#[derive(Debug, Default)]
pub struct RunLock(Mutex<()>);

/// Held while a writing run runs.
pub struct RunGuard<'a> {
    _across_instances: ExclusiveGuard,
    _in_process: MutexGuard<'a, ()>,
}

impl RunLock {
    /// The lock, or 409 when another writing run holds it, here or on another instance.
    pub fn try_hold<'a>(&'a self, db: &Db) -> AppResult<RunGuard<'a>> {
        let in_process = match self.0.try_lock() {
            Ok(g) => g,
            Err(std::sync::TryLockError::Poisoned(p)) => p.into_inner(),
            Err(std::sync::TryLockError::WouldBlock) => {
                return Err(AppError::Conflict(Text::RunInProgress));
            }
        };
        let across_instances = db
            .try_exclusive(Exclusive::MatchingRun)?
            .ok_or(AppError::Conflict(Text::RunInProgress))?;
        Ok(RunGuard {
            _across_instances: across_instances,
            _in_process: in_process,
        })
    }
}
