//! The rules an outside audit showed missing: nobody on both sides of a match, no lasting
//! rights from having filed a request, invariants that hold under concurrent writers.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::fixtures::{WIJK, act, created, helper, matched, ok, request_body, world};
use crate::helpers::{TestApp, assert_problem, spawn_app, spawn_app_with};

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_owned()
}

/// A plain volunteer's initiative in [`WIJK`] with one request for it: (coordinator token,
/// initiative id, request id).
async fn initiative_with_request(app: &TestApp, name: &str) -> (String, String, String) {
    let (_, coordinator) = app.volunteer(name).await;
    let initiative = crate::initiatives::create(
        app,
        &coordinator,
        &crate::initiatives::initiative(&format!("Buurtkamer {name}"), WIJK),
    )
    .await;
    let body = recruiting(&id(&initiative), 2);
    let request = created(
        app.post("/api/v1/requests", Some(&coordinator), &body)
            .await,
    )
    .await;
    (coordinator, id(&initiative), id(&request))
}

/// A coordinator's request recruiting helpers for their initiative (no private part).
fn recruiting(initiative_id: &str, helpers_needed: i64) -> Value {
    let mut body = request_body(helpers_needed);
    body["initiative_id"] = json!(initiative_id);
    body.as_object_mut().unwrap().remove("private");
    body
}

