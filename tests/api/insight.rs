//! Public statistics with small-number suppression, the export of everything stored about a
//! volunteer, and erasure that leaves no trace of them in any table.

use serde_json::{Value, json};

use crate::fixtures::*;
use crate::helpers::{assert_problem, spawn_app};

fn wijk<'a>(stats: &'a Value, code: &str) -> &'a Value {
    stats["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["code"] == code)
        .unwrap()
}

#[actix_web::test]
async fn statistics_are_public_aggregates_with_small_numbers_suppressed() {
    let app = spawn_app().await;
    let empty = ok(app.get("/api/v1/stats/wijken", None).await).await;
    let items = empty["items"].as_array().unwrap();
    assert_eq!(items.len(), 20);
    assert_eq!(empty["next_cursor"], Value::Null);
    let first = &items[0];
    for key in [
        "volunteers",
        "initiatives",
        "open_requests",
        "confirmed_matches_30d",
    ] {
        assert_eq!(first[key], 0, "{key}: zero is shown as 0");
    }
    assert_eq!(first["median_hours_to_match"], Value::Null);
    assert_eq!(first["hours_confirmed_30d"], Value::Null);

    let w = world(&app, 5).await;
    let mut vols = Vec::new();
    for i in 0..5 {
        vols.push(helper(&app, &format!("Helper {i}"), "propose", 1).await);
    }
    let stats = ok(app.get("/api/v1/stats/wijken", None).await).await;
    let ours = wijk(&stats, WIJK);
    assert_eq!(ours["volunteers"], 5);
    assert_eq!(ours["open_requests"], "<5");
    assert_eq!(ours["confirmed_matches_30d"], 0);
    // Five confirmed matches on five requests, five volunteers logging confirmed hours.
    let d = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Amsterdam)
        .date_naive()
        .to_string();
    let mut requests = vec![w.request_id.clone()];
    for _ in 0..4 {
        requests.push(new_request(&app, &w.worker, 1).await);
    }
    for (i, (_, token, offer)) in vols.iter().enumerate() {
        let m = matched(&app, &w.worker, &requests[i], offer).await;
        let mid = m["id"].as_str().unwrap();
        ok(act(&app, token, mid, "accept").await).await;
        if i < 4 {
            let e = created(
                app.post(
                    &format!("/api/v1/matches/{mid}/hours"),
                    Some(token),
                    &json!({"date": d, "hours": 1.5}),
                )
                .await,
            )
            .await;
            ok(app
                .post(
                    &format!("/api/v1/hours/{}/confirm", e["id"].as_str().unwrap()),
                    Some(&w.worker),
                    &json!({}),
                )
                .await)
            .await;
        }
    }
    let stats = ok(app.get("/api/v1/stats/wijken", None).await).await;
    let ours = wijk(&stats, WIJK);
    assert_eq!(ours["confirmed_matches_30d"], 5);
    assert!(ours["median_hours_to_match"].is_number(), "{ours}");
    assert_eq!(
        ours["hours_confirmed_30d"],
        Value::Null,
        "four volunteers: suppressed"
    );
    // A fifth volunteer's confirmed hours make the figure public.
    let (_, token, _) = &vols[4];
    let mine = ok(app.get("/api/v1/matches", Some(token)).await).await;
    let mid = mine["items"][0]["id"].as_str().unwrap();
    let e = created(
        app.post(
            &format!("/api/v1/matches/{mid}/hours"),
            Some(token),
            &json!({"date": d, "hours": 2}),
        )
        .await,
    )
    .await;
    ok(app
        .post(
            &format!("/api/v1/hours/{}/confirm", e["id"].as_str().unwrap()),
            Some(&w.worker),
            &json!({}),
        )
        .await)
    .await;
    let stats = ok(app.get("/api/v1/stats/wijken", None).await).await;
    assert_eq!(wijk(&stats, WIJK)["hours_confirmed_30d"], 8.0);
    // Paging and limits like every collection.
    let page = ok(app.get("/api/v1/stats/wijken?limit=15", None).await).await;
    let cursor = page["next_cursor"].as_str().unwrap();
    let rest = ok(app
        .get(
            &format!("/api/v1/stats/wijken?limit=15&cursor={cursor}"),
            None,
        )
        .await)
    .await;
    assert_eq!(rest["items"].as_array().unwrap().len(), 5);
    assert_problem(app.get("/api/v1/stats/wijken?limit=0", None).await, 400).await;
    assert_problem(
        app.get("/api/v1/stats/wijken", Some("not-a-token")).await,
        401,
    )
    .await;
}

