//! Database access: one connection type for both backends, the pool, transactions, and the
//! per-domain repositories. Nothing above this module sees diesel errors or SQL.

pub mod aliases;
pub mod audit;
pub mod backup;
pub mod bulk;
pub mod calendar;
pub mod changes;
pub mod codec;
pub mod files;
pub mod hours;
pub mod idempotency;
pub mod initiatives;
pub mod key_figures;
pub mod matches;
pub mod notices;
pub mod offers;
pub mod outbox;
pub mod partners;
pub mod password_resets;
pub mod reference;
pub mod requests;
pub mod schema;
pub mod sessions;
pub mod stats;
pub mod teams;
pub mod throttle;
pub mod upgrades;
pub mod usage;
pub mod users;
pub mod volunteers;

use std::cell::RefCell;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

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
    /// The database cannot grow: its disk (or SQLite's configured size cap) is full.
    #[error("database storage full: {0}")]
    StorageFull(String),
    #[error("database error: {0}")]
    Other(#[source] diesel::result::Error),
    #[error("migrating the schema")]
    Migration(#[source] Cause),
}

impl From<diesel::result::Error> for DbError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind as Kind, Error};
        if let Some(message) = storage_full_message(&e) {
            note_storage_full();
            return Self::StorageFull(message);
        }
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

/// The message of an error that says the database cannot grow. SQLite reports SQLITE_FULL
/// (a full disk, or `max_page_count` reached) as "database or disk is full"; PostgreSQL's
/// disk_full errors (SQLSTATE 53100, which diesel does not expose) say "could not extend
/// file ...: No space left on device" or "could not write ...: No space left on device".
/// A failed commit arrives wrapped together with the rollback that followed it.
fn storage_full_message(e: &diesel::result::Error) -> Option<String> {
    use diesel::result::Error;
    match e {
        Error::DatabaseError(_, info) => {
            let m = info.message().to_ascii_lowercase();
            (m.contains("database or disk is full")
                || m.contains("no space left on device")
                || m.contains("could not extend file"))
            .then(|| info.message().to_owned())
        }
        Error::RollbackErrorOnCommit { commit_error, .. } => storage_full_message(commit_error),
        _ => None,
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

/// Any error as the cause of another, its own sources kept.
pub type Cause = Box<dyn std::error::Error + Send + Sync + 'static>;

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
        let _writer = queue.as_deref().and_then(Shared::lock_writer);
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
    pub fn run_migrations(&mut self) -> Result<(), Cause> {
        match self {
            Self::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|_| ()),
            Self::Postgres(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS).map(|_| ()),
        }
    }

    /// Revert the newest applied migration (used by the migration tests).
    pub fn revert_last_migration(&mut self) -> Result<(), Cause> {
        match self {
            Self::Sqlite(c) => c.revert_last_migration(SQLITE_MIGRATIONS).map(|_| ()),
            Self::Postgres(c) => c.revert_last_migration(POSTGRES_MIGRATIONS).map(|_| ()),
        }
    }

    /// Revert every applied migration (used by the migration round-trip test).
    pub fn revert_all_migrations(&mut self) -> Result<(), Cause> {
        match self {
            Self::Sqlite(c) => c.revert_all_migrations(SQLITE_MIGRATIONS).map(|_| ()),
            Self::Postgres(c) => c.revert_all_migrations(POSTGRES_MIGRATIONS).map(|_| ()),
        }
    }

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

    /// A cheap round trip, for readiness checks.
    pub fn ping(&mut self) -> DbResult<()> {
        diesel::sql_query("SELECT 1").execute(self)?;
        Ok(())
    }

    /// A small real write that needs new pages (16 KB that do not compress), committed and
    /// then removed again: it succeeds only when the database can grow, which a plain
    /// `SELECT 1` or an update in place cannot tell. Used to learn that a full disk has
    /// space again.
    pub fn probe_write(&mut self) -> DbResult<()> {
        use diesel::sql_types::Integer;
        let filler = match self {
            Self::Sqlite(_) => "hex(randomblob(8192))",
            Self::Postgres(_) => {
                "(SELECT string_agg(md5(random()::text), '') FROM generate_series(1, 512))"
            }
        };
        // Its own id, so probes running at once never meet.
        let id = rand::random::<i32>();
        let insert = format!("INSERT INTO storage_probe (id, filler) VALUES ($1, {filler})");
        let delete = "DELETE FROM storage_probe WHERE id = $1";
        self.write_tx(|conn| {
            // What an interrupted probe may have left.
            diesel::sql_query("DELETE FROM storage_probe").execute(conn)?;
            diesel::sql_query(insert)
                .bind::<Integer, _>(id)
                .execute(conn)?;
            Ok::<_, DbError>(())
        })?;
        self.write_tx(|conn| {
            diesel::sql_query(delete)
                .bind::<Integer, _>(id)
                .execute(conn)?;
            Ok(())
        })
    }
}

