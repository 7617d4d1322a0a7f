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
