//! Database access: one connection type for both backends, the pool, transactions, and the
//! per-domain repositories. Nothing above this module sees diesel errors or SQL.

pub mod aliases;
pub mod audit;
pub mod backup;
pub mod bulk;
pub mod codec;
pub mod files;
pub mod hours;
pub mod idempotency;
pub mod initiatives;
pub mod key_figures;
pub mod matches;
pub mod offers;
pub mod partners;
pub mod reference;
pub mod requests;
pub mod schema;
pub mod sessions;
pub mod stats;
pub mod teams;
pub mod upgrades;
pub mod usage;
pub mod users;
pub mod volunteers;

use std::cell::RefCell;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::r2d2::{self, ManageConnection};
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, RunQueryDsl};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::config::DatabaseUrl;

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// One connection type, two backends, chosen at run time by the URL scheme.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgres(PgConnection),
    Sqlite(SqliteConnection),
}

/// Errors of the database layer. Callers see kinds, never SQL text.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("record not found")]
    NotFound,
    #[error("unique constraint violated")]
    UniqueViolation,
    #[error("reference to a missing record")]
    ForeignKeyViolation,
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error("database error: {0}")]
    Other(#[source] diesel::result::Error),
    #[error("migrating the schema")]
    Migration(#[source] crate::error::Cause),
}

impl From<diesel::result::Error> for DbError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind as Kind, Error};
        match e {
            Error::NotFound => Self::NotFound,
            Error::DatabaseError(Kind::UniqueViolation, _) => Self::UniqueViolation,
            Error::DatabaseError(Kind::ForeignKeyViolation, _) => Self::ForeignKeyViolation,
            // Transient contention the client may simply retry.
            Error::DatabaseError(Kind::SerializationFailure, info) => {
                Self::Unavailable(info.message().to_owned())
            }
            Error::DatabaseError(Kind::ClosedConnection, info) => {
                Self::Unavailable(info.message().to_owned())
            }
            Error::DatabaseError(Kind::Unknown, ref info)
                if is_connection_message(info.message()) =>
            {
                Self::Unavailable(info.message().to_owned())
            }
            other => Self::Other(other),
        }
    }
}

fn is_connection_message(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    m.contains("server closed the connection")
        || m.contains("terminating connection")
        || m.contains("connection refused")
        || m.contains("no connection to the server")
        || m.contains("database is locked")
        || m.contains("deadlock detected")
}

impl From<r2d2::PoolError> for DbError {
    fn from(e: r2d2::PoolError) -> Self {
        Self::Unavailable(e.to_string())
    }
}

pub type DbResult<T> = Result<T, DbError>;

