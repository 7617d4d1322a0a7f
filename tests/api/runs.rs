//! Batch matching runs: who may run them over which wijken, dry runs, what is written, and
//! that writing runs never overlap.

use serde_json::{Value, json};

use wijkmatch::service::runs;

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
    assert!(written.iter().any(|p| p["request_id"] == small.as_str()));
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
    // Every place and every offer's match is now spoken for by a pending proposal: a
    // second run (over every wijk) proposes nothing, and writes nothing.
    let again = ok(app
        .post(
            "/api/v1/matching/runs",
            Some(&w.admin),
            &json!({"dry_run": false}),
        )
        .await)
    .await;
    assert_eq!(again["proposals"], json!([]), "{again}");
    assert_eq!(again["filled_places"], 0);
    assert_eq!(again["matched_requests"], 0);
    assert_eq!(app.count("matches"), 3);
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

/// The run's read: a pending match speaks for a place of its request and for a match of its
/// offer, so a run proposes only what is still free on both sides, and what a decline frees.
#[actix_web::test]
async fn pending_matches_speak_for_places_and_offers() {
    let app = spawn_app().await;
    let w = world(&app, 2).await;
    let (_, anna, a) = helper(&app, "Anna", "propose", 1).await;
    // One pending proposal by hand: one of the request's two places and Anna's only match.
    let manual = matched(&app, &w.worker, &w.request_id, &a).await;
    assert_eq!(manual["status"], "proposed");
    let (_, _, b) = helper(&app, "Bert", "propose", 1).await;
    let (_, _, c) = helper(&app, "Cees", "propose", 1).await;
    let run = ok(app
        .post(
            "/api/v1/matching/runs",
            Some(&w.worker),
            &json!({"dry_run": false}),
        )
        .await)
    .await;
    let proposals = run["proposals"].as_array().unwrap();
    assert_eq!(proposals.len(), 1, "one place is left: {run}");
    assert_eq!(proposals[0]["request_id"], w.request_id.as_str());
    assert!(proposals[0]["offer_id"] == b.as_str() || proposals[0]["offer_id"] == c.as_str());
    assert_eq!(app.count("matches"), 2);

    // A new request: Anna's offer (max_matches 1) is spoken for by her pending proposal,
    // so it is not proposed again; the other free offer is.
    let second = new_request(&app, &w.worker, 1).await;
    let run = ok(app
        .post(
            "/api/v1/matching/runs",
            Some(&w.worker),
            &json!({"dry_run": false}),
        )
        .await)
    .await;
    let proposals = run["proposals"].as_array().unwrap();
    assert_eq!(proposals.len(), 1, "{run}");
    assert_eq!(proposals[0]["request_id"], second.as_str());
    assert_ne!(proposals[0]["offer_id"], a.as_str());
    assert_eq!(app.count("matches"), 3);

    // A third request: every offer is spoken for, so nothing is proposed.
    let third = new_request(&app, &w.worker, 1).await;
    let run = ok(app
        .post(
            "/api/v1/matching/runs",
            Some(&w.worker),
            &json!({"dry_run": true}),
        )
        .await)
    .await;
    assert_eq!(run["proposals"], json!([]), "{run}");
    assert_eq!(run["unmatched"][0]["request_id"], third.as_str());

    // Anna declines: her match is free again and goes to the request that still needs one.
    assert_eq!(
        act(&app, &anna, manual["id"].as_str().unwrap(), "decline")
            .await
            .status()
            .as_u16(),
        200
    );
    let run = ok(app
        .post(
            "/api/v1/matching/runs",
            Some(&w.worker),
            &json!({"dry_run": false}),
        )
        .await)
    .await;
    let proposals = run["proposals"].as_array().unwrap();
    assert_eq!(proposals.len(), 1, "{run}");
    assert_eq!(proposals[0]["offer_id"], a.as_str());
    assert_eq!(proposals[0]["request_id"], third.as_str());
    assert_eq!(over_proposed(&app), (0, 0));
}

