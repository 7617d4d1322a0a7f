//! Help offers: defaults from the profile, ownership, validation, withdrawal and expiry,
//! and suggestions in both directions.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::fixtures::*;
use crate::helpers::{assert_problem, error_fields, spawn_app};

#[actix_web::test]
async fn an_offer_takes_the_profile_s_values_for_what_it_leaves_out() {
    let app = spawn_app().await;
    let (id, token, offer_id) = helper(&app, "Olga", "propose", 2).await;
    let offer = ok(app
        .get(&format!("/api/v1/offers/{offer_id}"), Some(&token))
        .await)
    .await;
    assert_eq!(offer["volunteer_id"], id.as_str());
    assert_eq!(offer["status"], "active");
    assert_eq!(offer["max_distance_km"], 3.0, "the profile's radius");
    assert_eq!(offer["modes"], json!(["one_off", "recurring"]));
    assert_eq!(
        offer["availability"],
        json!([{"weekday": 2, "start": "09:00", "end": "12:00"}])
    );
    assert_eq!(offer["confirmed_matches"], 0);
    assert!(offer.get("location").is_none() && offer.get("lat").is_none());
    // Given values win over the profile's.
    let mut body = offer_body(1);
    body["max_distance_km"] = json!(7.5);
    body["modes"] = json!(["project"]);
    body["availability"] = json!([]);
    let second = created(app.post("/api/v1/offers", Some(&token), &body).await).await;
    assert_eq!(second["max_distance_km"], 7.5);
    assert_eq!(second["modes"], json!(["project"]));
    assert_eq!(second["availability"], json!([]));
    // Both are the volunteer's, newest first.
    let mine = ok(app.get("/api/v1/offers/mine", Some(&token)).await).await;
    let ids: Vec<&str> = mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [second["id"].as_str().unwrap(), offer_id.as_str()]);
    let page = ok(app.get("/api/v1/offers/mine?limit=1", Some(&token)).await).await;
    let cursor = page["next_cursor"].as_str().unwrap();
    let next = ok(app
        .get(
            &format!("/api/v1/offers/mine?limit=1&cursor={cursor}"),
            Some(&token),
        )
        .await)
    .await;
    assert_eq!(next["items"][0]["id"], offer_id.as_str());
    assert_eq!(next["next_cursor"], Value::Null);
}

#[actix_web::test]
async fn offers_need_a_profile_and_valid_input_and_nothing_is_stored_otherwise() {
    let app = spawn_app().await;
    let (_, no_profile) = app.volunteer("Zonder Profiel").await;
    let p = assert_problem(
        app.post("/api/v1/offers", Some(&no_profile), &offer_body(1))
            .await,
        409,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("profile"));
    let (_, token) = volunteer(&app, "Olga", "propose").await;
    for (patch, field) in [
        (json!({"categories": ["astrology"]}), "categories[0]"),
        (json!({"categories": []}), "categories"),
        (json!({"skills": ["juggling"]}), "skills[0]"),
        (json!({"wijk_codes": ["WK999999"]}), "wijk_codes[0]"),
        (json!({"max_matches": 0}), "max_matches"),
        (json!({"max_matches": 51}), "max_matches"),
        (json!({"hours_per_week": 0}), "hours_per_week"),
        (json!({"max_distance_km": 101}), "max_distance_km"),
        (json!({"modes": []}), "modes"),
        (
            json!({"valid_until": "2020-01-01T00:00:00Z"}),
            "valid_until",
        ),
        (
            json!({"availability": [{"weekday": 8, "start": "09:00", "end": "10:00"}]}),
            "availability[0].weekday",
        ),
        (json!({"title": ""}), "title"),
    ] {
        let mut body = offer_body(1);
        for (k, v) in patch.as_object().unwrap() {
            body[k] = v.clone();
        }
        let p = assert_problem(app.post("/api/v1/offers", Some(&token), &body).await, 400).await;
        assert!(error_fields(&p).contains(&field.to_owned()), "{field}: {p}");
    }
    // A body is an object, not the same fields in an array.
    let p = assert_problem(
        app.post(
            "/api/v1/offers",
            Some(&token),
            &json!(["Titel", ["groceries"], [], [], 3, 1, 2]),
        )
        .await,
        400,
    )
    .await;
    assert_eq!(error_fields(&p), ["body"]);
    let mut body = offer_body(1);
    body["status"] = json!("active");
    assert_problem(app.post("/api/v1/offers", Some(&token), &body).await, 400).await;
    let mut body = offer_body(1);
    body.as_object_mut().unwrap().remove("valid_until");
    assert_problem(app.post("/api/v1/offers", Some(&token), &body).await, 400).await;
    assert_eq!(app.count("offers"), 0, "nothing stored");
    assert_eq!(app.count("offer_reach"), 0);
}

