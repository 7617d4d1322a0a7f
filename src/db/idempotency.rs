//! Stored answers to POSTs sent with an `Idempotency-Key`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::idempotency_keys as keys;
use super::{DbConnection, DbError, DbResult};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = keys, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct StoredKey {
    pub request_hash: String,
    pub status: Option<i32>,
    pub content_type: Option<String>,
    pub body: Option<String>,
}

/// What reserving a key found.
#[derive(Debug)]
pub enum Reservation {
    /// The key is new: the caller does the work, then completes or releases it.
    Reserved,
    /// The key was used before (finished, or still in progress when `status` is None).
    Existing(StoredKey),
    /// The key was taken and given up again meanwhile: try once more.
    Released,
}

/// Reserve `(scope, key)` for a request with this hash; a row older than `expired_before`
/// counts as gone.
pub fn reserve(
    conn: &mut DbConnection,
    scope: &str,
    key: &str,
    user_id: Option<&str>,
    request_hash: &str,
    now: NaiveDateTime,
    expired_before: NaiveDateTime,
) -> DbResult<Reservation> {
    conn.write_tx(|conn| {
        diesel::delete(
            keys::table
                .find((scope, key))
                .filter(keys::created_at.lt(expired_before)),
        )
        .execute(conn)?;
        Ok::<_, DbError>(())
    })?;
    let inserted = conn.write_tx(|conn| {
        diesel::insert_into(keys::table)
            .values((
                keys::scope.eq(scope),
                keys::idem_key.eq(key),
                keys::user_id.eq(user_id),
                keys::request_hash.eq(request_hash),
                keys::created_at.eq(now),
            ))
            .execute(conn)?;
        Ok::<_, DbError>(())
    });
    match inserted {
        Ok(()) => Ok(Reservation::Reserved),
        // The primary key: another request holds or held this key.
        Err(DbError::UniqueViolation) => Ok(keys::table
            .find((scope, key))
            .select(StoredKey::as_select())
            .first(conn)
            .optional()?
            .map_or(Reservation::Released, Reservation::Existing)),
        Err(other) => Err(other),
    }
}

/// Store the answer to a reserved key.
pub fn complete(
    conn: &mut DbConnection,
    scope: &str,
    key: &str,
    status: i32,
    content_type: Option<&str>,
    body: &str,
) -> DbResult<()> {
    conn.write_tx(|conn| {
        diesel::update(keys::table.find((scope, key)))
            .set((
                keys::status.eq(status),
                keys::content_type.eq(content_type),
                keys::body.eq(body),
            ))
            .execute(conn)?;
        Ok(())
    })
}

/// Give a reserved key up (the request failed in a way a retry may fix).
pub fn release(conn: &mut DbConnection, scope: &str, key: &str) -> DbResult<()> {
    conn.write_tx(|conn| {
        diesel::delete(
            keys::table
                .find((scope, key))
                .filter(keys::status.is_null()),
        )
        .execute(conn)?;
        Ok(())
    })
}

/// Forget answers older than `cutoff` (housekeeping).
pub fn delete_before(conn: &mut DbConnection, cutoff: NaiveDateTime) -> DbResult<usize> {
    Ok(diesel::delete(keys::table.filter(keys::created_at.lt(cutoff))).execute(conn)?)
}