/// Opens connections for the pool, refusing URLs of any other scheme (diesel's own
/// `establish` would silently create a new SQLite file for a mistyped path).
#[derive(Debug, Clone)]
pub struct ConnectionManager {
    url: DatabaseUrl,
    sqlite_max_pages: Option<u64>,
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConnectError(String);

impl ConnectionManager {
    pub fn new(url: DatabaseUrl) -> Self {
        Self {
            url,
            sqlite_max_pages: None,
        }
    }

    /// Cap a SQLite database at `megabytes` (0: no cap). The cap is a per-connection setting
    /// (`PRAGMA max_page_count`), so every connection the pool opens gets it. Pages are
    /// SQLite's default 4096 bytes (never changed here).
    pub fn with_sqlite_max_size_mb(mut self, megabytes: u64) -> Self {
        self.sqlite_max_pages = (megabytes > 0).then(|| megabytes.saturating_mul(256));
        self
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
                if let Some(pages) = self.sqlite_max_pages {
                    // Below the current size SQLite keeps the current size: no write
                    // then grows the file, and freed pages are used again.
                    conn.batch_execute(&format!("PRAGMA max_page_count = {pages};"))
                        .map_err(|e| ConnectError(format!("cannot cap SQLite's size: {e}")))?;
                }
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
    /// Opens connections outside the pool, for locks that must end with their session.
    manager: ConnectionManager,
    shared: Arc<Shared>,
    backend: &'static str,
}

/// Work that runs one at a time across every instance sharing the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exclusive {
    /// Matching runs that write proposals.
    MatchingRun,
}

impl Exclusive {
    fn key(self) -> &'static str {
        match self {
            Self::MatchingRun => "wijkmatch.matching_run",
        }
    }
}

/// Held while [`Exclusive`] work runs; dropping it lets the next one in. On PostgreSQL it
/// owns the dedicated session that holds the advisory lock, so the lock also ends when the
/// process dies (the server ends the session); on SQLite, which one process serves, it
/// holds nothing and the caller's in-process lock is the whole story.
pub struct ExclusiveGuard {
    _session: Option<DbConnection>,
}

/// What every thread working for one database shares: the SQLite writer lock and the
/// numbers the metrics report.
struct Shared {
    writer: Option<Mutex<()>>,
    stats: DbStats,
}

impl Shared {
    /// The writer lock, if this database has one; the wait is measured.
    fn lock_writer(&self) -> Option<MutexGuard<'_, ()>> {
        let writer = self.writer.as_ref()?;
        let started = Instant::now();
        // The lock guards no data: a panicked holder left nothing half-written behind it.
        let guard = writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        self.stats
            .writer_wait
            .observe(started.elapsed().as_secs_f64());
        Some(guard)
    }
}

/// Counters of the database layer, updated on the way (atomics, no queries) and read by
/// the metrics endpoint.
pub struct DbStats {
    /// Seconds spent waiting for a pooled connection.
    pub pool_wait: prometheus_client::metrics::histogram::Histogram,
    /// Check-outs that gave up after `database.checkout_timeout_secs`.
    pub pool_timeouts: prometheus_client::metrics::counter::Counter,
    /// Seconds a SQLite write transaction waited for the process-wide writer lock.
    pub writer_wait: prometheus_client::metrics::histogram::Histogram,
    /// Statements refused because the database could not grow.
    pub storage_full_errors: prometheus_client::metrics::counter::Counter,
    /// Set by such a refusal; cleared once a probe write succeeds again.
    storage_full: AtomicBool,
}

