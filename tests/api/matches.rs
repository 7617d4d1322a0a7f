//! The match lifecycle: who may do what, illegal transitions, the matched volunteer's view
//! of the private part, cancellations, and the capacity invariant under concurrency.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::fixtures::*;
use crate::helpers::{assert_problem, error_fields, spawn_app};

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_owned()
}

async fn request_of(app: &crate::helpers::TestApp, token: &str, request_id: &str) -> Value {
    ok(app
        .get(&format!("/api/v1/requests/{request_id}"), Some(token))
        .await)
    .await
}

#[actix_web::test]
async fn a_proposal_is_accepted_by_the_volunteer_and_runs_to_completion() {
    let app = spawn_app().await;
    let w = world(&app, 1).await;
    let (vol_id, vol, offer_id) = helper(&app, "Pia", "propose", 1).await;
    let (_, stranger) = volunteer(&app, "Stijn", "propose").await;
    let m = matched(&app, &w.worker, &w.request_id, &offer_id).await;
    let mid = id(&m);
    assert_eq!(m["status"], "proposed");
    assert_eq!(m["initiated_by"], "team");
    assert_eq!(m["volunteer_id"], vol_id.as_str());
    assert_eq!(m["request_id"], w.request_id.as_str());
    assert_eq!(m["offer_id"], offer_id.as_str());
    assert!((0..=100).contains(&m["score"].as_i64().unwrap()));
    // A pending match holds no place and gives no access to the private part.
    let before = request_of(&app, &vol, &w.request_id).await;
    assert!(before.get("private").is_none());
    assert_eq!(before["places_held"], 0);
    // Only the other side answers; strangers may not know the match exists.
    assert_problem(act(&app, &w.worker, &mid, "accept").await, 403).await;
    assert_problem(act(&app, &stranger, &mid, "accept").await, 404).await;
    assert_problem(
        app.get(&format!("/api/v1/matches/{mid}"), Some(&stranger))
            .await,
        404,
    )
    .await;
    assert_problem(act(&app, &vol, &mid, "complete").await, 409).await;
    assert_problem(act(&app, &vol, &mid, "cancel").await, 409).await;
    let m = ok(act(&app, &vol, &mid, "accept").await).await;
    assert_eq!(m["status"], "confirmed");
    let r = request_of(&app, &w.worker, &w.request_id).await;
    assert_eq!(r["places_held"], 1);
    assert_eq!(r["status"], "filled");
    // Illegal transitions from confirmed answer 409 and change nothing.
    for action in ["accept", "decline"] {
        assert_problem(act(&app, &vol, &mid, action).await, 409).await;
    }
    // The matched volunteer now reads the private part, and that read is audited.
    let full = request_of(&app, &vol, &w.request_id).await;
    assert_eq!(full["private"]["requester_name"], REQUESTER);
    assert_eq!(full["private"]["address"], ADDRESS);
    let log = ok(app
        .get(
            &format!("/api/v1/audit?subject={}", w.request_id),
            Some(&w.admin),
        )
        .await)
    .await;
    assert!(
        log["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "read_private"
                && e["actor_id"] == vol_id.as_str()
                && e["actor_role"] == "matched_volunteer"),
        "{log}"
    );
    // …but is no manager: no PATCH, no suggestions, no close.
    assert_problem(
        app.patch(
            &format!("/api/v1/requests/{}", w.request_id),
            Some(&vol),
            &json!({"title": "x"}),
        )
        .await,
        403,
    )
    .await;
    // Both sides list the match.
    for token in [&vol, &w.worker, &w.admin] {
        let list = ok(app
            .get("/api/v1/matches?status=confirmed", Some(token))
            .await)
        .await;
        assert_eq!(list["items"][0]["id"], mid.as_str(), "{list}");
    }
    let none = ok(app.get("/api/v1/matches", Some(&stranger)).await).await;
    assert_eq!(none["items"], json!([]));
    assert_problem(
        app.get("/api/v1/matches?status=married", Some(&vol)).await,
        400,
    )
    .await;
    // Completion keeps the request's place, frees the offer's.
    let m = ok(act(&app, &w.worker, &mid, "complete").await).await;
    assert_eq!(m["status"], "completed");
    let r = request_of(&app, &w.worker, &w.request_id).await;
    assert_eq!(r["places_held"], 1);
    let offer = ok(app
        .get(&format!("/api/v1/offers/{offer_id}"), Some(&vol))
        .await)
    .await;
    assert_eq!(offer["confirmed_matches"], 0);
    for action in ["complete", "cancel", "accept", "decline"] {
        assert_problem(act(&app, &vol, &mid, action).await, 409).await;
    }
    // Thirty days after completion the private part is no longer the volunteer's to read
    // (a new login each time: the sessions ended long before).
    let still = request_of(&app, &vol, &w.request_id).await;
    assert!(still.get("private").is_some(), "at completion");
    app.advance(chrono::Duration::days(29));
    let vol = app.login_again(&vol).await;
    let still = request_of(&app, &vol, &w.request_id).await;
    assert!(still.get("private").is_some(), "within 30 days");
    app.advance(chrono::Duration::days(2));
    let vol = app.login_again(&vol).await;
    assert_problem(
        app.get(&format!("/api/v1/requests/{}", w.request_id), Some(&vol))
            .await,
        404,
    )
    .await;
}

