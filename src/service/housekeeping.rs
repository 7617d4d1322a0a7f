//! Hourly clean-up: ended sessions, audit entries past their retention, per-user usage
//! counts past their longest window, idempotency keys past their replay time, private parts
//! of long-closed requests, volunteer invitations never confirmed, and aliases no request
//! shows any more, throttle counts that no longer decide anything, change-feed rows past
//! their retention, expired password resets, and outbox items delivered or given up a
//! month ago. The server runs it on a timer; it is one plain function so it can also be
//! run (and tested) directly.

use chrono::NaiveDateTime;

use crate::config::PrivacySettings;
use crate::db::{self, DbConnection};
use crate::error::{AppError, AppResult};

/// Days a sent or abandoned outbox item is kept.
pub const OUTBOX_KEEP_DAYS: i64 = 30;

/// What one round removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Housekept {
    pub sessions: usize,
    pub audit_entries: usize,
    pub private_parts_erased: usize,
    pub invitations_expired: usize,
    pub aliases: usize,
    pub changes: usize,
}

/// One round at `now`; idempotency keys are kept `idempotency_keep_hours` (the HTTP layer's
/// replay window). Each step is its own write transaction.
pub fn run(
    conn: &mut DbConnection,
    privacy: &PrivacySettings,
    idempotency_keep_hours: i64,
    now: NaiveDateTime,
) -> AppResult<Housekept> {
    let (sessions, audit_entries, aliases) = conn.write_tx(|conn| {
        let sessions = db::sessions::delete_ended(conn, now)?;
        let audit = db::audit::delete_older_than(
            conn,
            now - chrono::Duration::days(privacy.audit_retention_days),
        )?;
        db::usage::delete_before(
            conn,
            now - chrono::Duration::days(super::usage::LONGEST_WINDOW_DAYS),
        )?;
        db::idempotency::delete_before(
            conn,
            now - chrono::Duration::hours(idempotency_keep_hours),
        )?;
        db::throttle::delete_before(conn, now - crate::auth::throttle::FORGET_AFTER)?;
        db::password_resets::delete_expired_before(conn, now)?;
        // Sent and abandoned outbox items are kept a while for support questions.
        db::outbox::prune_done_before(conn, now - chrono::Duration::days(OUTBOX_KEEP_DAYS))?;
        let aliases = db::aliases::delete_for_closed_requests(conn)?;
        Ok::<_, AppError>((sessions, audit, aliases))
    })?;
    let changes = conn.write_tx(|conn| {
        db::changes::prune_before(
            conn,
            now - chrono::Duration::days(privacy.changes_retention_days),
        )
    })?;
    let private_parts_erased =
        super::requests::erase_expired_private(conn, now, privacy.private_retention_days)?;
    let invitations_expired = super::partners::expire_invitations(conn, now)?;
    Ok(Housekept {
        sessions,
        audit_entries,
        private_parts_erased,
        invitations_expired,
        aliases,
        changes,
    })
}
