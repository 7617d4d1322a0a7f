//! A full disk: writes answer 503 storage-full, reads go on, /ready says not ready, nothing
//! half-written stays behind, and all of it recovers once there is space, without a restart.
//! Simulated with `database.sqlite_max_size_mb` (SQLite's `max_page_count`, which fails
//! exactly as a full disk does: SQLITE_FULL); PostgreSQL's disk_full mapping is covered by
//! the database layer's unit tests.

use diesel::connection::SimpleConnection;
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, RunQueryDsl};
use reqwest::StatusCode;

use crate::fixtures::{file_request, world};
use crate::helpers::{assert_problem, spawn_app_with};

/// Far above a fresh database (migrations and reference data), small enough to fill fast.
const CAP_MB: u64 = 8;
/// Pages the filler leaves for the API's own writes to run into the cap.
const LEFT_FOR_THE_API: u64 = 24;

fn count(conn: &mut SqliteConnection, sql: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    diesel::sql_query(sql).get_result::<N>(conn).unwrap().n
}

#[actix_web::test]
async fn a_full_disk_refuses_writes_keeps_reads_and_recovers_without_restart() {
    if std::env::var("TEST_DATABASE_URL").is_ok_and(|u| u.starts_with("postgres")) {
        eprintln!("full-disk test skipped on PostgreSQL: it needs SQLite's size cap");
        return;
    }
    let app = spawn_app_with(|s| s.database.sqlite_max_size_mb = CAP_MB).await;
    let w = world(&app, 1).await;

    // Another process (here: the test) takes nearly all the room the cap leaves.
    let path = app
        .database()
        .url
        .strip_prefix("sqlite://")
        .unwrap()
        .to_owned();
    let mut other = SqliteConnection::establish(&path).unwrap();
    other
        .batch_execute(&format!(
            "PRAGMA busy_timeout = 5000; CREATE TABLE test_filler (b BLOB NOT NULL); \
             PRAGMA max_page_count = {};",
            CAP_MB * 256 - LEFT_FOR_THE_API
        ))
        .unwrap();
    // Fifty rows a transaction while they fit (a commit per row would make this the slowest
    // part of the test), then row by row. SQLITE_FULL rolls back the whole transaction.
    let insert = "INSERT INTO test_filler (b) VALUES (randomblob(3000))";
    let mut filled = 0;
    for batch in [50, 1] {
        while other
            .transaction::<_, diesel::result::Error, _>(|c| {
                for _ in 0..batch {
                    diesel::sql_query(insert).execute(c)?;
                }
                Ok(())
            })
            .is_ok()
        {
            filled += batch;
            assert!(filled < 10_000, "the cap never stopped the filler");
        }
    }
    assert!(filled > 100, "the filler found the database already full");

    // The API's own writes now run into the cap: the first refusal is the one to check.
    let mut accepted = 0;
    let refused = loop {
        let r = file_request(&app, &w.worker).await;
        if r.status() != StatusCode::CREATED {
            break r;
        }
        accepted += 1;
        assert!(accepted < 500, "the API's writes never met the cap");
    };
    assert_eq!(refused.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(refused.headers()["retry-after"], "60");
    let problem = assert_problem(refused, 503).await;
    assert_eq!(problem["type"], "tag:wijkmatch,2026:storage-full");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("cannot store data"),
        "{problem}"
    );

    // Nothing half-written: every stored request is a whole one with its audit entry, and
    // the refused one left neither.
    let requests = count(&mut other, "SELECT COUNT(*) AS n FROM requests");
    assert_eq!(requests, 1 + accepted);
    let created = count(
        &mut other,
        "SELECT COUNT(*) AS n FROM audit_log WHERE subject_type = 'request' AND action = 'create'",
    );
    assert_eq!(created, requests);
    // Writes keep failing while the disk is full: the database is unchanged.
    let again = file_request(&app, &w.worker).await;
    assert_problem(again, 503).await;
    assert_eq!(
        count(&mut other, "SELECT COUNT(*) AS n FROM requests"),
        requests
    );

    // Reads keep answering.
    assert_eq!(app.get("/health", None).await.status(), StatusCode::OK);
    assert_eq!(
        app.get("/api/v1/wijken", None).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.get("/api/v1/me", Some(&w.worker)).await.status(),
        StatusCode::OK
    );
    // Not ready, and says why; and the metrics say it too.
    let ready = app.get("/ready", None).await;
    assert!(ready.headers().contains_key("retry-after"));
    let problem = assert_problem(ready, 503).await;
    assert_eq!(problem["type"], "tag:wijkmatch,2026:storage-full");
    let metrics = app.get("/metrics", None).await.text().await.unwrap();
    assert!(
        metrics.contains("\nwijkmatch_storage_full 1\n"),
        "{metrics}"
    );

    // Space comes back (the other process gives its room up): no restart needed.
    other.batch_execute("DELETE FROM test_filler;").unwrap();
    assert_eq!(app.get("/ready", None).await.status(), StatusCode::OK);
    let r = file_request(&app, &w.worker).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(
        count(&mut other, "SELECT COUNT(*) AS n FROM requests"),
        requests + 1
    );
    let metrics = app.get("/metrics", None).await.text().await.unwrap();
    assert!(
        metrics.contains("\nwijkmatch_storage_full 0\n"),
        "{metrics}"
    );
    assert!(!metrics.contains("\nwijkmatch_db_storage_full_errors_total 0\n"));
}
