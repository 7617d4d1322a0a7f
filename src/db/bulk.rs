//! Batch inserts. `MultiConnection` offers no multi-row insert, but each backend's own
//! connection does: the same statement is written once and run on the inner connection.

use diesel::RunQueryDsl;

use super::{DbConnection, DbResult};

/// Rows per statement: well under SQLite's limit of bound parameters per statement.
pub const CHUNK: usize = 400;

/// Insert `rows` into `$table` in chunks, on whichever backend `$conn` is.
#[macro_export]
macro_rules! insert_batch {
    ($conn:expr, $table:expr, $rows:expr) => {{
        let mut inserted = 0usize;
        for chunk in $rows.chunks($crate::db::bulk::CHUNK) {
            inserted += match $conn {
                $crate::db::DbConnection::Sqlite(c) => {
                    diesel::insert_into($table).values(chunk).execute(c)
                }
                $crate::db::DbConnection::Postgres(c) => {
                    diesel::insert_into($table).values(chunk).execute(c)
                }
            }
            .map_err($crate::db::DbError::from)?;
        }
        Ok::<usize, $crate::db::DbError>(inserted)
    }};
}

/// Count rows matching a raw SQL condition (used by the demo seeder's safety check).
pub fn count_where(conn: &mut DbConnection, table: &str, condition: &str) -> DbResult<i64> {
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let rows: Vec<Count> = diesel::sql_query(format!(
        "SELECT COUNT(*) AS n FROM {table} WHERE {condition}"
    ))
    .load(conn)?;
    Ok(rows.first().map_or(0, |c| c.n))
}
