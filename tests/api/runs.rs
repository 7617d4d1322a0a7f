//! Batch matching runs: who may run them over which wijken, dry runs, what is written, and
//! that writing runs never overlap.

use serde_json::{Value, json};

use crate::fixtures::*;
use crate::helpers::{assert_problem, error_fields, spawn_app};

#[actix_web::test]
async fn a_run_proposes_the_optimum_and_a_dry_run_writes_nothing() {
    let app = spawn_app().await;
    let w = world(&app, 2).await;
    let small = new_request(&app, &w.worker, 1).await;
    let (_, _, a) = helper(&app, "Anna", "propose", 1).await;
    let (_, _, b) = helper(&app, "Bert", "propose", 1).await;
    let (_, _, c) = helper(&app, "Cees", "propose", 1).await;
    // Never proposed by a run.
    helper(&app, "Dora", "only_when_i_ask", 3).await;

    let dry = ok(app
        .post(
            "/api/v1/matching/runs",
            Some(&w.worker),
            &json!({"dry_run": true}),
        )
        .await)
    .await;
    assert_eq!(dry["filled_places"], 3, "{dry}");
    assert_eq!(dry["matched_requests"], 2);
    assert_eq!(dry["unmatched"], json!([]));
    assert!(dry["optimal_over"].as_str().unwrap().contains("200"));
    let proposals = dry["proposals"].as_array().unwrap();
    assert_eq!(proposals.len(), 3);
    let offers: Vec<&str> = proposals
        .iter()
        .map(|p| p["offer_id"].as_str().unwrap())
        .collect();
    for o in [&a, &b, &c] {
        assert!(offers.contains(&o.as_str()));
    }
    assert!(proposals.iter().all(|p| p.get("match_id").is_none()));
    let total: i64 = proposals.iter().map(|p| p["score"].as_i64().unwrap()).sum();
    assert_eq!(dry["total_score"], total);
    assert_eq!(app.count("matches"), 0, "a dry run writes nothing");

    let run = ok(app
        .post(
            "/api/v1/matching/runs",
            Some(&w.worker),
            &json!({"dry_run": false, "wijk_codes": [WIJK]}),
        )
        .await)
    .await;
    assert_eq!(run["filled_places"], 3);
    let written: Vec<&Value> = run["proposals"].as_array().unwrap().iter().collect();
    assert!(written.iter().all(|p| p["match_id"].is_string()), "{run}");
    assert_eq!(app.count("matches"), 3);
    let m = ok(app
        .get(
            &format!(
                "/api/v1/matches/{}",
                written[0]["match_id"].as_str().unwrap()
            ),
            Some(&w.worker),
        )
        .await)
    .await;
    assert_eq!(m["status"], "proposed");
    assert_eq!(m["initiated_by"], "team");
    // Pairs with any existing match are left out; pending matches hold no place, so a
    // second run may propose the remaining pairs, but never a pair twice.
    let again = ok(app
        .post(
            "/api/v1/matching/runs",
            Some(&w.admin),
            &json!({"dry_run": false}),
        )
        .await)
    .await;
    assert_eq!(again["filled_places"], 2, "{again}");
    assert_eq!(app.count("matches"), 5);
    let distinct = scalar(
        &app,
        "SELECT CAST(COUNT(*) AS TEXT) AS v FROM (SELECT DISTINCT request_id, offer_id FROM matches) AS pairs",
    );
    assert_eq!(distinct.as_deref(), Some("5"));
    assert_eq!(again["matched_requests"], 2);
    assert!(
        again["proposals"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["request_id"] == small.as_str())
    );
}