#[actix_web::test]
async fn an_application_is_answered_by_a_manager_and_a_decline_is_final() {
    let app = spawn_app().await;
    let w = world(&app, 2).await;
    let (_, vol, offer_id) = helper(&app, "Pia", "propose", 2).await;
    let m = matched(&app, &vol, &w.request_id, &offer_id).await;
    assert_eq!(m["status"], "applied");
    let mid = id(&m);
    assert_problem(act(&app, &vol, &mid, "accept").await, 403).await;
    assert_problem(act(&app, &vol, &mid, "decline").await, 403).await;
    // A second live match for the same pair: 409.
    assert_problem(
        app.post(
            "/api/v1/matches",
            Some(&w.worker),
            &json!({"request_id": w.request_id, "offer_id": offer_id}),
        )
        .await,
        409,
    )
    .await;
    let m = ok(act(&app, &w.worker, &mid, "decline").await).await;
    assert_eq!(m["status"], "declined");
    assert_problem(act(&app, &w.worker, &mid, "accept").await, 409).await;
    // Never matched to this request again: not by proposal, not by applying with another
    // offer, not in suggestions.
    let second_offer = created(app.post("/api/v1/offers", Some(&vol), &offer_body(1)).await).await;
    for (token, offer) in [(&w.worker, &offer_id), (&vol, &id(&second_offer))] {
        let p = assert_problem(
            app.post(
                "/api/v1/matches",
                Some(token),
                &json!({"request_id": w.request_id, "offer_id": offer}),
            )
            .await,
            409,
        )
        .await;
        assert!(
            p["detail"].as_str().unwrap().contains("previous_match"),
            "{p}"
        );
    }
    let s = ok(app
        .get(
            &format!("/api/v1/requests/{}/suggestions", w.request_id),
            Some(&w.worker),
        )
        .await)
    .await;
    assert_eq!(s["items"], json!([]));
    let matches_before = app.count("matches");
    assert_eq!(matches_before, 1, "the refused attempts stored nothing");
}

