//! The rules an outside audit showed missing: nobody on both sides of a match, no lasting
//! rights from having filed a request, invariants that hold under concurrent writers.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::fixtures::{WIJK, act, created, helper, matched, ok, request_body, world};
use crate::helpers::{TestApp, assert_problem, spawn_app};

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
    let mut body = request_body(2);
    body["initiative_id"] = initiative["id"].clone();
    body.as_object_mut().unwrap().remove("private");
    let request = created(
        app.post("/api/v1/requests", Some(&coordinator), &body)
            .await,
    )
    .await;
    (coordinator, id(&initiative), id(&request))
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
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Amsterdam)
        .date_naive()
        .to_string();
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
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Amsterdam)
        .date_naive()
        .to_string();
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