/// The record whose lock guards an invariant that is checked by counting, then written.
#[derive(Debug, Clone, Copy)]
pub enum Owner<'a> {
    /// A user's own totals (hours a day).
    User(&'a str),
    /// An initiative's coordinators (at least one).
    Initiative(&'a str),
    /// The set of admins (at least one).
    AdminRoles,
}

impl DbConnection {
    pub fn backend(&self) -> &'static str {
        match self {
            Self::Postgres(_) => "postgres",
            Self::Sqlite(_) => "sqlite",
        }
    }

    /// A write transaction. On SQLite it begins IMMEDIATE, so the write lock is taken up
    /// front and concurrent writers queue on `busy_timeout` instead of failing at commit;
    /// the outermost one also holds the process-wide writer lock when the thread runs inside
    /// [`Db::queue_writes`], so only the transaction itself (never the password hashing or
    /// reads around it) makes other writers wait. On PostgreSQL a plain Read Committed
    /// begin (capacity claims use guarded updates). Nested calls become savepoints.
    pub fn write_tx<T, E, F>(&mut self, body: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E>,
        E: From<DbError>,
    {
        let nested = self.transaction_depth() > 0;
        let queue = match self {
            Self::Sqlite(_) if !nested => WRITER_QUEUE.with(|q| q.borrow().clone()),
            _ => None,
        };
        let _writer = queue.as_deref().map(lock_writer);
        let begun = match self {
            Self::Sqlite(c) if !nested => {
                AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")
            }
            Self::Sqlite(c) => AnsiTransactionManager::begin_transaction(c),
            Self::Postgres(c) => AnsiTransactionManager::begin_transaction(c),
        };
        begun.map_err(|e| E::from(DbError::from(e)))?;
        match body(self) {
            Ok(value) => {
                let committed = match self {
                    Self::Sqlite(c) => AnsiTransactionManager::commit_transaction(c),
                    Self::Postgres(c) => AnsiTransactionManager::commit_transaction(c),
                };
                if let Err(e) = committed {
                    self.rollback_quietly();
                    return Err(E::from(DbError::from(e)));
                }
                Ok(value)
            }
            Err(e) => {
                self.rollback_quietly();
                Err(e)
            }
        }
    }

    /// Serialise the transactions that check an invariant and then write it
    /// (count-then-write): each takes the lock of the record that owns the invariant before
    /// it counts. PostgreSQL's Read Committed would otherwise let two such transactions both
    /// count the old state; on SQLite the IMMEDIATE write transaction already holds the
    /// database's one write lock. Call it inside [`Self::write_tx`].
    pub fn lock_owner(&mut self, owner: Owner<'_>) -> DbResult<()> {
        use diesel::sql_types::Text;
        let Self::Postgres(c) = self else {
            return Ok(());
        };
        let query = match owner {
            Owner::User(id) => diesel::sql_query("SELECT 1 FROM users WHERE id = $1 FOR UPDATE")
                .bind::<Text, _>(id.to_owned()),
            Owner::Initiative(id) => {
                diesel::sql_query("SELECT 1 FROM initiatives WHERE id = $1 FOR UPDATE")
                    .bind::<Text, _>(id.to_owned())
            }
            // No single row owns "at least one admin": a transaction-scoped advisory lock
            // under a fixed key stands in for it.
            Owner::AdminRoles => diesel::sql_query("SELECT pg_advisory_xact_lock(hashtext($1))")
                .bind::<Text, _>("wijkmatch.admin_roles".to_owned()),
        };
        query.execute(c)?;
        Ok(())
    }

    fn transaction_depth(&mut self) -> u32 {
        let depth = match self {
            Self::Sqlite(c) => AnsiTransactionManager::transaction_manager_status_mut(c)
                .transaction_depth()
                .ok()
                .flatten(),
            Self::Postgres(c) => AnsiTransactionManager::transaction_manager_status_mut(c)
                .transaction_depth()
                .ok()
                .flatten(),
        };
        depth.map_or(0, |d| d.get())
    }

    fn rollback_quietly(&mut self) {
        let result = match self {
            Self::Sqlite(c) => AnsiTransactionManager::rollback_transaction(c),
            Self::Postgres(c) => AnsiTransactionManager::rollback_transaction(c),
        };
        if let Err(e) = result {
            tracing::warn!(error = %e, "rollback failed");
        }
    }

    /// Apply every pending migration of this backend.
    pub fn run_migrations(&mut self) -> Result<(), crate::error::Cause> {
        match self {
            Self::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|_| ()),
            Self::Postgres(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS).map(|_| ()),
        }
    }

    /// Revert the newest applied migration (used by the migration tests).
    pub fn revert_last_migration(&mut self) -> Result<(), crate::error::Cause> {
        match self {
            Self::Sqlite(c) => c.revert_last_migration(SQLITE_MIGRATIONS).map(|_| ()),
            Self::Postgres(c) => c.revert_last_migration(POSTGRES_MIGRATIONS).map(|_| ()),
        }
    }

    /// Revert every applied migration (used by the migration round-trip test).
    pub fn revert_all_migrations(&mut self) -> Result<(), crate::error::Cause> {
        match self {
            Self::Sqlite(c) => c.revert_all_migrations(SQLITE_MIGRATIONS).map(|_| ()),
            Self::Postgres(c) => c.revert_all_migrations(POSTGRES_MIGRATIONS).map(|_| ()),
        }
    }

    /// A cheap round trip, for readiness checks.
    /// Refresh the query planner's statistics: after bulk loads, and periodically on SQLite
    /// (PostgreSQL's autovacuum does this by itself).
    pub fn refresh_statistics(&mut self, after_bulk_load: bool) -> DbResult<()> {
        match self {
            Self::Sqlite(c) if after_bulk_load => c.batch_execute("ANALYZE;")?,
            Self::Sqlite(c) => c.batch_execute("PRAGMA optimize;")?,
            Self::Postgres(c) if after_bulk_load => c.batch_execute("ANALYZE;")?,
            Self::Postgres(_) => {}
        }
        Ok(())
    }

    pub fn ping(&mut self) -> DbResult<()> {
        diesel::sql_query("SELECT 1").execute(self)?;
        Ok(())
    }
}

