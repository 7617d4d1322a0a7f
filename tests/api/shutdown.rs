//! Graceful shutdown of the real binary: on SIGTERM it stops accepting, lets requests in
//! flight finish, exits 0, and every answered write is in the database.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestDatabase, unique_email};

#[actix_web::test]
async fn sigterm_under_write_load_loses_no_answered_write_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDatabase::new(dir.path());
    let mut child = Command::new(env!("CARGO_BIN_EXE_wijkmatch"))
        .env("WIJKMATCH__DATABASE__URL", &db.url)
        .env("WIJKMATCH__SERVER__PORT", "0")
        .env("WIJKMATCH__SERVER__SHUTDOWN_TIMEOUT_SECS", "10")
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let base = loop {
        let line = lines
            .next()
            .expect("the server says where it listens")
            .unwrap();
        if let Some(rest) = line.strip_prefix("wijkmatch is listening on ") {
            break rest.trim().to_owned();
        }
    };
    let client = reqwest::Client::new();
    let email = unique_email("shutdown");
    let r = client
        .post(format!("{base}/api/v1/auth/register"))
        .json(&json!({"email": email, "password": PASSWORD, "display_name": "Sjoerd"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let login: Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = login["access_token"].as_str().unwrap().to_owned();

    let answered = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut writers = Vec::new();
    for w in 0..4 {
        let (client, base, token, answered) = (
            client.clone(),
            base.clone(),
            token.clone(),
            answered.clone(),
        );
        writers.push(actix_web::rt::spawn(async move {
            for n in 0.. {
                let body = crate::initiatives::initiative(&format!("Stop {w}-{n}"), "WK001404");
                let sent = client
                    .post(format!("{base}/api/v1/initiatives"))
                    .bearer_auth(&token)
                    .json(&body)
                    .send()
                    .await;
                let Ok(r) = sent else {
                    return; // refused: the server has stopped accepting
                };
                let status = r.status();
                // An answer is whole or not at all: never a cut body.
                let text = r.text().await.expect("a whole body");
                match status {
                    StatusCode::CREATED => {
                        let v: Value = serde_json::from_str(&text).expect("whole JSON");
                        answered
                            .lock()
                            .unwrap()
                            .push(v["id"].as_str().unwrap().to_owned());
                    }
                    StatusCode::SERVICE_UNAVAILABLE => return,
                    other => panic!("unexpected {other}: {text}"),
                }
            }
        }));
    }
    // Signal once writes are flowing (a loaded machine may take a while to answer the first).
    let flowing = std::time::Instant::now();
    while answered.lock().unwrap().len() < 3 && flowing.elapsed().as_secs() < 30 {
        actix_web::rt::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let before = answered.lock().unwrap().len();
    let signalled = std::time::Instant::now();
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    for w in writers {
        w.await.unwrap();
    }
    let status = tokio::task::spawn_blocking(move || child.wait())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(status.code(), Some(0), "a clean exit");
    let drained = signalled.elapsed();
    let answered = answered.lock().unwrap().clone();
    // Kept-alive connections are closed after their answer, not served until the timeout.
    assert!(
        drained.as_secs() < 8,
        "drained in {drained:?}, timeout 10 s"
    );
    eprintln!(
        "shutdown: exit {:.2} s after SIGTERM; {} writes answered before it, {} in all",
        signalled.elapsed().as_secs_f64(),
        before,
        answered.len()
    );
    assert!(before > 0 && !answered.is_empty());

    // The next start is clean, and every answered write is there.
    let mut settings = crate::helpers::test_settings(dir.path(), &db);
    settings.storage.data_dir = dir.path().join("data");
    let app = wijkmatch::startup::Application::build(settings).expect("a clean start");
    let mut conn = app.context().db.get().unwrap();
    use diesel::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::Text)]
        id: String,
    }
    let stored: std::collections::HashSet<String> = diesel::sql_query("SELECT id FROM initiatives")
        .load::<Id>(&mut *conn)
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    let lost: Vec<&String> = answered.iter().filter(|id| !stored.contains(*id)).collect();
    assert!(lost.is_empty(), "answered but not stored: {lost:?}");
}