#[actix_web::test]
async fn whole_numbers_may_be_written_with_a_zero_fraction_as_the_schema_allows() {
    let app = spawn_app().await;
    let (_, token) = volunteer(&app, "Olga", "propose").await;
    let mut body = offer_body(1);
    body["max_matches"] = json!(2.0);
    body["availability"] = json!([{"weekday": 3.0, "start": "09:00", "end": "10:00"}]);
    let offer = created(app.post("/api/v1/offers", Some(&token), &body).await).await;
    assert_eq!(offer["max_matches"], 2);
    assert_eq!(offer["availability"][0]["weekday"], 3);
    let id = offer["id"].as_str().unwrap();
    let changed = ok(app
        .patch(
            &format!("/api/v1/offers/{id}"),
            Some(&token),
            &json!({"max_matches": 3.0}),
        )
        .await)
    .await;
    assert_eq!(changed["max_matches"], 3);
    // A fraction is no whole number, and a huge one is out of range; neither is stored.
    for (value, code) in [
        (json!(2.5), "invalid_format"),
        (json!(1e300), "out_of_range"),
    ] {
        let mut body = offer_body(1);
        body["max_matches"] = value;
        let p = assert_problem(app.post("/api/v1/offers", Some(&token), &body).await, 400).await;
        assert_eq!(error_fields(&p), ["max_matches"]);
        assert_eq!(p["errors"][0]["code"], code);
        let p = assert_problem(
            app.patch(
                &format!("/api/v1/offers/{id}"),
                Some(&token),
                &json!({"max_matches": body["max_matches"]}),
            )
            .await,
            400,
        )
        .await;
        assert_eq!(error_fields(&p), ["max_matches"]);
    }
    assert_eq!(app.count("offers"), 1);
    let stored = ok(app.get(&format!("/api/v1/offers/{id}"), Some(&token)).await).await;
    assert_eq!(stored["max_matches"], 3);
}

#[actix_web::test]
async fn offers_are_their_volunteer_s_alone() {
    let app = spawn_app().await;
    let (_, owner, offer_id) = helper(&app, "Olga", "propose", 1).await;
    let (_, other) = volunteer(&app, "Otto", "propose").await;
    let w = world(&app, 1).await;
    let path = format!("/api/v1/offers/{offer_id}");
    // Others may not know it exists, a team worker included (no match with their request).
    for token in [&other, &w.worker] {
        assert_problem(app.get(&path, Some(token)).await, 404).await;
        assert_problem(
            app.patch(&path, Some(token), &json!({"title": "x"})).await,
            404,
        )
        .await;
        assert_problem(app.delete(&path, Some(token)).await, 404).await;
    }
    assert_problem(app.get(&path, None).await, 401).await;
    // Once proposed to the worker's request, the worker may read it, not change it.
    matched(&app, &w.worker, &w.request_id, &offer_id).await;
    ok(app.get(&path, Some(&w.worker)).await).await;
    assert_problem(
        app.patch(&path, Some(&w.worker), &json!({"title": "x"}))
            .await,
        403,
    )
    .await;
    assert_problem(app.delete(&path, Some(&w.worker)).await, 403).await;
    // The owner edits it.
    let edited = ok(app
        .patch(
            &path,
            Some(&owner),
            &json!({"title": "Nieuw", "max_matches": 3}),
        )
        .await)
    .await;
    assert_eq!(edited["title"], "Nieuw");
    assert_eq!(edited["max_matches"], 3);
    let p = assert_problem(
        app.patch(&path, Some(&owner), &json!({"volunteer_id": "x"}))
            .await,
        400,
    )
    .await;
    assert!(p["detail"].is_string());
    assert_problem(
        app.patch(&path, Some(&owner), &json!({"title": null}))
            .await,
        400,
    )
    .await;
}