/// Buckets for short waits: 100 µs to 5 s.
const WAIT_BUCKETS: [f64; 11] = [
    0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0,
];

impl DbStats {
    fn new() -> Self {
        use prometheus_client::metrics::histogram::Histogram;
        Self {
            pool_wait: Histogram::new(WAIT_BUCKETS),
            pool_timeouts: Default::default(),
            writer_wait: Histogram::new(WAIT_BUCKETS),
            storage_full_errors: Default::default(),
            storage_full: AtomicBool::new(false),
        }
    }

    pub fn storage_full(&self) -> bool {
        self.storage_full.load(Ordering::Relaxed)
    }
}

/// The pool's size and use, for the metrics.
#[derive(Debug, Clone, Copy)]
pub struct PoolState {
    pub max_size: u32,
    pub connections: u32,
    pub idle: u32,
}

thread_local! {
    /// The database this thread works for, set by [`Db::queue_writes`] for the duration of
    /// one blocking call: its writer lock is what the outermost `write_tx` takes, and a
    /// full disk met on the way is recorded there.
    static WRITER_QUEUE: RefCell<Option<Arc<Shared>>> = const { RefCell::new(None) };
}

/// Record that a statement found the database full, for the database this thread works for.
/// Recorded where diesel's error is recognised, so no caller can lose it on the way up.
fn note_storage_full() {
    WRITER_QUEUE.with(|q| {
        if let Some(shared) = q.borrow().as_deref() {
            shared.stats.storage_full_errors.inc();
            shared.stats.storage_full.store(true, Ordering::Relaxed);
        }
    });
}

/// Puts the thread's previous writer queue back, also when `work` panics.
struct RestoreQueue(Option<Arc<Shared>>);

impl Drop for RestoreQueue {
    fn drop(&mut self) {
        let previous = self.0.take();
        WRITER_QUEUE.with(|q| *q.borrow_mut() = previous);
    }
}

impl Db {
    /// Open the pool and run pending migrations. For SQLite the file's directory must
    /// exist (the caller creates the default `data/`).
    /// `sqlite_max_size_mb` caps a SQLite file (0: no cap).
    pub fn connect(
        url: &DatabaseUrl,
        pool_size: u32,
        checkout_timeout: Duration,
        sqlite_max_size_mb: u64,
    ) -> DbResult<Db> {
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
        let manager =
            ConnectionManager::new(url.clone()).with_sqlite_max_size_mb(sqlite_max_size_mb);
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
            .build(manager.clone())?;
        Ok(Db {
            pool,
            manager,
            shared: Arc::new(Shared {
                writer: is_sqlite.then(|| Mutex::new(())),
                stats: DbStats::new(),
            }),
            backend: url.backend_name(),
        })
    }