/// Each proposal carries what a person reviews it by, the same on a dry run and on the
/// writing run after it.
#[actix_web::test]
async fn a_proposal_says_what_it_is_reviewed_by_and_a_dry_run_plans_what_is_then_written() {
    let app = spawn_app().await;
    let w = world(&app, 1).await;
    let (_, _, offer) = helper(&app, "Anna de Vries", "propose", 1).await;
    let suggested = ok(app
        .get(
            &format!("/api/v1/requests/{}/suggestions", w.request_id),
            Some(&w.worker),
        )
        .await)
    .await;
    let dry = ok(app
        .post(
            "/api/v1/matching/runs",
            Some(&w.worker),
            &json!({"dry_run": true}),
        )
        .await)
    .await;
    let p = &dry["proposals"][0];
    assert_eq!(p["request_id"], w.request_id.as_str());
    assert_eq!(p["offer_id"], offer.as_str());
    assert_eq!(p["request_title"], "Boodschappen op dinsdag");
    assert_eq!(p["wijk_code"], WIJK);
    assert_eq!(p["volunteer_display_name"], "Anna de Vries");
    assert!(p.get("match_id").is_none());
    // Reasons and score as the request's suggestions give them for the same pair.
    let s = &suggested["items"][0];
    assert_eq!(s["offer_id"], offer.as_str());
    assert_eq!(p["score"], s["score"]);
    assert_eq!(p["reasons"], s["reasons"]);
    assert_eq!(p["reasons"]["skills_matched"], json!(["cycling"]));
    assert_eq!(app.count("matches"), 0);

    let run = ok(app
        .post(
            "/api/v1/matching/runs",
            Some(&w.worker),
            &json!({"dry_run": false}),
        )
        .await)
    .await;
    let written = &run["proposals"][0];
    for field in [
        "request_id",
        "offer_id",
        "score",
        "reasons",
        "request_title",
        "wijk_code",
        "volunteer_display_name",
    ] {
        assert_eq!(written[field], p[field], "{field}");
    }
    let m = ok(app
        .get(
            &format!("/api/v1/matches/{}", written["match_id"].as_str().unwrap()),
            Some(&w.worker),
        )
        .await)
    .await;
    assert_eq!(m["offer_id"], offer.as_str());
    assert_eq!(m["score"], p["score"]);
}

/// The write transaction checks every proposal again: one that a change between solving and
/// writing made impossible (here a proposal by hand that speaks for the only place) is
/// left out and said to have changed.
#[actix_web::test]
async fn a_proposal_that_became_impossible_while_solving_is_not_written() {
    let app = spawn_app().await;
    let w = world(&app, 1).await;
    let (_, _, a) = helper(&app, "Anna", "propose", 1).await;
    let (_, _, b) = helper(&app, "Bert", "propose", 1).await;
    let (admin_id, _) = app.admin().await;
    let caller = wijkmatch::domain::account::Caller {
        user_id: admin_id,
        session_id: String::new(),
        roles: wijkmatch::domain::roles::Roles::from_list(&[
            wijkmatch::domain::roles::Role::Volunteer,
            wijkmatch::domain::roles::Role::Admin,
        ])
        .unwrap(),
        wij_team_id: None,
        logged_in_at: chrono::Utc::now().naive_utc(),
    };
    let planned = {
        let _now = app.ctx.clock.install();
        let mut conn = app.ctx.db.get().unwrap();
        let inputs = runs::read_inputs(&mut conn, &[WIJK.to_owned()], false).unwrap();
        runs::solve(inputs, &app.settings.matching)
    };
    assert_eq!(planned.plan.proposals.len(), 1);
    let planned_offer = planned.plan.proposals[0].offer_id.to_string();
    // Meanwhile the other offer is proposed by hand: it speaks for the request's only place.
    let other = if planned_offer == a { &b } else { &a };
    matched(&app, &w.worker, &w.request_id, other).await;
    let view = {
        let _now = app.ctx.clock.install();
        let mut conn = app.ctx.db.get().unwrap();
        runs::commit(&mut conn, &caller, planned).unwrap()
    };
    assert!(view.proposals.is_empty());
    assert_eq!(view.filled_places, 0);
    assert_eq!(view.unmatched.len(), 1);
    assert_eq!(view.unmatched[0].reason, "changed_during_run");
    assert_eq!(app.count("matches"), 1, "only the proposal by hand");
}

