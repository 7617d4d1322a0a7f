//! Password reset by e-mail: a single-use link, valid 30 minutes, that ends every session of
//! the account when used. Asking for one answers the same whether or not an account has the
//! address, and does the same work up to the transaction (the e-mail leaves later, from the
//! outbox).

use chrono::Duration;

use crate::auth::hashing;
use crate::auth::reset::{ResetKey, token_hash};
use crate::db::password_resets::{self as repo, NewReset};
use crate::db::users;
use crate::db::{DbConnection, new_id, now};
use crate::domain::account::{Caller, email_key};
use crate::domain::notices::{OutboxEvent, Payload};
use crate::domain::password::PasswordPolicy;
use crate::error::{AppError, AppResult};
use crate::i18n::{Noun, Text};
use crate::service::{notify, sessions};

/// How long a reset link works.
pub const VALID_FOR: Duration = Duration::minutes(30);

/// Store a reset for `user_id` and write its e-mail to the outbox, in the caller's
/// transaction.
fn create(conn: &mut DbConnection, user_id: &str, key: &ResetKey) -> AppResult<()> {
    let id = new_id();
    let at = now();
    repo::insert(
        conn,
        &NewReset {
            id: &id,
            user_id,
            token_hash: &token_hash(&key.token(&id)),
            created_at: at,
            expires_at: at + VALID_FOR,
        },
    )?;
    let payload = Payload {
        reset_id: Some(id),
        ..Payload::default()
    };
    notify::enqueue(conn, OutboxEvent::PasswordReset, user_id, &payload, None)?;
    Ok(())
}

/// Someone asked for a reset link for `email`: one is made and mailed when an account has
/// the address; nothing tells the caller which.
pub fn request(conn: &mut DbConnection, email: &str, key: &ResetKey) -> AppResult<()> {
    let user = users::find_by_email_key(conn, &email_key(email))?;
    conn.write_tx(|conn| match &user {
        Some(user) => create(conn, &user.id, key),
        None => Ok(()),
    })
}

/// An admin sends an account the reset e-mail.
pub fn request_for(
    conn: &mut DbConnection,
    caller: &Caller,
    user_id: &str,
    key: &ResetKey,
) -> AppResult<()> {
    super::accounts::require_admin(caller)?;
    users::find(conn, user_id)?.ok_or(AppError::NotFound(Noun::User))?;
    conn.write_tx(|conn| {
        create(conn, user_id, key)?;
        super::audit::record(
            conn,
            Some(caller),
            super::audit::Action::Update,
            "user",
            user_id,
        )
    })
}

/// Set a new password with a reset link's token: the token is used up, and every session
/// and every other reset of the account end. An unknown, used or expired token → 400.
/// Hashes: call off the workers.
pub fn confirm(
    conn: &mut DbConnection,
    policy: &PasswordPolicy,
    token: &str,
    new_password: &str,
) -> AppResult<()> {
    let hash = token_hash(token);
    let invalid = || AppError::BadRequest(Text::ResetLinkInvalid);
    let at = now();
    let user_id = repo::valid_user(conn, &hash, at)?.ok_or_else(invalid)?;
    let user = users::find(conn, &user_id)?.ok_or_else(invalid)?;
    let local = user.email.rsplit_once('@').map_or("", |(l, _)| l);
    policy
        .check("new_password", new_password, local, &user.display_name)
        .map_err(|e| AppError::Validation(vec![e]))?;
    let password_hash = hashing::hash(new_password).map_err(AppError::internal)?;
    let at = now();
    conn.write_tx(|conn| {
        // The guarded use decides: of two concurrent uses of one link, one sets the password.
        if repo::use_token(conn, &hash, at)?.as_deref() != Some(user.id.as_str()) {
            return Err(invalid());
        }
        users::set_password_hash(conn, &user.id, &password_hash, at)?;
        sessions::end_all(conn, &user.id, None, at)?;
        repo::end_all_for(conn, &user.id, at)?;
        Ok(())
    })
}
