//! Hours: logged by the matched volunteer, confirmed or rejected by the request's managers,
//! listed, and summed in a statement.

use serde_json::{Value, json};

use crate::fixtures::*;
use crate::helpers::{TestApp, assert_problem, error_fields, spawn_app};

pub fn today() -> chrono::NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Amsterdam)
        .date_naive()
}

async fn confirmed_match(app: &TestApp) -> (World, String, String) {
    let w = world(app, 1).await;
    let (_, vol, offer) = helper(app, "Pia", "propose", 1).await;
    let m = matched(app, &w.worker, &w.request_id, &offer).await;
    let mid = m["id"].as_str().unwrap().to_owned();
    ok(act(app, &vol, &mid, "accept").await).await;
    (w, vol, mid)
}

async fn log(app: &TestApp, token: &str, mid: &str, body: Value) -> reqwest::Response {
    app.post(&format!("/api/v1/matches/{mid}/hours"), Some(token), &body)
        .await
}

#[actix_web::test]
async fn the_volunteer_logs_hours_and_a_manager_confirms_them() {
    let app = spawn_app().await;
    let (w, vol, mid) = confirmed_match(&app).await;
    let d = today().to_string();
    let entry = created(
        log(
            &app,
            &vol,
            &mid,
            json!({"date": d, "hours": 2.25, "note": "Boodschappen gedaan"}),
        )
        .await,
    )
    .await;
    assert_eq!(entry["status"], "logged");
    assert_eq!(entry["hours"], 2.25);
    assert_eq!(entry["match_id"], mid.as_str());
    assert_eq!(entry["confirmed_by"], Value::Null);
    let second = created(log(&app, &vol, &mid, json!({"date": d, "hours": 1})).await).await;
    // Only the matched volunteer logs; only managers decide.
    assert_problem(
        log(&app, &w.worker, &mid, json!({"date": d, "hours": 1})).await,
        403,
    )
    .await;
    let eid = entry["id"].as_str().unwrap();
    assert_problem(
        app.post(
            &format!("/api/v1/hours/{eid}/confirm"),
            Some(&vol),
            &json!({}),
        )
        .await,
        403,
    )
    .await;
    let (_, stranger) = volunteer(&app, "Stijn", "propose").await;
    assert_problem(
        app.post(
            &format!("/api/v1/hours/{eid}/confirm"),
            Some(&stranger),
            &json!({}),
        )
        .await,
        404,
    )
    .await;
    assert_problem(
        log(&app, &stranger, &mid, json!({"date": d, "hours": 1})).await,
        404,
    )
    .await;
    let c = ok(app
        .post(
            &format!("/api/v1/hours/{eid}/confirm"),
            Some(&w.worker),
            &json!({}),
        )
        .await)
    .await;
    assert_eq!(c["status"], "confirmed");
    assert_eq!(c["confirmed_by"], w.worker_id.as_str());
    assert_problem(
        app.post(
            &format!("/api/v1/hours/{eid}/reject"),
            Some(&w.worker),
            &json!({}),
        )
        .await,
        409,
    )
    .await;
    let sid = second["id"].as_str().unwrap();
    let r = ok(app
        .post(
            &format!("/api/v1/hours/{sid}/reject"),
            Some(&w.worker),
            &json!({}),
        )
        .await)
    .await;
    assert_eq!(r["status"], "rejected");
    // Either side lists the match's hours.
    for token in [&vol, &w.worker] {
        let list = ok(app
            .get(&format!("/api/v1/matches/{mid}/hours"), Some(token))
            .await)
        .await;
        assert_eq!(list["items"].as_array().unwrap().len(), 2);
    }
    // The volunteer's own hours, and a statement of the confirmed ones.
    let mine = ok(app.get("/api/v1/me/hours", Some(&vol)).await).await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 2);
    let page = ok(app.get("/api/v1/me/hours?limit=1", Some(&vol)).await).await;
    let cursor = page["next_cursor"].as_str().unwrap();
    let next = ok(app
        .get(
            &format!("/api/v1/me/hours?limit=1&cursor={cursor}"),
            Some(&vol),
        )
        .await)
    .await;
    assert_eq!(next["items"].as_array().unwrap().len(), 1);
    assert_ne!(next["items"][0]["id"], page["items"][0]["id"]);
    let s = ok(app
        .get(
            &format!("/api/v1/me/hours/statement?from={d}&to={d}"),
            Some(&vol),
        )
        .await)
    .await;
    assert_eq!(s["volunteer_display_name"], "Pia");
    assert_eq!(s["total_confirmed_hours"], 2.25);
    assert_eq!(s["from"], d.as_str());
    assert_eq!(s["entries"].as_array().unwrap().len(), 1);
    let earlier = (today() - chrono::Duration::days(40)).to_string();
    let empty = ok(app
        .get(
            &format!("/api/v1/me/hours/statement?from={earlier}&to={earlier}"),
            Some(&vol),
        )
        .await)
    .await;
    assert_eq!(empty["total_confirmed_hours"], 0.0);
    let p = assert_problem(
        app.get(
            &format!("/api/v1/me/hours/statement?from={d}&to={earlier}"),
            Some(&vol),
        )
        .await,
        400,
    )
    .await;
    assert_eq!(error_fields(&p), ["from"]);
    assert_problem(
        app.get("/api/v1/me/hours?from=gisteren", Some(&vol)).await,
        400,
    )
    .await;
    assert_problem(app.get("/api/v1/me/hours", None).await, 401).await;
}