/// How many requests have more pending and held matches than helpers needed, and how many
/// offers more pending and confirmed matches than `max_matches`.
fn over_proposed(app: &crate::helpers::TestApp) -> (u32, u32) {
    let count = |sql: &str| -> u32 { scalar(app, sql).unwrap().parse().unwrap() };
    (
        count(
            "SELECT CAST(COUNT(*) AS TEXT) AS v FROM requests r WHERE r.places_held + \
             (SELECT COUNT(*) FROM matches m WHERE m.request_id = r.id \
              AND m.status IN ('proposed', 'applied')) > r.helpers_needed",
        ),
        count(
            "SELECT CAST(COUNT(*) AS TEXT) AS v FROM offers o WHERE o.confirmed_matches + \
             (SELECT COUNT(*) FROM matches m WHERE m.offer_id = o.id \
              AND m.status IN ('proposed', 'applied')) > o.max_matches",
        ),
    )
}

#[derive(Debug, Clone)]
enum Step {
    Run,
    /// The volunteer of the n-th pending proposal (by id) accepts it.
    Accept(usize),
    /// The volunteer of the n-th pending proposal (by id) declines it.
    Decline(usize),
    /// A new request needing this many helpers.
    File(i64),
}

fn step() -> impl proptest::strategy::Strategy<Value = Step> {
    use proptest::prelude::*;
    prop_oneof![
        3 => Just(Step::Run),
        2 => (0usize..8).prop_map(Step::Accept),
        2 => (0usize..8).prop_map(Step::Decline),
        1 => (1i64..=3).prop_map(Step::File),
    ]
}

/// Small random cities: after any sequence of writing runs, accepts, declines and new
/// requests, no request has more pending and held matches than it needs, no offer more
/// pending and confirmed ones than its `max_matches` — and so every proposal a run made can
/// be accepted. Each case starts a fresh app (`PROPTEST_CASES` sets how many; default 6).
#[test]
fn runs_never_over_propose_whatever_happens_between_them() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};

    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(6);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let city = (
        proptest::collection::vec(1i64..=3, 1..=3),
        proptest::collection::vec(1i64..=2, 1..=3),
        proptest::collection::vec(step(), 1..=8),
    );
    runner
        .run(&city, |(needs, maxes, steps)| {
            actix_web::rt::System::new().block_on(async move {
                let app = spawn_app().await;
                let w = world(&app, needs[0]).await;
                for n in &needs[1..] {
                    new_request(&app, &w.worker, *n).await;
                }
                let mut tokens = std::collections::HashMap::new();
                for (i, max) in maxes.iter().enumerate() {
                    let (id, token, _) =
                        helper(&app, &format!("Helper {i}"), "propose", *max).await;
                    tokens.insert(id, token);
                }
                for s in &steps {
                    match s {
                        Step::Run => {
                            ok(app
                                .post(
                                    "/api/v1/matching/runs",
                                    Some(&w.worker),
                                    &json!({"dry_run": false}),
                                )
                                .await)
                            .await;
                        }
                        Step::Accept(n) | Step::Decline(n) => {
                            let pending: Vec<(String, String)> = ok(app
                                .get("/api/v1/matches?status=proposed&limit=200", Some(&w.admin))
                                .await)
                            .await["items"]
                                .as_array()
                                .unwrap()
                                .iter()
                                .map(|m| {
                                    (
                                        m["id"].as_str().unwrap().to_owned(),
                                        m["volunteer_id"].as_str().unwrap().to_owned(),
                                    )
                                })
                                .collect();
                            if pending.is_empty() {
                                continue;
                            }
                            let (id, volunteer) = &pending[n % pending.len()];
                            let action = if matches!(s, Step::Accept(_)) {
                                "accept"
                            } else {
                                "decline"
                            };
                            let answer = act(&app, &tokens[volunteer], id, action).await;
                            // Never over-proposed, so every proposal can be accepted.
                            prop_assert_eq!(answer.status().as_u16(), 200, "{} {}", action, id);
                        }
                        Step::File(n) => {
                            new_request(&app, &w.worker, *n).await;
                        }
                    }
                    prop_assert_eq!(over_proposed(&app), (0, 0), "after {:?}", s);
                }
                Ok(())
            })
        })
        .unwrap();
}