    pub fn backend(&self) -> &'static str {
        self.backend
    }

    /// A pooled connection; a pool time-out is `Unavailable` (answered as 503).
    pub fn get(&self) -> DbResult<PooledConnection> {
        let started = Instant::now();
        let got = self.pool.get();
        let stats = &self.shared.stats;
        stats.pool_wait.observe(started.elapsed().as_secs_f64());
        if got.is_err() {
            stats.pool_timeouts.inc();
        }
        Ok(got?)
    }

    /// A connection of its own, outside the pool (a PostgreSQL LISTEN must stay on one
    /// session for as long as it listens).
    pub fn dedicated(&self) -> DbResult<DbConnection> {
        self.manager
            .establish()
            .map_err(|e| DbError::Unavailable(e.to_string()))
    }

    /// Take the lock of `work` across instances, or `None` when another session holds it.
    /// PostgreSQL: a session-level advisory lock on a connection of its own (never a
    /// pooled one, which would go back to the pool still holding it).
    pub fn try_exclusive(&self, work: Exclusive) -> DbResult<Option<ExclusiveGuard>> {
        if self.backend != "postgres" {
            return Ok(Some(ExclusiveGuard { _session: None }));
        }
        let mut session = self
            .manager
            .establish()
            .map_err(|e| DbError::Unavailable(e.to_string()))?;
        #[derive(diesel::QueryableByName)]
        struct Locked {
            #[diesel(sql_type = diesel::sql_types::Bool)]
            locked: bool,
        }
        let locked: Locked =
            diesel::sql_query("SELECT pg_try_advisory_lock(hashtext($1)) AS locked")
                .bind::<diesel::sql_types::Text, _>(work.key())
                .get_result(&mut session)?;
        Ok(locked.locked.then_some(ExclusiveGuard {
            _session: Some(session),
        }))
    }

    /// The counters of this database's pool, writer lock and storage.
    pub fn stats(&self) -> &DbStats {
        &self.shared.stats
    }

    pub fn pool_state(&self) -> PoolState {
        let state = self.pool.state();
        PoolState {
            max_size: self.pool.max_size(),
            connections: state.connections,
            idle: state.idle_connections,
        }
    }

    /// Whether a write found the database full and no probe has found space since.
    pub fn storage_full(&self) -> bool {
        self.shared.stats.storage_full()
    }

    /// A probe write found space: writes work again.
    pub fn storage_recovered(&self) {
        self.shared
            .stats
            .storage_full
            .store(false, Ordering::Relaxed);
    }

    /// Run `work` (blocking) with this database's writer lock handed to every outermost
    /// `write_tx` on this thread: on SQLite writers queue one at a time, each only for its
    /// transaction (PostgreSQL has no such lock). On both backends a full disk met inside
    /// `work` is recorded for readiness and the metrics.
    pub fn queue_writes<T>(&self, work: impl FnOnce() -> T) -> T {
        let previous = WRITER_QUEUE.with(|q| q.replace(Some(self.shared.clone())));
        let _restore = RestoreQueue(previous);
        work()
    }

    /// Hold the writer lock directly (for tests and tools); `None` on PostgreSQL. Never call
    /// it inside [`Db::queue_writes`] around a `write_tx`: the lock is not re-entrant.
    pub fn writer_guard(&self) -> Option<MutexGuard<'_, ()>> {
        self.shared.lock_writer()
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

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::result::{DatabaseErrorKind, Error};

    fn db_error(message: &str) -> Error {
        Error::DatabaseError(DatabaseErrorKind::Unknown, Box::new(message.to_owned()))
    }

    #[test]
    fn a_full_disk_is_its_own_kind_on_both_backends() {
        // SQLite's SQLITE_FULL, from a full disk or from `max_page_count`.
        assert!(matches!(
            DbError::from(db_error("database or disk is full")),
            DbError::StorageFull(_)
        ));
        // PostgreSQL's disk_full (53100), as a relation or a temporary file fails to grow.
        for message in [
            "could not extend file \"base/16384/16385\": No space left on device",
            "could not write to file \"base/pgsql_tmp/pgsql_tmp123.0\": No space left on device",
            "could not extend file \"base/16384/16385.1\": wrote only 4096 of 8192 bytes at block 131072",
        ] {
            assert!(
                matches!(DbError::from(db_error(message)), DbError::StorageFull(_)),
                "{message}"
            );
        }
        // A failed commit comes back wrapped together with its rollback.
        let wrapped = Error::RollbackErrorOnCommit {
            rollback_error: Box::new(Error::BrokenTransactionManager),
            commit_error: Box::new(db_error("database or disk is full")),
        };
        assert!(matches!(DbError::from(wrapped), DbError::StorageFull(_)));
        // Everything else keeps its kind.
        assert!(matches!(
            DbError::from(db_error("database is locked")),
            DbError::Unavailable(_)
        ));
        assert!(matches!(
            DbError::from(db_error("syntax error")),
            DbError::Other(_)
        ));
    }

    #[test]
    fn a_full_disk_is_recorded_for_the_database_the_thread_works_for() {
        let dir = tempfile::tempdir().unwrap();
        let url = DatabaseUrl::Sqlite(dir.path().join("t.db"));
        let db = Db::connect(&url, 1, Duration::from_secs(1), 0).unwrap();
        // Outside `queue_writes` nothing is recorded (no database to record it for).
        let _ = DbError::from(db_error("database or disk is full"));
        assert!(!db.storage_full());
        db.queue_writes(|| DbError::from(db_error("database or disk is full")));
        assert!(db.storage_full());
        assert_eq!(db.stats().storage_full_errors.get(), 1);
        db.storage_recovered();
        assert!(!db.storage_full());
    }
}
