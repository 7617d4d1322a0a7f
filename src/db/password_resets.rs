//! Password reset tokens, stored as their SHA-256 only.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::password_resets;
use super::{DbConnection, DbResult};

#[derive(Debug, Insertable)]
#[diesel(table_name = password_resets)]
pub struct NewReset<'a> {
    pub id: &'a str,
    pub user_id: &'a str,
    pub token_hash: &'a str,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, reset: &NewReset<'_>) -> DbResult<()> {
    diesel::insert_into(password_resets::table)
        .values(reset)
        .execute(conn)?;
    Ok(())
}

/// The account of an unused reset whose token hashes to `token_hash`, valid at `now`.
pub fn valid_user(
    conn: &mut DbConnection,
    token_hash: &str,
    now: NaiveDateTime,
) -> DbResult<Option<String>> {
    Ok(password_resets::table
        .filter(password_resets::token_hash.eq(token_hash))
        .filter(password_resets::used_at.is_null())
        .filter(password_resets::expires_at.gt(now))
        .select(password_resets::user_id)
        .first(conn)
        .optional()?)
}

/// Use the reset whose token hashes to `token_hash` if it is unused and not expired at `now`:
/// one guarded UPDATE, so two concurrent uses cannot both succeed. Returns its account.
pub fn use_token(
    conn: &mut DbConnection,
    token_hash: &str,
    now: NaiveDateTime,
) -> DbResult<Option<String>> {
    let Some(user) = valid_user(conn, token_hash, now)? else {
        return Ok(None);
    };
    let used = diesel::update(
        password_resets::table
            .filter(password_resets::token_hash.eq(token_hash))
            .filter(password_resets::used_at.is_null())
            .filter(password_resets::expires_at.gt(now)),
    )
    .set(password_resets::used_at.eq(now))
    .execute(conn)?;
    Ok((used == 1).then_some(user))
}

/// Every other open reset of the account ends with a successful one.
pub fn end_all_for(conn: &mut DbConnection, user_id: &str, now: NaiveDateTime) -> DbResult<()> {
    diesel::update(
        password_resets::table
            .filter(password_resets::user_id.eq(user_id))
            .filter(password_resets::used_at.is_null()),
    )
    .set(password_resets::used_at.eq(now))
    .execute(conn)?;
    Ok(())
}

/// Forget resets that expired before `before`.
pub fn delete_expired_before(conn: &mut DbConnection, before: NaiveDateTime) -> DbResult<usize> {
    Ok(
        diesel::delete(password_resets::table.filter(password_resets::expires_at.lt(before)))
            .execute(conn)?,
    )
}