#[actix_web::test]
async fn bad_match_input_is_refused_and_nothing_is_stored() {
    let app = spawn_app().await;
    let w = world(&app, 1).await;
    let (_, vol, offer_id) = helper(&app, "Pia", "propose", 1).await;
    let (_, other) = volunteer(&app, "Otto", "propose").await;
    for body in [
        json!({"request_id": "not-a-uuid", "offer_id": offer_id}),
        json!([w.request_id, offer_id]),
        json!({"request_id": w.request_id}),
        json!({"request_id": w.request_id, "offer_id": offer_id, "status": "confirmed"}),
        json!({"request_id": 5, "offer_id": offer_id}),
    ] {
        assert_problem(
            app.post("/api/v1/matches", Some(&w.worker), &body).await,
            400,
        )
        .await;
    }
    // An id is written as the service writes ids, hyphenated: other UUID spellings are not
    // ids of any record, and both fields are named at once.
    let p = assert_problem(
        app.post(
            "/api/v1/matches",
            Some(&w.worker),
            &json!({
                "request_id": w.request_id.replace('-', ""),
                "offer_id": format!("{{{offer_id}}}"),
            }),
        )
        .await,
        400,
    )
    .await;
    assert_eq!(error_fields(&p), ["request_id", "offer_id"]);
    assert_eq!(p["errors"][0]["code"], "invalid_format");
    let unknown = "00000000-0000-0000-0000-000000000000";
    for (token, body) in [
        (
            &w.worker,
            json!({"request_id": unknown, "offer_id": offer_id}),
        ),
        (
            &w.worker,
            json!({"request_id": w.request_id, "offer_id": unknown}),
        ),
        // Someone else's offer for a request the caller does not manage.
        (
            &other,
            json!({"request_id": w.request_id, "offer_id": offer_id}),
        ),
    ] {
        assert_problem(app.post("/api/v1/matches", Some(token), &body).await, 404).await;
    }
    assert_problem(
        app.post(
            "/api/v1/matches",
            None,
            &json!({"request_id": w.request_id, "offer_id": offer_id}),
        )
        .await,
        401,
    )
    .await;
    // A volunteer offering another category: infeasible.
    let mut body = offer_body(1);
    body["categories"] = json!(["paperwork"]);
    let paperwork = created(app.post("/api/v1/offers", Some(&vol), &body).await).await;
    let p = assert_problem(
        app.post(
            "/api/v1/matches",
            Some(&w.worker),
            &json!({"request_id": w.request_id, "offer_id": id(&paperwork)}),
        )
        .await,
        409,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("category_mismatch"));
    // A closed request takes no matches, and says so.
    let closed = new_request(&app, &w.worker, 1).await;
    ok(app
        .post(
            &format!("/api/v1/requests/{closed}/close"),
            Some(&w.worker),
            &json!({}),
        )
        .await)
    .await;
    let p = assert_problem(
        app.post(
            "/api/v1/matches",
            Some(&w.worker),
            &json!({"request_id": closed, "offer_id": offer_id}),
        )
        .await,
        409,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("closed"), "{p}");
    assert_eq!(app.count("matches"), 0);
    for path in ["/api/v1/matches/nope", "/api/v1/matches/nope/accept"] {
        let r = if path.ends_with("accept") {
            app.post(path, Some(&vol), &json!({})).await
        } else {
            app.get(path, Some(&vol)).await
        };
        assert_problem(r, 404).await;
    }
}

#[actix_web::test]
async fn a_request_that_fills_or_closes_cancels_its_pending_matches() {
    let app = spawn_app().await;
    let w = world(&app, 1).await;
    let (_, a, offer_a) = helper(&app, "Anna", "propose", 1).await;
    let (_, _b, offer_b) = helper(&app, "Bert", "propose", 1).await;
    let (_, _c, offer_c) = helper(&app, "Cees", "propose", 1).await;
    let first = matched(&app, &a, &w.request_id, &offer_a).await;
    let second = matched(&app, &w.worker, &w.request_id, &offer_b).await;
    ok(act(&app, &w.worker, &id(&first), "accept").await).await;
    let second = ok(app
        .get(&format!("/api/v1/matches/{}", id(&second)), Some(&w.worker))
        .await)
    .await;
    assert_eq!(second["status"], "cancelled", "the request filled");
    // Filled: no new proposals.
    let p = assert_problem(
        app.post(
            "/api/v1/matches",
            Some(&w.worker),
            &json!({"request_id": w.request_id, "offer_id": offer_c}),
        )
        .await,
        409,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("filled"), "{p}");
    // Cancelling the confirmed match frees the place: open again.
    ok(act(&app, &a, &id(&first), "cancel").await).await;
    let r = request_of(&app, &w.worker, &w.request_id).await;
    assert_eq!(
        (r["status"].as_str(), r["places_held"].as_i64()),
        (Some("open"), Some(0))
    );
    let third = matched(&app, &w.worker, &w.request_id, &offer_c).await;
    ok(app
        .post(
            &format!("/api/v1/requests/{}/close", w.request_id),
            Some(&w.worker),
            &json!({}),
        )
        .await)
    .await;
    let third = ok(app
        .get(&format!("/api/v1/matches/{}", id(&third)), Some(&w.worker))
        .await)
    .await;
    assert_eq!(third["status"], "cancelled", "the request closed");
    // helpers_needed cannot go below the places held.
    let w2 = new_request(&app, &w.worker, 2).await;
    let (_, d, offer_d) = helper(&app, "Dirk", "propose", 1).await;
    let (_, e, offer_e) = helper(&app, "Eva", "propose", 1).await;
    for (token, offer) in [(&d, &offer_d), (&e, &offer_e)] {
        let m = matched(&app, &w.worker, &w2, offer).await;
        ok(act(&app, token, &id(&m), "accept").await).await;
    }
    assert_problem(
        app.patch(
            &format!("/api/v1/requests/{w2}"),
            Some(&w.worker),
            &json!({"helpers_needed": 1}),
        )
        .await,
        409,
    )
    .await;
}