#[actix_web::test]
async fn bad_hours_are_refused_and_nothing_is_stored() {
    let app = spawn_app().await;
    let (w, vol, mid) = confirmed_match(&app).await;
    let d = today().to_string();
    let tomorrow = (today() + chrono::Duration::days(1)).to_string();
    for (body, field) in [
        (json!({"date": tomorrow, "hours": 1}), "date"),
        (json!({"date": d, "hours": 0}), "hours"),
        (json!({"date": d, "hours": 24.5}), "hours"),
        (json!({"date": d, "hours": 1.234}), "hours"),
        (
            json!({"date": d, "hours": 1, "note": "x".repeat(1001)}),
            "note",
        ),
    ] {
        let p = assert_problem(log(&app, &vol, &mid, body).await, 400).await;
        assert_eq!(error_fields(&p), [field]);
    }
    for body in [
        json!({"date": "30-11-2026", "hours": 1}),
        json!({"date": d}),
        json!({"date": d, "hours": 1, "status": "confirmed"}),
    ] {
        assert_problem(log(&app, &vol, &mid, body).await, 400).await;
    }
    // Not before the match was made.
    let long_ago = json!({"date": "1900-01-01", "hours": 1});
    let p = assert_problem(log(&app, &vol, &mid, long_ago).await, 400).await;
    assert_eq!(error_fields(&p), ["date"]);
    assert_eq!(app.count("hours"), 0);
    // A day has 24 hours, whatever the entries.
    created(log(&app, &vol, &mid, json!({"date": d, "hours": 20})).await).await;
    let p = assert_problem(
        log(&app, &vol, &mid, json!({"date": d, "hours": 4.5})).await,
        400,
    )
    .await;
    assert_eq!(error_fields(&p), ["hours"]);
    created(log(&app, &vol, &mid, json!({"date": d, "hours": 4})).await).await;
    assert_eq!(app.count("hours"), 2);
    app.exec("DELETE FROM hours");
    // Not on a match that is not (or no longer) confirmed or completed.
    ok(act(&app, &w.worker, &mid, "cancel").await).await;
    assert_problem(
        log(&app, &vol, &mid, json!({"date": d, "hours": 1})).await,
        409,
    )
    .await;
    assert_eq!(app.count("hours"), 0);
}