#[actix_web::test]
async fn withdrawal_and_expiry_cancel_pending_matches_only() {
    let app = spawn_app().await;
    let w = world(&app, 2).await;
    let (_, vol, offer_id) = helper(&app, "Olga", "propose", 2).await;
    let second_request = new_request(&app, &w.worker, 1).await;
    let confirmed = matched(&app, &w.worker, &w.request_id, &offer_id).await;
    ok(act(&app, &vol, confirmed["id"].as_str().unwrap(), "accept").await).await;
    let pending = matched(&app, &w.worker, &second_request, &offer_id).await;
    assert_eq!(
        app.delete(&format!("/api/v1/offers/{offer_id}"), Some(&vol))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    let m = ok(app
        .get(
            &format!("/api/v1/matches/{}", pending["id"].as_str().unwrap()),
            Some(&vol),
        )
        .await)
    .await;
    assert_eq!(m["status"], "cancelled");
    let m = ok(app
        .get(
            &format!("/api/v1/matches/{}", confirmed["id"].as_str().unwrap()),
            Some(&vol),
        )
        .await)
    .await;
    assert_eq!(m["status"], "confirmed", "confirmed matches stay");
    let offer = ok(app
        .get(&format!("/api/v1/offers/{offer_id}"), Some(&vol))
        .await)
    .await;
    assert_eq!(offer["status"], "withdrawn");
    // A withdrawn offer cannot change, and withdrawing again changes nothing.
    assert_problem(
        app.patch(
            &format!("/api/v1/offers/{offer_id}"),
            Some(&vol),
            &json!({"title": "x"}),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(
        app.delete(&format!("/api/v1/offers/{offer_id}"), Some(&vol))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );

    // Expiry: an offer past valid_until reads as expired at once; the expiry job cancels its
    // pending matches. (Each step a new login: the sessions ended long before.)
    let (_, vol2, offer2) = helper(&app, "Olaf", "propose", 1).await;
    let pending2 = matched(&app, &w.worker, &second_request, &offer2).await;
    let pending2 = pending2["id"].as_str().unwrap().to_owned();
    let offer_of = async |token: &str| {
        ok(app
            .get(&format!("/api/v1/offers/{offer2}"), Some(token))
            .await)
        .await
    };
    let match_of = async |token: &str| {
        ok(app
            .get(&format!("/api/v1/matches/{pending2}"), Some(token))
            .await)
        .await
    };
    // A day before valid_until (30 days on), nothing expires.
    app.advance(chrono::Duration::days(29));
    let vol2 = app.login_again(&vol2).await;
    assert_eq!(offer_of(&vol2).await["status"], "active");
    assert_eq!(app.run_offer_expiry().await, 0);
    assert_eq!(match_of(&vol2).await["status"], "proposed");
    // A day after it, the offer reads as expired before the job ran.
    app.advance(chrono::Duration::days(2));
    let vol2 = app.login_again(&vol2).await;
    assert_eq!(offer_of(&vol2).await["status"], "expired");
    // Accepting a proposal from an expired offer is refused, and changes nothing.
    assert_problem(act(&app, &vol2, &pending2, "accept").await, 409).await;
    assert_eq!(match_of(&vol2).await["status"], "proposed");
    assert_eq!(app.run_offer_expiry().await, 1);
    assert_eq!(match_of(&vol2).await["status"], "cancelled");
    assert_eq!(app.run_offer_expiry().await, 0, "expired once");
    // Moving valid_until into the future revives it.
    let revived = ok(app
        .patch(
            &format!("/api/v1/offers/{offer2}"),
            Some(&vol2),
            &json!({"valid_until": (app.now() + chrono::Duration::days(10)).to_rfc3339()}),
        )
        .await)
    .await;
    assert_eq!(revived["status"], "active");
}

fn texts(v: &Value) -> String {
    v.to_string()
}

#[actix_web::test]
async fn managers_get_feasible_offers_ranked_without_volunteers_who_only_want_to_ask() {
    let app = spawn_app().await;
    let w = world(&app, 1).await;
    let (pia_id, _, pia_offer) = helper(&app, "Pia", "propose", 1).await;
    let (_, asker, asker_offer) = helper(&app, "Quinten", "only_when_i_ask", 1).await;
    // A volunteer offering something else entirely.
    let (_, other) = volunteer(&app, "Rik", "propose").await;
    let mut body = offer_body(1);
    body["categories"] = json!(["paperwork"]);
    created(app.post("/api/v1/offers", Some(&other), &body).await).await;
    let path = format!("/api/v1/requests/{}/suggestions", w.request_id);
    let s = ok(app.get(&path, Some(&w.worker)).await).await;
    assert_eq!(s["next_cursor"], Value::Null);
    let items = s["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{s}");
    let item = &items[0];
    assert_eq!(item["offer_id"], pia_offer.as_str());
    assert_eq!(item["volunteer_id"], pia_id.as_str());
    assert_eq!(item["display_name"], "Pia");
    let score = item["score"].as_i64().unwrap();
    assert!((0..=100).contains(&score));
    let r = &item["reasons"];
    assert_eq!(r["distance_km"], 0.0, "public locations, whole km");
    assert_eq!(r["overlap_minutes"], 120);
    assert_eq!(r["skills_matched"], json!(["cycling"]));
    assert_eq!(r["skills_missing"], json!([]));
    assert_eq!(r["shared_languages"], json!(["nl"]));
    assert_eq!(r["urgency"], "normal");
    assert!(r["waiting_days"].is_u64());
    for secret in ["53.2111", "6.5899"] {
        assert!(
            !texts(&s).contains(secret),
            "a volunteer's exact location leaked"
        );
    }
    // Limits: 1–200; no cursor on a ranked list.
    assert_problem(
        app.get(&format!("{path}?limit=0"), Some(&w.worker)).await,
        400,
    )
    .await;
    assert_problem(
        app.get(&format!("{path}?limit=201"), Some(&w.worker)).await,
        400,
    )
    .await;
    assert_problem(
        app.get(&format!("{path}?cursor=abc"), Some(&w.worker))
            .await,
        400,
    )
    .await;
    // Only managers: a volunteer sees the open request, but not its suggestions.
    assert_problem(app.get(&path, Some(&asker)).await, 403).await;
    assert_problem(app.get(&path, None).await, 401).await;
    assert_problem(
        app.get(
            "/api/v1/requests/00000000-0000-0000-0000-000000000000/suggestions",
            Some(&w.worker),
        )
        .await,
        404,
    )
    .await;
    // A manager cannot propose to a volunteer who only wants to be matched when asking…
    let p = assert_problem(
        app.post(
            "/api/v1/matches",
            Some(&w.worker),
            &json!({"request_id": w.request_id, "offer_id": asker_offer}),
        )
        .await,
        409,
    )
    .await;
    assert!(
        p["detail"].as_str().unwrap().contains("not_proposable"),
        "{p}"
    );
    // …but that volunteer pulls suggestions for themselves (public faces only) and applies.
    let mine = ok(app
        .get(
            &format!("/api/v1/offers/{asker_offer}/suggestions"),
            Some(&asker),
        )
        .await)
    .await;
    let items = mine["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{mine}");
    assert_eq!(items[0]["id"], w.request_id.as_str());
    assert!(items[0].get("private").is_none());
    assert!(items[0]["score"].is_i64() && items[0]["reasons"].is_object());
    for secret in [REQUESTER, NOTES, ADDRESS, "53.2123", "6.5901"] {
        assert!(!texts(&mine).contains(secret), "{secret} leaked");
    }
    let applied = matched(&app, &asker, &w.request_id, &asker_offer).await;
    assert_eq!(applied["status"], "applied");
    assert_eq!(applied["initiated_by"], "volunteer");
    // Someone else's offer suggestions: 404.
    assert_problem(
        app.get(
            &format!("/api/v1/offers/{pia_offer}/suggestions"),
            Some(&asker),
        )
        .await,
        404,
    )
    .await;
    // A live match takes the pair out of the suggestions.
    let again = ok(app
        .get(
            &format!("/api/v1/offers/{asker_offer}/suggestions"),
            Some(&asker),
        )
        .await)
    .await;
    assert_eq!(again["items"], json!([]));
}