/// Opens connections for the pool, refusing URLs of any other scheme (diesel's own
/// `establish` would silently create a new SQLite file for a mistyped path).
#[derive(Debug, Clone)]
pub struct ConnectionManager {
    url: DatabaseUrl,
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConnectError(String);

impl ConnectionManager {
    pub fn new(url: DatabaseUrl) -> Self {
        Self { url }
    }

    /// Open one configured connection (outside the pool).
    pub fn establish(&self) -> Result<DbConnection, ConnectError> {
        match &self.url {
            DatabaseUrl::Sqlite(path) => {
                let path = path.to_str().ok_or_else(|| {
                    ConnectError("database.url: the SQLite path is not valid UTF-8".into())
                })?;
                let mut conn = SqliteConnection::establish(path)
                    .map_err(|e| ConnectError(format!("cannot open SQLite database: {e}")))?;
                // busy_timeout first, or opening concurrent connections logs "database is
                // locked" while WAL mode is being switched on. FULL sync: power-loss durable.
                // Memory-mapped reads share the OS page cache across the pool's connections
                // instead of a read syscall per page. `optimize` keeps the planner's table
                // statistics current (SQLite's advice for long-lived connections): without
                // them it reads all offers by expiry instead of one wijk's by the reach index.
                conn.batch_execute(
                    "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; \
                     PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; \
                     PRAGMA journal_size_limit = 67108864; PRAGMA mmap_size = 268435456; \
                     PRAGMA optimize = 0x10002;",
                )
                .map_err(|e| ConnectError(format!("cannot configure SQLite: {e}")))?;
                Ok(DbConnection::Sqlite(conn))
            }
            DatabaseUrl::Postgres(url) => {
                let mut conn = PgConnection::establish(url)
                    .map_err(|e| ConnectError(format!("cannot connect to PostgreSQL: {e}")))?;
                conn.batch_execute("SET statement_timeout = 5000; SET TIME ZONE 'UTC';")
                    .map_err(|e| ConnectError(format!("cannot configure PostgreSQL: {e}")))?;
                Ok(DbConnection::Postgres(conn))
            }
        }
    }
}

impl ManageConnection for ConnectionManager {
    type Connection = DbConnection;
    type Error = ConnectError;

    fn connect(&self) -> Result<DbConnection, ConnectError> {
        self.establish()
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), ConnectError> {
        conn.ping().map_err(|e| ConnectError(e.to_string()))
    }

    /// Cheap (no round trip): a connection left in a broken transaction. A PostgreSQL
    /// server that went away is caught by the check-out test instead (`is_valid`).
    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        use diesel::r2d2::R2D2Connection;
        match conn {
            DbConnection::Postgres(c) => c.is_broken(),
            DbConnection::Sqlite(c) => c.is_broken(),
        }
    }
}

pub type Pool = r2d2::Pool<ConnectionManager>;
pub type PooledConnection = r2d2::PooledConnection<ConnectionManager>;

