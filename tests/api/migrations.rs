use wijkmatch::config::DatabaseUrl;
use wijkmatch::db::ConnectionManager;
use wijkmatch::startup::Application;

use crate::helpers::{TestDatabase, test_settings};

#[test]
fn every_migration_runs_up_down_and_up_again() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDatabase::new(dir.path());
    let manager = ConnectionManager::new(DatabaseUrl::parse(&db.url).unwrap());
    let mut conn = manager.establish().unwrap();
    conn.run_migrations().unwrap();
    conn.revert_all_migrations().unwrap();
    conn.run_migrations().unwrap();
    conn.ping().unwrap();
}

#[actix_web::test]
async fn start_up_errors_name_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDatabase::new(dir.path());
    let mut settings = test_settings(dir.path(), &db);
    settings.database.url = "mysql://localhost/x".to_owned().into();
    let err = Application::build(settings).err().unwrap().to_string();
    assert!(err.contains("database.url"), "{err}");

    let mut settings = test_settings(dir.path(), &db);
    settings.database.url = format!("sqlite://{}/missing/dir/x.db", dir.path().display()).into();
    let err = Application::build(settings).err().unwrap().to_string();
    assert!(
        err.contains("database.url") && err.contains("does not exist"),
        "{err}"
    );
}

#[actix_web::test]
async fn reference_seeding_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDatabase::new(dir.path());
    let settings = test_settings(dir.path(), &db);
    let first = wijkmatch::startup::build_context(settings.clone()).unwrap();
    drop(first);
    let second = wijkmatch::startup::build_context(settings).unwrap();
    let mut conn = second.db.get().unwrap();
    let teams = wijkmatch::db::teams::list(&mut conn, None, 100).unwrap();
    assert_eq!(teams.len(), 6);
    assert_eq!(
        wijkmatch::service::wijken::list(&mut conn).unwrap().len(),
        20
    );
}

/// A healthy connection must go back into the pool: reporting it broken would open a new
/// connection for every request (this once cost PostgreSQL 95 % of its throughput).
#[test]
fn a_healthy_pooled_connection_is_not_reported_broken() {
    use diesel::r2d2::ManageConnection;
    let dir = tempfile::tempdir().unwrap();
    let db = TestDatabase::new(dir.path());
    let manager = ConnectionManager::new(DatabaseUrl::parse(&db.url).unwrap());
    let mut conn = manager.connect().unwrap();
    conn.run_migrations().unwrap();
    assert!(manager.is_valid(&mut conn).is_ok());
    assert!(!manager.has_broken(&mut conn));
}

/// Many small write transactions must not grow SQLite's write-ahead log without bound
/// (checkpoints must run; `journal_size_limit` caps the file). Only meaningful on SQLite.
#[actix_web::test]
async fn the_sqlite_wal_stays_bounded_after_many_writes() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDatabase::new(dir.path());
    if db.postgres().is_some() {
        return; // PostgreSQL manages its own WAL; the SQLite run checks this.
    }
    let settings = test_settings(dir.path(), &db);
    let ctx = wijkmatch::startup::build_context(settings).unwrap();
    let mut conn = ctx.db.get().unwrap();
    let padding = "x".repeat(3000);
    for i in 0..3000 {
        conn.write_tx(|conn| {
            wijkmatch::service::audit::record_as(
                conn,
                None,
                Some(&padding),
                wijkmatch::service::audit::Action::Create,
                "wal_test",
                &format!("row-{i}"),
            )
        })
        .unwrap();
    }
    let wal = dir.path().join("test.db-wal");
    let size = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
    // ~3000 commits of ~4 KiB each would be ~12 MiB without checkpoints; with the default
    // auto-checkpoint (1000 pages) the log is reused and stays near 4 MiB.
    assert!(size < 8 * 1024 * 1024, "WAL grew to {size} bytes");
}
