//! Sessions: created at login, checked on every authenticated request, ended by logout,
//! password change, role change and erasure.

use chrono::{Duration, NaiveDateTime};

use crate::auth::tokens::Claims;
use crate::db::sessions::{self as repo, NewSession};
use crate::db::{DbConnection, new_id};
use crate::domain::account::Caller;
use crate::domain::roles::Roles;
use crate::error::{AppError, AppResult};

/// `last_seen_at` is written at most this often, so reads stay reads.
const TOUCH_EVERY: Duration = Duration::seconds(60);

#[derive(Debug, Clone, Copy)]
pub struct SessionLimits {
    pub idle: Duration,
    pub volunteer_max: Duration,
    pub staff_max: Duration,
    /// Live sessions per account; a new login ends the oldest.
    pub max_per_account: i64,
}

impl SessionLimits {
    pub fn from_settings(s: &crate::config::AuthSettings) -> Self {
        Self {
            idle: Duration::minutes(s.idle_timeout_minutes),
            volunteer_max: Duration::hours(s.volunteer_session_hours),
            staff_max: Duration::hours(s.staff_session_hours),
            max_per_account: s.max_sessions_per_account,
        }
    }

    pub fn absolute_for(&self, roles: &Roles) -> Duration {
        if roles.is_staff() {
            self.staff_max
        } else {
            self.volunteer_max
        }
    }
}

/// Open a session for `user_id`, ending their oldest live ones beyond the limit; returns
/// its id and absolute end. Call inside a write transaction.
pub fn open(
    conn: &mut DbConnection,
    user_id: &str,
    roles: &Roles,
    limits: &SessionLimits,
    now: NaiveDateTime,
) -> AppResult<(String, NaiveDateTime)> {
    let id = new_id();
    let expires_at = now + limits.absolute_for(roles);
    repo::insert(
        conn,
        &NewSession {
            id: &id,
            user_id,
            created_at: now,
            last_seen_at: now,
            expires_at,
        },
    )?;
    let live = repo::live_for_user(conn, user_id, now, now - limits.idle)?;
    // The new session always stays, whatever the order of equal login times.
    let keep_others = usize::try_from(limits.max_per_account - 1).unwrap_or(0);
    for oldest in live.iter().filter(|s| **s != id).skip(keep_others) {
        repo::revoke(conn, oldest, now)?;
    }
    Ok((id, expires_at))
}

/// The caller behind verified token claims, if their session is still alive.
pub fn authenticate(
    conn: &mut DbConnection,
    claims: &Claims,
    limits: &SessionLimits,
    now: NaiveDateTime,
) -> AppResult<Caller> {
    let invalid = AppError::Unauthorized { token_sent: true };
    let Some((session, user)) = repo::find_with_user(conn, &claims.jti)? else {
        return Err(invalid);
    };
    let alive = session.user_id == claims.sub
        && session.revoked_at.is_none()
        && now < session.expires_at
        && now - session.last_seen_at < limits.idle;
    if !alive {
        return Err(invalid);
    }
    let roles = Roles::from_stored(&user.roles)
        .ok_or_else(|| AppError::internal(format!("user {} has unreadable roles", user.id)))?;
    if now - session.last_seen_at >= TOUCH_EVERY {
        // A write like any other: on SQLite it queues for the writer lock. It only moves
        // the idle clock, so a full disk must not turn every read into a 503: the session
        // then simply idles out a little earlier.
        match conn.write_tx(|conn| repo::touch(conn, &session.id, now)) {
            Ok(()) | Err(crate::db::DbError::StorageFull(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(Caller {
        user_id: user.id,
        session_id: session.id,
        roles,
        wij_team_id: user.wij_team_id,
        logged_in_at: session.created_at,
    })
}

/// How recent a login sensitive operations (erasure, role changes, webhook management)
/// need: a stolen token that is kept alive by use cannot do them for long.
pub const RECENT_LOGIN: Duration = Duration::minutes(10);

/// Refuse a sensitive operation when the caller's login is older than [`RECENT_LOGIN`].
/// Call it after the caller's right to the operation is established.
pub fn require_recent_login(caller: &Caller, now: NaiveDateTime) -> AppResult<()> {
    if now - caller.logged_in_at > RECENT_LOGIN {
        Err(AppError::ReauthenticationRequired)
    } else {
        Ok(())
    }
}

pub fn end(conn: &mut DbConnection, session_id: &str, now: NaiveDateTime) -> AppResult<()> {
    repo::revoke(conn, session_id, now)?;
    Ok(())
}

pub fn end_all(
    conn: &mut DbConnection,
    user_id: &str,
    except: Option<&str>,
    now: NaiveDateTime,
) -> AppResult<usize> {
    Ok(repo::revoke_all_for_user(conn, user_id, except, now)?)
}
