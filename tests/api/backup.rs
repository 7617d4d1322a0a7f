//! `wijkmatch backup`: a consistent, checked copy of a SQLite database taken while the
//! server serves writes; PostgreSQL is pointed to pg_dump.

use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use reqwest::StatusCode;
use serde_json::Value;
use wijkmatch::startup::Application;

use crate::helpers::{TestApp, spawn_app};

fn backup(app: &TestApp, to: &std::path::Path, extra: &[&str]) -> (i32, String) {
    use secrecy::ExposeSecret;
    let out = Command::new(env!("CARGO_BIN_EXE_wijkmatch"))
        .arg("backup")
        .arg("--to")
        .arg(to)
        .args(extra)
        .env(
            "WIJKMATCH__DATABASE__URL",
            app.settings.database.url.expose_secret(),
        )
        .current_dir(to.parent().unwrap())
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[actix_web::test]
async fn a_backup_taken_while_clients_write_holds_every_write_acknowledged_before_it() {
    let app = Arc::new(spawn_app().await);
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("wijkmatch-backup.db");
    if app.database().postgres().is_some() {
        let (code, said) = backup(&app, &target, &[]);
        assert_eq!(code, 2, "{said}");
        assert!(said.contains("pg_dump"), "{said}");
        assert!(!target.exists());
        return;
    }
    let (_, token) = app.volunteer("Bea").await;
    let stop = Arc::new(AtomicBool::new(false));
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut writers = Vec::new();
    for w in 0..2 {
        let (app, token, stop, acknowledged) = (
            app.clone(),
            token.clone(),
            stop.clone(),
            acknowledged.clone(),
        );
        writers.push(actix_web::rt::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let body = crate::initiatives::initiative(&format!("Back-up {w}-{n}"), "WK001404");
                let r = app.post("/api/v1/initiatives", Some(&token), &body).await;
                assert_eq!(r.status(), StatusCode::CREATED);
                let created: Value = r.json().await.unwrap();
                acknowledged
                    .lock()
                    .unwrap()
                    .push(created["id"].as_str().unwrap().to_owned());
            }
        }));
    }
    actix_web::rt::time::sleep(std::time::Duration::from_millis(300)).await;
    let before: Vec<String> = acknowledged.lock().unwrap().clone();
    let (code, said) = {
        let (app, target) = (app.clone(), target.clone());
        tokio::task::spawn_blocking(move || backup(&app, &target, &[]))
            .await
            .unwrap()
    };
    actix_web::rt::time::sleep(std::time::Duration::from_millis(100)).await;
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.await.unwrap();
    }
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("integrity ok"), "{said}");
    let after = acknowledged.lock().unwrap().len();
    assert!(
        !before.is_empty() && after > before.len(),
        "writes went on around the backup: {} before, {after} in all",
        before.len()
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "private data: owner only");
    }
    assert!(
        std::fs::read_dir(dir.path()).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .contains("partial")),
        "no temporary file is left"
    );

    // A second backup to the same place needs --overwrite.
    let (code, said) = backup(&app, &target, &[]);
    assert_eq!(code, 2, "{said}");

    // A server starts on the copy, and every write acknowledged before the backup is there.
    let restored_dir = tempfile::tempdir().unwrap();
    let mut settings = app.settings.clone();
    settings.database.url = format!("sqlite://{}", target.display()).into();
    settings.storage.data_dir = restored_dir.path().join("data");
    settings.server.port = 0;
    let restored = Application::build(settings).expect("a server starts on the copy");
    let base = format!("http://127.0.0.1:{}", restored.port());
    let ctx = restored.context().clone();
    actix_web::rt::spawn(restored.run_until_stopped());
    let client = reqwest::Client::new();
    for id in &before {
        let r = client
            .get(format!("{base}/api/v1/initiatives/{id}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "initiative {id} is in the copy");
    }
    let mut conn = ctx.db.get().unwrap();
    use diesel::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Check {
        #[diesel(sql_type = diesel::sql_types::Text)]
        integrity_check: String,
    }
    let check: Vec<Check> = diesel::sql_query("PRAGMA integrity_check")
        .load(&mut *conn)
        .unwrap();
    assert_eq!(check[0].integrity_check, "ok");
}

#[test]
fn backup_refuses_a_missing_directory_or_database() {
    let dir = tempfile::tempdir().unwrap();
    let run = |db: &str, to: &std::path::Path| {
        Command::new(env!("CARGO_BIN_EXE_wijkmatch"))
            .args(["backup", "--to"])
            .arg(to)
            .env("WIJKMATCH__DATABASE__URL", db)
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let missing_db = format!("sqlite://{}/none.db", dir.path().display());
    let out = run(&missing_db, &dir.path().join("copy.db"));
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.path().join("none.db").exists(), "nothing is created");
    let out = run(&missing_db, &dir.path().join("no/such/dir/copy.db"));
    assert_eq!(out.status.code(), Some(2));
}
