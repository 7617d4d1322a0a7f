use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, error_fields, spawn_app};

pub fn profile(name: &str, wijk: &str) -> Value {
    json!({
        "display_name": name,
        "wijk_code": wijk,
        "max_distance_km": 3,
        "skills": ["cooking", "listening"],
        "languages": ["nl", "en"],
        "availability": [{"weekday": 2, "start": "09:00", "end": "12:00"}],
        "hours_per_week": 4,
        "modes": ["one_off", "recurring"],
        "contact_preference": "propose"
    })
}

pub async fn with_profile(app: &TestApp, name: &str, body: &Value) -> (String, String) {
    let (id, token) = app.volunteer(name).await;
    let r = app.put("/api/v1/volunteers/me", Some(&token), body).await;
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    (id, token)
}

#[actix_web::test]
async fn a_volunteer_creates_reads_and_replaces_their_profile() {
    let app = spawn_app().await;
    let (id, token) = app.volunteer("Vera").await;
    assert_problem(app.get("/api/v1/volunteers/me", Some(&token)).await, 404).await;
    let mut body = profile("Vera Visser", "WK001402");
    body["lat"] = json!(53.2201);
    body["lon"] = json!(6.5512);
    let r = app.put("/api/v1/volunteers/me", Some(&token), &body).await;
    assert_eq!(r.status(), StatusCode::OK);
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["id"], id.as_str());
    assert_eq!(p["display_name"], "Vera Visser");
    assert_eq!(p["lat"], 53.2201);
    assert_eq!(p["skills"], json!(["cooking", "listening"]));
    assert_eq!(
        p["availability"],
        json!([{"weekday": 2, "start": "09:00", "end": "12:00"}])
    );
    let me: Value = app
        .get("/api/v1/me", Some(&token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["display_name"], "Vera Visser", "one display name");

    body["contact_preference"] = json!("only_when_i_ask");
    body["skills"] = json!(["driving"]);
    body.as_object_mut().unwrap().remove("lat");
    body.as_object_mut().unwrap().remove("lon");
    let p: Value = app
        .put("/api/v1/volunteers/me", Some(&token), &body)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(p["contact_preference"], "only_when_i_ask");
    assert_eq!(p["skills"], json!(["driving"]));
    assert!(p["lat"].is_null(), "replaced, not merged");
    let own: Value = app
        .get(&format!("/api/v1/volunteers/{id}"), Some(&token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(own, p);
}

#[actix_web::test]
async fn invalid_profiles_are_refused_per_field_and_change_nothing() {
    let app = spawn_app().await;
    let (_, token) = with_profile(&app, "Vera", &profile("Vera", "WK001400")).await;
    let cases: Vec<(&str, Value, &str)> = vec![
        ("wijk_code", json!("WK001499"), "wijk_code"),
        ("max_distance_km", json!(101), "max_distance_km"),
        ("max_distance_km", json!(-1), "max_distance_km"),
        ("hours_per_week", json!(81), "hours_per_week"),
        ("skills", json!(["juggling"]), "skills[0]"),
        ("languages", json!(["xx"]), "languages[0]"),
        ("languages", json!(["nld"]), "languages[0]"),
        (
            "availability",
            json!([{"weekday": 0, "start": "09:00", "end": "10:00"}]),
            "availability[0].weekday",
        ),
        (
            "availability",
            json!([{"weekday": 8, "start": "09:00", "end": "10:00"}]),
            "availability[0].weekday",
        ),
        (
            "availability",
            json!([{"weekday": 1, "start": "9:00", "end": "10:00"}]),
            "availability[0].start",
        ),
        (
            "availability",
            json!([{"weekday": 1, "start": "11:00", "end": "10:00"}]),
            "availability[0].end",
        ),
        (
            "availability",
            json!([{"weekday": 1, "start": "09:00", "end": "25:00"}]),
            "availability[0].end",
        ),
        (
            "availability",
            json!(vec![
                json!({"weekday": 1, "start": "09:00", "end": "10:00"});
                51
            ]),
            "availability",
        ),
        ("modes", json!([]), "modes"),
        ("modes", json!(["sometimes"]), "modes[0]"),
        ("contact_preference", json!("always"), "contact_preference"),
        ("display_name", json!(""), "display_name"),
        ("lat", json!(53.2), "lat"),
        ("roles", json!(["admin"]), "roles"),
    ];
    for (field, value, expected) in cases {
        let mut body = profile("Vera", "WK001400");
        body[field] = value;
        let p = assert_problem(
            app.put("/api/v1/volunteers/me", Some(&token), &body).await,
            400,
        )
        .await;
        assert_eq!(error_fields(&p), [expected], "{field}: {p}");
    }
    let mut body = profile("Vera", "WK001400");
    body["lat"] = json!(91.0);
    body["lon"] = json!(6.5);
    let p = assert_problem(
        app.put("/api/v1/volunteers/me", Some(&token), &body).await,
        400,
    )
    .await;
    assert_eq!(error_fields(&p), ["lat"]);
    let unchanged: Value = app
        .get("/api/v1/volunteers/me", Some(&token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(unchanged["wijk_code"], "WK001400");
    assert_eq!(unchanged["max_distance_km"], 3.0);
}

#[actix_web::test]
async fn team_workers_and_admins_see_public_profiles_and_volunteers_do_not() {
    let app = spawn_app().await;
    let mut body = profile("Vera", "WK001402");
    body["lat"] = json!(53.2201);
    body["lon"] = json!(6.5512);
    let (vera, _) = with_profile(&app, "Vera", &body).await;
    let (_, other) = with_profile(&app, "Otto", &profile("Otto", "WK001404")).await;
    let (_, worker) = app.team_worker(&app.team_id("WIJ Beijum").await).await;
    let (_, admin) = app.admin().await;

    for token in [&worker, &admin] {
        let list: Value = app
            .get("/api/v1/volunteers", Some(token))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(list["items"].as_array().unwrap().len(), 2);
        let one: Value = app
            .get(&format!("/api/v1/volunteers/{vera}"), Some(token))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(one["display_name"], "Vera");
        assert_eq!(
            one["location"],
            json!({"lat": 53.22053, "lon": 6.55115}),
            "home-wijk centroid"
        );
        let text = one.to_string();
        assert!(
            !text.contains("53.2201") && !text.contains("example.org"),
            "{text}"
        );
    }
    assert_problem(app.get("/api/v1/volunteers", Some(&other)).await, 403).await;
    assert_problem(
        app.get(&format!("/api/v1/volunteers/{vera}"), Some(&other))
            .await,
        404,
    )
    .await;
    assert_problem(app.get("/api/v1/volunteers", None).await, 401).await;

    let by_wijk: Value = app
        .get("/api/v1/volunteers?wijk=WK001404", Some(&worker))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_wijk["items"].as_array().unwrap().len(), 1);
    let by_skill: Value = app
        .get("/api/v1/volunteers?skill=driving", Some(&worker))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_skill["items"].as_array().unwrap().len(), 0);
    let by_skill: Value = app
        .get("/api/v1/volunteers?skill=cooking", Some(&worker))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_skill["items"].as_array().unwrap().len(), 2);
    assert_problem(
        app.get("/api/v1/volunteers?skill=juggling", Some(&worker))
            .await,
        400,
    )
    .await;
}

#[actix_web::test]
async fn the_volunteer_list_pages_across_a_boundary() {
    let app = spawn_app().await;
    for n in 0..5 {
        with_profile(
            &app,
            &format!("V{n}"),
            &profile(&format!("V{n}"), "WK001400"),
        )
        .await;
    }
    let (_, admin) = app.admin().await;
    let first: Value = app
        .get("/api/v1/volunteers?limit=2", Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    let mut seen: Vec<String> = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_owned())
        .collect();
    let mut cursor = first["next_cursor"].as_str().map(str::to_owned);
    while let Some(c) = cursor {
        let page: Value = app
            .get(
                &format!("/api/v1/volunteers?limit=2&cursor={c}"),
                Some(&admin),
            )
            .await
            .json()
            .await
            .unwrap();
        seen.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v["id"].as_str().unwrap().to_owned()),
        );
        cursor = page["next_cursor"].as_str().map(str::to_owned);
    }
    assert_eq!(seen.len(), 5);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 5);
}
