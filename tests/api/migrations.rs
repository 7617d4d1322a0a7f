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

/// The value CHECKs came in by rebuilding tables on SQLite: taking them out and putting them
/// back keeps every row and every link between rows, and afterwards a text outside a
/// column's set is refused by the database itself, leaving the row as it was.
#[actix_web::test]
async fn value_checks_keep_every_row_and_refuse_unknown_texts() {
    use diesel::RunQueryDsl;

    use crate::fixtures::{helper, matched, scalar, world};

    let app = crate::helpers::spawn_app().await;
    let w = world(&app, 2).await;
    let (_, _, offer_id) = helper(&app, "Anna de Vries", "propose", 2).await;
    let m = matched(&app, &w.worker, &w.request_id, &offer_id).await;
    let counts = |app: &crate::helpers::TestApp| {
        [
            "requests",
            "offers",
            "matches",
            "volunteer_profiles",
            "offer_reach",
        ]
        .map(|t| scalar(app, &format!("SELECT CAST(COUNT(*) AS TEXT) AS v FROM {t}")))
    };
    let before = counts(&app);
    assert_eq!(before[2].as_deref(), Some("1"));
    {
        let mut conn = app.ctx.db.get().unwrap();
        conn.revert_last_migration().unwrap();
        conn.run_migrations().unwrap();
    }
    assert_eq!(counts(&app), before);
    let status = |app: &crate::helpers::TestApp| {
        scalar(
            app,
            &format!(
                "SELECT status AS v FROM matches WHERE id = '{}'",
                m["id"].as_str().unwrap()
            ),
        )
    };
    assert_eq!(status(&app).as_deref(), Some("proposed"));

    let mut conn = app.ctx.db.get().unwrap();
    for sql in [
        "UPDATE matches SET status = 'archived'",
        "UPDATE requests SET urgency = 'urgent'",
        "UPDATE volunteer_profiles SET contact_preference = 'never'",
    ] {
        assert!(diesel::sql_query(sql).execute(&mut *conn).is_err(), "{sql}");
    }
    assert_eq!(status(&app).as_deref(), Some("proposed"));
    // The rebuilt tables still cascade: deleting the request takes its match along.
    diesel::sql_query(format!(
        "DELETE FROM requests WHERE id = '{}'",
        w.request_id
    ))
    .execute(&mut *conn)
    .unwrap();
    drop(conn);
    assert_eq!(
        scalar(&app, "SELECT CAST(COUNT(*) AS TEXT) AS v FROM matches").as_deref(),
        Some("0")
    );
}