#[actix_web::test]
async fn nobody_answers_their_own_application_or_decides_their_own_hours() {
    let app = spawn_app().await;
    // An accomplice runs an initiative; the volunteer applies to its request, then is made
    // a coordinator, which makes them a manager of the request they applied to.
    let (accomplice, initiative, request) = initiative_with_request(&app, "Anke").await;
    let (volunteer_id, volunteer, offer) = helper(&app, "Victor", "propose", 1).await;
    let application = matched(&app, &volunteer, &request, &offer).await;
    assert_eq!(application["status"], "applied");
    let match_id = id(&application);
    let r = app
        .post(
            &format!("/api/v1/initiatives/{initiative}/coordinators"),
            Some(&accomplice),
            &json!({"user_id": volunteer_id}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);

    for action in ["accept", "decline"] {
        assert_problem(act(&app, &volunteer, &match_id, action).await, 403).await;
    }
    let m = ok(app
        .get(&format!("/api/v1/matches/{match_id}"), Some(&volunteer))
        .await)
    .await;
    assert_eq!(m["status"], "applied", "nothing changed");

    // The other side accepts; the volunteer logs hours and still cannot confirm them.
    let m = ok(act(&app, &accomplice, &match_id, "accept").await).await;
    assert_eq!(m["status"], "confirmed");
    let today = crate::hours::today().to_string();
    let hours = created(
        app.post(
            &format!("/api/v1/matches/{match_id}/hours"),
            Some(&volunteer),
            &json!({"date": today, "hours": 24}),
        )
        .await,
    )
    .await;
    for action in ["confirm", "reject"] {
        assert_problem(
            app.post(
                &format!("/api/v1/hours/{}/{action}", id(&hours)),
                Some(&volunteer),
                &json!({}),
            )
            .await,
            403,
        )
        .await;
    }
    let statement = ok(app
        .get("/api/v1/me/hours/statement", Some(&volunteer))
        .await)
    .await;
    assert_eq!(statement["total_confirmed_hours"], 0.0);
    // The accomplice, on the other side, may decide.
    ok(app
        .post(
            &format!("/api/v1/hours/{}/confirm", id(&hours)),
            Some(&accomplice),
            &json!({}),
        )
        .await)
    .await;
}

#[actix_web::test]
async fn a_creator_manages_a_request_only_while_they_hold_the_role_that_let_them_file() {
    let app = spawn_app().await;
    let w = world(&app, 1).await;
    let path = format!("/api/v1/requests/{}", w.request_id);
    let full = ok(app.get(&path, Some(&w.worker)).await).await;
    assert!(full.get("private").is_some());
    // A second request of the worker's, closed: only managers may know it exists.
    let closed = crate::fixtures::new_request(&app, &w.worker, 1).await;
    ok(app
        .post(
            &format!("/api/v1/requests/{closed}/close"),
            Some(&w.worker),
            &json!({}),
        )
        .await)
    .await;

    // The worker leaves the team and stays a volunteer.
    let r = app
        .put(
            &format!("/api/v1/users/{}/roles", w.worker_id),
            Some(&w.admin),
            &json!({"roles": ["volunteer"], "wij_team_id": null}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    let email = crate::fixtures::scalar(
        &app,
        &format!("SELECT email AS v FROM users WHERE id = '{}'", w.worker_id),
    )
    .unwrap();
    let former = app.token_for(&email).await;

    let public = ok(app.get(&path, Some(&former)).await).await;
    assert!(public.get("private").is_none(), "the public face only");
    assert_problem(
        app.patch(&path, Some(&former), &json!({"title": "Nieuwe titel"}))
            .await,
        403,
    )
    .await;
    assert_problem(
        app.post(&format!("{path}/close"), Some(&former), &json!({}))
            .await,
        403,
    )
    .await;
    assert_problem(
        app.get(&format!("/api/v1/requests/{closed}"), Some(&former))
            .await,
        404,
    )
    .await;
    let list = ok(app.get("/api/v1/requests", Some(&former)).await).await;
    for item in list["items"].as_array().unwrap() {
        assert!(item.get("private").is_none(), "no private part in the list");
        assert_ne!(item["id"], closed.as_str());
    }
    let suggestions = app.get(&format!("{path}/suggestions"), Some(&former)).await;
    assert_problem(suggestions, 403).await;
    let title = ok(app.get(&path, Some(&w.admin)).await).await["title"].clone();
    assert_eq!(title, request_body(1)["title"], "nothing was changed");
}

#[actix_web::test]
async fn a_day_never_holds_more_than_24_hours_under_concurrent_entries() {
    let app = spawn_app().await;
    let w = world(&app, 1).await;
    let (_, volunteer, offer) = helper(&app, "Victor", "propose", 1).await;
    let proposal = matched(&app, &w.worker, &w.request_id, &offer).await;
    ok(act(&app, &volunteer, &id(&proposal), "accept").await).await;
    let today = crate::hours::today().to_string();
    let path = format!("/api/v1/matches/{}/hours", id(&proposal));
    let body = json!({"date": today, "hours": 8});
    let answers =
        futures_util::future::join_all((0..6).map(|_| app.post(&path, Some(&volunteer), &body)))
            .await;
    let mut created_count = 0;
    for r in answers {
        match r.status() {
            StatusCode::CREATED => created_count += 1,
            StatusCode::BAD_REQUEST => {}
            other => panic!("unexpected {other}: {}", r.text().await.unwrap()),
        }
    }
    assert_eq!(created_count, 3, "three entries of 8 h fill the day");
    assert_eq!(app.count("hours"), 3);
}

#[actix_web::test]
async fn two_coordinators_removing_each_other_at_once_leave_one() {
    let app = spawn_app().await;
    for round in 0..4 {
        let (a_id, a) = app.volunteer("Anke").await;
        let (b_id, b) = app.volunteer("Bart").await;
        let initiative = id(&crate::initiatives::create(
            &app,
            &a,
            &crate::initiatives::initiative(&format!("Moestuin {round}"), WIJK),
        )
        .await);
        let path = format!("/api/v1/initiatives/{initiative}/coordinators");
        let r = app.post(&path, Some(&a), &json!({"user_id": b_id})).await;
        assert_eq!(r.status(), StatusCode::CREATED);
        let (remove_b, remove_a) = (format!("{path}/{b_id}"), format!("{path}/{a_id}"));
        let (ra, rb) = tokio::join!(
            app.delete(&remove_b, Some(&a)),
            app.delete(&remove_a, Some(&b)),
        );
        let statuses = [ra.status().as_u16(), rb.status().as_u16()];
        assert!(
            statuses.contains(&204) && statuses.iter().all(|s| [204, 403, 409].contains(s)),
            "one removal wins, the other is refused: {statuses:?}"
        );
        let list = ok(app.get(&path, None).await).await;
        assert_eq!(list["items"].as_array().unwrap().len(), 1, "round {round}");
    }
}

#[actix_web::test]
async fn two_admins_demoting_each_other_at_once_leave_one() {
    let app = spawn_app().await;
    let (mut a_id, mut a) = app.admin().await;
    for round in 0..4 {
        let (b_id, b) = app.admin().await;
        let demote = json!({"roles": ["volunteer"], "wij_team_id": null});
        let (roles_b, roles_a) = (
            format!("/api/v1/users/{b_id}/roles"),
            format!("/api/v1/users/{a_id}/roles"),
        );
        let (ra, rb) = tokio::join!(
            app.put(&roles_b, Some(&a), &demote),
            app.put(&roles_a, Some(&b), &demote),
        );
        let statuses = [ra.status().as_u16(), rb.status().as_u16()];
        assert!(statuses.contains(&200), "round {round}: {statuses:?}");
        let admins = crate::fixtures::scalar(
            &app,
            "SELECT CAST(COUNT(*) AS TEXT) AS v FROM users WHERE roles LIKE '%admin%'",
        );
        assert_eq!(admins.as_deref(), Some("1"), "round {round}: {statuses:?}");
        // Carry on with whoever is still admin.
        if ra.status() == StatusCode::OK {
            continue;
        }
        (a_id, a) = (b_id, b);
    }
}

#[actix_web::test]
async fn the_social_map_decides_reach_from_public_locations_only() {
    let app = spawn_app().await;
    let (_, admin) = app.admin().await;
    // Home wijk Centrum, private address in Haren, more than 5 km south, radius 2 km.
    let mut body = crate::volunteers::profile("Hanna", "WK001400");
    body["lat"] = json!(53.1678);
    body["lon"] = json!(6.59513);
    body["max_distance_km"] = json!(2);
    let (hanna, _) = crate::volunteers::with_profile(&app, "Hanna", &body).await;
    let listed = |map: &Value| {
        map["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["id"] == hanna.as_str())
    };
    let haren = ok(app
        .get("/api/v1/wijken/WK001417/partners", Some(&admin))
        .await)
    .await;
    assert!(
        !listed(&haren),
        "reach near the private address shows nothing"
    );
    let centrum = ok(app
        .get("/api/v1/wijken/WK001400/partners", Some(&admin))
        .await)
    .await;
    assert!(listed(&centrum), "the home wijk is reached");

    // A database whose reach rows were derived from private locations is corrected once,
    // at start.
    app.exec(&format!(
        "INSERT INTO volunteer_reach (wijk_code, user_id, distance_km, is_home) \
         VALUES ('WK001417', '{hanna}', 6, false)"
    ));
    app.exec("DELETE FROM data_upgrades");
    let mut conn = app.ctx.db.get().unwrap();
    let ran = wijkmatch::service::upgrades::apply_pending(&mut conn).unwrap();
    assert_eq!(ran, vec!["volunteer_reach_from_home_centroid"]);
    assert!(
        wijkmatch::service::upgrades::apply_pending(&mut conn)
            .unwrap()
            .is_empty(),
        "once"
    );
    drop(conn);
    let haren = ok(app
        .get("/api/v1/wijken/WK001417/partners", Some(&admin))
        .await)
    .await;
    assert!(!listed(&haren));
    let centrum = ok(app
        .get("/api/v1/wijken/WK001400/partners", Some(&admin))
        .await)
    .await;
    assert!(listed(&centrum));
}

/// Call `n` times; the statuses in order.
async fn statuses(n: usize, call: impl AsyncFn() -> reqwest::Response) -> Vec<u16> {
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        out.push(call().await.status().as_u16());
    }
    out
}

async fn assert_throttled(r: reqwest::Response) {
    let retry_after: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry_after >= 1, "Retry-After {retry_after}");
    assert_problem(r, 429).await;
}

#[actix_web::test]
async fn per_user_limits_answer_429_with_retry_after() {
    let app = spawn_app_with(|s| {
        s.limits.exports_per_day = 2;
        s.limits.applications_per_hour = 2;
        s.limits.matching_runs_per_minute = 2;
        s.limits.requests_per_day_by_non_staff = 2;
    })
    .await;

    // Exports: per user, so another user is not affected.
    let (_, vera) = app.volunteer("Vera").await;
    let export = || app.get("/api/v1/me/export", Some(&vera));
    assert_eq!(statuses(2, export).await, [200, 200]);
    assert_throttled(export().await).await;
    let (_, other) = app.volunteer("Otto").await;
    assert_eq!(
        app.get("/api/v1/me/export", Some(&other)).await.status(),
        StatusCode::OK
    );

    // Requests by a coordinator who is not staff; the worker is not counted.
    let (coordinator, initiative_id, _) = initiative_with_request(&app, "Carla").await;
    let body = recruiting(&initiative_id, 1);
    let file = || app.post("/api/v1/requests", Some(&coordinator), &body);
    assert_eq!(statuses(1, file).await, [201], "the second of the day");
    let before = app.count("requests");
    assert_throttled(file().await).await;
    assert_eq!(app.count("requests"), before, "nothing stored");
    let w = world(&app, 3).await;
    assert_eq!(
        statuses(3, || crate::fixtures::file_request(&app, &w.worker)).await,
        [201, 201, 201]
    );

    // Applications by a volunteer.
    let (_, volunteer, offer) = helper(&app, "Victor", "propose", 5).await;
    let mut requests = Vec::new();
    for _ in 0..3 {
        requests.push(crate::fixtures::new_request(&app, &w.worker, 1).await);
    }
    for request in &requests[..2] {
        matched(&app, &volunteer, request, &offer).await;
    }
    let before = app.count("matches");
    assert_throttled(
        app.post(
            "/api/v1/matches",
            Some(&volunteer),
            &json!({"request_id": requests[2], "offer_id": offer}),
        )
        .await,
    )
    .await;
    assert_eq!(app.count("matches"), before, "nothing stored");
    // A manager proposing is not an application.
    matched(&app, &w.worker, &requests[2], &offer).await;

    // Matching runs.
    let dry_run = json!({"dry_run": true});
    let run = || app.post("/api/v1/matching/runs", Some(&w.worker), &dry_run);
    assert_eq!(statuses(2, run).await, [200, 200]);
    assert_throttled(run().await).await;

    // Each limit is a window: once it has passed, the same caller may again.
    app.advance(chrono::Duration::seconds(50));
    assert_throttled(run().await).await;
    app.advance(chrono::Duration::seconds(15));
    assert_eq!(run().await.status(), StatusCode::OK);
    app.advance(chrono::Duration::hours(23));
    let vera = app.login_again(&vera).await;
    assert_throttled(app.get("/api/v1/me/export", Some(&vera)).await).await;
    app.advance(chrono::Duration::hours(1));
    let vera = app.login_again(&vera).await;
    assert_eq!(
        app.get("/api/v1/me/export", Some(&vera)).await.status(),
        StatusCode::OK
    );
}

#[actix_web::test]
async fn repeated_reads_of_a_private_part_fold_into_one_audit_entry_a_day() {
    let app = spawn_app().await;
    let w = world(&app, 1).await;
    let audit_rows = || {
        crate::fixtures::scalar(
            &app,
            &format!(
                "SELECT CAST(COUNT(*) AS TEXT) AS v FROM audit_log \
                 WHERE action = 'read_private' AND subject_id = '{}'",
                w.request_id
            ),
        )
    };
    let path = format!("/api/v1/requests/{}", w.request_id);
    let reads = futures_util::future::join_all((0..10).map(|_| app.get(&path, Some(&w.worker))));
    for r in reads.await {
        assert_eq!(r.status(), StatusCode::OK);
    }
    for _ in 0..5 {
        ok(app.get("/api/v1/requests", Some(&w.worker)).await).await;
    }
    assert_eq!(audit_rows().as_deref(), Some("1"), "one entry for 16 reads");
    // Another actor reading is another entry.
    ok(app.get(&path, Some(&w.admin)).await).await;
    assert_eq!(audit_rows().as_deref(), Some("2"));

    let entries = ok(app
        .get(
            &format!("/api/v1/audit?subject={}", w.request_id),
            Some(&w.admin),
        )
        .await)
    .await;
    let reads: Vec<&Value> = entries["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "read_private")
        .collect();
    let worker_entry = reads
        .iter()
        .find(|e| e["actor_id"] == w.worker_id.as_str())
        .unwrap();
    // The answer to filing the request showed the private part too: 1 + 10 + 5 reads.
    assert_eq!(
        worker_entry["count"], 16,
        "no read is lost under concurrency"
    );
    assert!(worker_entry["last_at"].as_str().unwrap() >= worker_entry["at"].as_str().unwrap());
    // Other actions are never folded.
    let creates = entries["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "create")
        .count();
    assert_eq!(creates, 1);

    // The next day (Europe/Amsterdam) starts a new entry (a new login: the session ended).
    app.advance(chrono::Duration::days(1));
    let worker = app.login_again(&w.worker).await;
    ok(app.get(&path, Some(&worker)).await).await;
    assert_eq!(audit_rows().as_deref(), Some("3"));
    ok(app.get(&path, Some(&worker)).await).await;
    assert_eq!(
        audit_rows().as_deref(),
        Some("3"),
        "and folds that day's reads"
    );
}

#[actix_web::test]
async fn puppet_accounts_cannot_difference_the_hours_statistic() {
    let app = spawn_app().await;
    let today = crate::hours::today().to_string();
    let log_and_confirm = async |volunteer: &str, match_id: &str, hours: f64, manager: &str| {
        let entry = created(
            app.post(
                &format!("/api/v1/matches/{match_id}/hours"),
                Some(volunteer),
                &json!({"date": today, "hours": hours}),
            )
            .await,
        )
        .await;
        ok(app
            .post(
                &format!("/api/v1/hours/{}/confirm", id(&entry)),
                Some(manager),
                &json!({}),
            )
            .await)
        .await;
    };
    // The one real volunteer of the wijk, whose hours a WIJ-team worker confirms.
    let w = world(&app, 1).await;
    let (_, target, offer) = helper(&app, "Tessa", "propose", 1).await;
    let m = matched(&app, &w.worker, &w.request_id, &offer).await;
    ok(act(&app, &target, &id(&m), "accept").await).await;
    log_and_confirm(&target, &id(&m), 3.0, &w.worker).await;

    // Four puppets, each with one known hour, confirmed by the attacker's own initiative:
    // five volunteers stand behind the wijk's figure, four of them with known hours.
    let (coordinator, initiative_id, first) = initiative_with_request(&app, "Mallory").await;
    let second = created(
        app.post(
            "/api/v1/requests",
            Some(&coordinator),
            &recruiting(&initiative_id, 2),
        )
        .await,
    )
    .await;
    let requests = [first, id(&second)];
    for i in 0..4 {
        let (_, puppet, offer) = helper(&app, &format!("Puppet {i}"), "propose", 1).await;
        let application = matched(&app, &puppet, &requests[i / 2], &offer).await;
        ok(act(&app, &coordinator, &id(&application), "accept").await).await;
        log_and_confirm(&puppet, &id(&application), 1.0, &coordinator).await;
    }
    let stats = ok(app.get("/api/v1/stats/wijken", None).await).await;
    let ours = stats["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["code"] == WIJK)
        .unwrap()
        .clone();
    // Were the puppets' hours counted, 7 − 4 would give away the target's 3.
    assert_eq!(
        ours["hours_confirmed_30d"],
        Value::Null,
        "only vetted confirmations count, and one volunteer is too few: {ours}"
    );
}