/// Many managers accept applications to one request at once: exactly `helpers_needed`
/// succeed, every other accept is a 409 that changed nothing.
#[actix_web::test]
async fn concurrent_accepts_never_overbook_a_request() {
    let app = spawn_app().await;
    let places = 3;
    let applicants = 12;
    let w = world(&app, places).await;
    let mut match_ids = Vec::new();
    for i in 0..applicants {
        let (_, vol, offer) = helper(&app, &format!("Helper {i}"), "propose", 1).await;
        match_ids.push(id(&matched(&app, &vol, &w.request_id, &offer).await));
    }
    let accepts = match_ids.iter().map(|m| act(&app, &w.worker, m, "accept"));
    let statuses: Vec<StatusCode> = futures_util::future::join_all(accepts)
        .await
        .into_iter()
        .map(|r| r.status())
        .collect();
    let won = statuses.iter().filter(|s| **s == StatusCode::OK).count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::CONFLICT)
        .count();
    assert_eq!(
        (won, refused),
        (places as usize, applicants - places as usize),
        "{statuses:?}"
    );
    let r = request_of(&app, &w.worker, &w.request_id).await;
    assert_eq!(r["places_held"], places);
    assert_eq!(r["status"], "filled");
    let confirmed = scalar(
        &app,
        &format!(
            "SELECT CAST(COUNT(*) AS TEXT) AS v FROM matches WHERE request_id = '{}' AND status = 'confirmed'",
            w.request_id
        ),
    );
    assert_eq!(confirmed.as_deref(), Some("3"));
}

/// A volunteer accepts many proposals at once on one offer with room for two: exactly
/// `max_matches` succeed.
#[actix_web::test]
async fn concurrent_accepts_never_overbook_an_offer() {
    let app = spawn_app().await;
    let w = world(&app, 1).await;
    let (_, vol, offer) = helper(&app, "Pia", "propose", 2).await;
    let mut match_ids = vec![id(&matched(&app, &w.worker, &w.request_id, &offer).await)];
    for _ in 0..7 {
        let r = new_request(&app, &w.worker, 1).await;
        match_ids.push(id(&matched(&app, &w.worker, &r, &offer).await));
    }
    let accepts = match_ids.iter().map(|m| act(&app, &vol, m, "accept"));
    let won = futures_util::future::join_all(accepts)
        .await
        .into_iter()
        .filter(|r| r.status() == StatusCode::OK)
        .count();
    assert_eq!(won, 2);
    let offer = ok(app
        .get(&format!("/api/v1/offers/{offer}"), Some(&vol))
        .await)
    .await;
    assert_eq!(offer["confirmed_matches"], 2);
    // The offer is full, so its other proposals cannot be accepted either.
    let held = scalar(
        &app,
        "SELECT CAST(SUM(places_held) AS TEXT) AS v FROM requests",
    );
    assert_eq!(held.as_deref(), Some("2"));
}