/// The pool plus, on SQLite, a process-wide writer lock: one writer at a time gives the
/// same throughput as many with a far shorter tail (measured on a 2-core machine).
#[derive(Clone)]
pub struct Db {
    pool: Pool,
    writer: Option<Arc<Mutex<()>>>,
    backend: &'static str,
}

thread_local! {
    /// The writer lock that this thread's outermost `write_tx` takes, set by
    /// [`Db::queue_writes`] for the duration of one blocking call.
    static WRITER_QUEUE: RefCell<Option<Arc<Mutex<()>>>> = const { RefCell::new(None) };
}

fn lock_writer(m: &Mutex<()>) -> MutexGuard<'_, ()> {
    // The lock guards no data: a panicked holder left nothing half-written behind it.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Puts the thread's previous writer queue back, also when `work` panics.
struct RestoreQueue(Option<Arc<Mutex<()>>>);

impl Drop for RestoreQueue {
    fn drop(&mut self) {
        let previous = self.0.take();
        WRITER_QUEUE.with(|q| *q.borrow_mut() = previous);
    }
}

impl Db {
    /// Open the pool and run pending migrations. For SQLite the file's directory must
    /// exist (the caller creates the default `data/`).
    pub fn connect(url: &DatabaseUrl, pool_size: u32, checkout_timeout: Duration) -> DbResult<Db> {
        if let DatabaseUrl::Sqlite(path) = url {
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("."));
            if !dir.is_dir() {
                return Err(DbError::Unavailable(format!(
                    "database.url: directory `{}` does not exist",
                    dir.display()
                )));
            }
            // Before SQLite opens it: it holds private data and password hashes.
            files::make_database_private(path).map_err(|e| {
                DbError::Unavailable(format!(
                    "database.url: cannot make `{}` private: {e}",
                    path.display()
                ))
            })?;
        }
        let manager = ConnectionManager::new(url.clone());
        let is_sqlite = matches!(url, DatabaseUrl::Sqlite(_));
        // Migrate on a dedicated connection first, so the pool never sees a half schema.
        let mut first = manager
            .connect()
            .map_err(|e| DbError::Unavailable(e.to_string()))?;
        first.run_migrations().map_err(DbError::Migration)?;
        drop(first);
        let pool = r2d2::Pool::builder()
            .max_size(pool_size)
            .min_idle(Some(1))
            .connection_timeout(checkout_timeout)
            // SQLite files do not go away under us; PostgreSQL servers can.
            .test_on_check_out(!is_sqlite)
            .build(manager)?;
        Ok(Db {
            pool,
            writer: is_sqlite.then(|| Arc::new(std::sync::Mutex::new(()))),
            backend: url.backend_name(),
        })
    }

    pub fn backend(&self) -> &'static str {
        self.backend
    }

    /// A pooled connection; a pool time-out is `Unavailable` (answered as 503).
    pub fn get(&self) -> DbResult<PooledConnection> {
        Ok(self.pool.get()?)
    }

    /// Run `work` (blocking) with this database's writer lock handed to every outermost
    /// `write_tx` on this thread: on SQLite writers queue one at a time, each only for its
    /// transaction. A no-op on PostgreSQL.
    pub fn queue_writes<T>(&self, work: impl FnOnce() -> T) -> T {
        let previous = WRITER_QUEUE.with(|q| q.replace(self.writer.clone()));
        let _restore = RestoreQueue(previous);
        work()
    }

    /// Hold the writer lock directly (for tests and tools); `None` on PostgreSQL. Never call
    /// it inside [`Db::queue_writes`] around a `write_tx`: the lock is not re-entrant.
    pub fn writer_guard(&self) -> Option<MutexGuard<'_, ()>> {
        self.writer.as_deref().map(lock_writer)
    }
}

/// Current time, truncated to microseconds so values round-trip through both backends.
pub fn now() -> chrono::NaiveDateTime {
    use chrono::SubsecRound;
    crate::clock::now().naive_utc().trunc_subsecs(6)
}

/// A fresh record id.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