const NAME: &str = "Wietske Zeldzamenaam";
const NOTE: &str = "Mevrouw bleek een kat te hebben (notitie-xq7)";
const TITLE: &str = "Fietsen voor de buurt (titel-zz9)";

#[actix_web::test]
async fn export_holds_offers_matches_and_hours_and_erasure_leaves_no_trace() {
    let app = spawn_app().await;
    let w = world(&app, 1).await;
    let (vol_id, email) = app.register(NAME).await;
    let token = app.token_for(&email).await;
    ok(app
        .put(
            "/api/v1/volunteers/me",
            Some(&token),
            &profile(NAME, "propose"),
        )
        .await)
    .await;
    let mut body = offer_body(1);
    body["title"] = json!(TITLE);
    let offer = created(app.post("/api/v1/offers", Some(&token), &body).await).await;
    let offer_id = offer["id"].as_str().unwrap();
    let m = matched(&app, &w.worker, &w.request_id, offer_id).await;
    let mid = m["id"].as_str().unwrap().to_owned();
    ok(act(&app, &token, &mid, "accept").await).await;
    let d = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Amsterdam)
        .date_naive()
        .to_string();
    let hours = created(
        app.post(
            &format!("/api/v1/matches/{mid}/hours"),
            Some(&token),
            &json!({"date": d, "hours": 2, "note": NOTE}),
        )
        .await,
    )
    .await;

    let worker_export = ok(app.get("/api/v1/me/export", Some(&w.worker)).await).await;
    assert_eq!(worker_export["requests_filed"], json!([w.request_id]));
    let export = ok(app.get("/api/v1/me/export", Some(&token)).await).await;
    assert_eq!(export["offers"][0]["id"], offer_id);
    assert_eq!(export["matches"][0]["id"], mid.as_str());
    assert_eq!(export["hours"][0]["note"], NOTE);
    let about: Vec<&str> = export["audit_entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["subject_id"].as_str().unwrap())
        .collect();
    for subject in [offer_id, mid.as_str(), hours["id"].as_str().unwrap()] {
        assert!(about.contains(&subject), "audit about {subject}: {about:?}");
    }

    assert_eq!(app.delete("/api/v1/me", Some(&token)).await.status(), 204);
    assert_problem(app.get("/api/v1/me", Some(&token)).await, 401).await;
    for needle in [NAME, email.as_str(), NOTE, TITLE] {
        assert_eq!(
            traces_of(&app, needle),
            Vec::<(String, String)>::new(),
            "{needle}"
        );
    }
    // The match stays, cancelled and without personal fields; its place is free again.
    let m = ok(app
        .get(&format!("/api/v1/matches/{mid}"), Some(&w.worker))
        .await)
    .await;
    assert_eq!(m["status"], "cancelled");
    let r = ok(app
        .get(
            &format!("/api/v1/requests/{}", w.request_id),
            Some(&w.worker),
        )
        .await)
    .await;
    assert_eq!(
        (r["places_held"].as_i64(), r["status"].as_str()),
        (Some(0), Some("open"))
    );
    // The hours stay (the request's history), without the note.
    assert_eq!(app.count("hours"), 1);
    assert_eq!(app.count("offers"), 0);
    // The erasure itself is audited, by pseudonymous id.
    let log = ok(app
        .get(&format!("/api/v1/audit?subject={vol_id}"), Some(&w.admin))
        .await)
    .await;
    assert!(
        log["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "erase")
    );
}