#[actix_web::test]
async fn runs_are_for_team_workers_over_their_wijken_and_admins() {
    let app = spawn_app().await;
    let w = world(&app, 1).await;
    let (_, vol) = volunteer(&app, "Vera", "propose").await;
    let body = json!({"dry_run": true});
    assert_problem(
        app.post("/api/v1/matching/runs", Some(&vol), &body).await,
        403,
    )
    .await;
    assert_problem(app.post("/api/v1/matching/runs", None, &body).await, 401).await;
    assert_problem(
        app.post(
            "/api/v1/matching/runs",
            Some(&w.worker),
            &json!({"dry_run": true, "wijk_codes": ["WK001406"]}),
        )
        .await,
        403,
    )
    .await;
    let p = assert_problem(
        app.post(
            "/api/v1/matching/runs",
            Some(&w.worker),
            &json!({"dry_run": true, "wijk_codes": ["WK999999"]}),
        )
        .await,
        400,
    )
    .await;
    assert_eq!(error_fields(&p), ["wijk_codes[0]"]);
    for bad in [
        json!({}),
        json!({"dry_run": "yes"}),
        json!({"dry_run": true, "force": 1}),
    ] {
        assert_problem(
            app.post("/api/v1/matching/runs", Some(&w.admin), &bad)
                .await,
            400,
        )
        .await;
    }
    ok(app
        .post(
            "/api/v1/matching/runs",
            Some(&w.admin),
            &json!({"dry_run": true, "wijk_codes": ["WK001406"]}),
        )
        .await)
    .await;
}

#[actix_web::test]
// Holding the run lock across the requests is the point: it stands in for a running run.
#[allow(clippy::await_holding_lock)]
async fn a_second_writing_run_meanwhile_is_refused() {
    let app = spawn_app().await;
    let w = world(&app, 1).await;
    helper(&app, "Anna", "propose", 1).await;
    let (_, vol) = volunteer(&app, "Vera", "propose").await;
    let held = app.ctx.run_lock.try_hold(&app.ctx.db).unwrap();
    // Who may not run at all hears 403 (and no token 401), not 409.
    assert_problem(
        app.post(
            "/api/v1/matching/runs",
            Some(&vol),
            &json!({"dry_run": false}),
        )
        .await,
        403,
    )
    .await;
    assert_problem(
        app.post("/api/v1/matching/runs", None, &json!({"dry_run": false}))
            .await,
        401,
    )
    .await;
    let p = assert_problem(
        app.post(
            "/api/v1/matching/runs",
            Some(&w.worker),
            &json!({"dry_run": false}),
        )
        .await,
        409,
    )
    .await;
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("another matching run")
    );
    // A dry run writes nothing, so it need not wait.
    ok(app
        .post(
            "/api/v1/matching/runs",
            Some(&w.worker),
            &json!({"dry_run": true}),
        )
        .await)
    .await;
    drop(held);
    let run = ok(app
        .post(
            "/api/v1/matching/runs",
            Some(&w.worker),
            &json!({"dry_run": false}),
        )
        .await)
    .await;
    assert_eq!(run["filled_places"], 1);
    assert_eq!(app.count("matches"), 1);
}

/// Two instances on one PostgreSQL database: a writing run on one makes the other answer
/// 409 until it ends. (SQLite is served by one process; the test above covers it.)
#[actix_web::test]
async fn writing_runs_are_serialised_across_instances() {
    let app = spawn_app().await;
    if app.database().postgres().is_none() {
        return;
    }
    let w = world(&app, 1).await;
    helper(&app, "Anna", "propose", 1).await;
    let other = app.second_instance();
    let run = |base: String| {
        let client = app.client.clone();
        let token = w.worker.clone();
        async move {
            client
                .post(format!("{base}/api/v1/matching/runs"))
                .bearer_auth(token)
                .json(&json!({"dry_run": false}))
                .send()
                .await
                .unwrap()
        }
    };
    // The other instance's run holds the lock across instances, not only in its process.
    let held = other.ctx.run_lock.try_hold(&other.ctx.db).unwrap();
    let p = assert_problem(run(app.base.clone()).await, 409).await;
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("another matching run")
    );
    drop(held);
    let answer = run(other.base.clone()).await;
    assert_eq!(answer.status().as_u16(), 200);
    assert_eq!(app.count("matches"), 1);
    // A run that ends frees the lock for the first instance too.
    let held = app.ctx.run_lock.try_hold(&app.ctx.db).unwrap();
    assert_problem(run(other.base.clone()).await, 409).await;
    drop(held);
    assert_eq!(run(other.base.clone()).await.status().as_u16(), 200);
}
