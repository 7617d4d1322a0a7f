//! `Idempotency-Key` on POST: a retry gets the first answer, never a second record.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, spawn_app, unique_email};
use crate::initiatives::initiative;

async fn post_with_key(
    app: &TestApp,
    path: &str,
    token: Option<&str>,
    key: &str,
    body: &Value,
) -> reqwest::Response {
    let mut req = app
        .client
        .post(app.url(path))
        .header("Idempotency-Key", key)
        .json(body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap()
}

#[actix_web::test]
async fn the_same_key_twice_creates_one_record_and_answers_the_same() {
    let app = spawn_app().await;
    let (_, token) = app.volunteer("Ida").await;
    let body = initiative("Repair café", "WK001404");
    let first = post_with_key(&app, "/api/v1/initiatives", Some(&token), "k-1", &body).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first_body = first.text().await.unwrap();
    let again = post_with_key(&app, "/api/v1/initiatives", Some(&token), "k-1", &body).await;
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert!(
        again.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    assert_eq!(again.text().await.unwrap(), first_body);
    assert_eq!(app.count("initiatives"), 1);
    // Without a key, or with a new one, it is a new request.
    post_with_key(&app, "/api/v1/initiatives", Some(&token), "k-2", &body).await;
    assert_eq!(app.count("initiatives"), 2);
}

#[actix_web::test]
async fn concurrent_duplicates_are_answered_once() {
    let app = spawn_app().await;
    let (_, token) = app.volunteer("Ida").await;
    let body = initiative("Buurtmoestuin", "WK001404");
    let answers = futures_util::future::join_all(
        (0..6).map(|_| post_with_key(&app, "/api/v1/initiatives", Some(&token), "dup", &body)),
    )
    .await;
    let mut bodies = Vec::new();
    for r in answers {
        assert_eq!(r.status(), StatusCode::CREATED);
        bodies.push(r.text().await.unwrap());
    }
    assert!(
        bodies.windows(2).all(|w| w[0] == w[1]),
        "one answer for all"
    );
    assert_eq!(app.count("initiatives"), 1);
}

#[actix_web::test]
async fn the_same_key_with_another_body_is_422_and_nothing_is_stored() {
    let app = spawn_app().await;
    let (_, token) = app.volunteer("Ida").await;
    let path = "/api/v1/initiatives";
    post_with_key(
        &app,
        path,
        Some(&token),
        "k",
        &initiative("Eerste", "WK001404"),
    )
    .await;
    let r = post_with_key(
        &app,
        path,
        Some(&token),
        "k",
        &initiative("Tweede", "WK001404"),
    )
    .await;
    let problem = assert_problem(r, 422).await;
    assert!(
        problem["type"]
            .as_str()
            .unwrap()
            .ends_with("idempotency-key-reused")
    );
    assert_eq!(app.count("initiatives"), 1);
}

#[actix_web::test]
async fn keys_belong_to_one_caller_and_must_be_visible_ascii() {
    let app = spawn_app().await;
    let (_, ida) = app.volunteer("Ida").await;
    let (_, jan) = app.volunteer("Jan").await;
    let body = initiative("Zelfde sleutel", "WK001404");
    let path = "/api/v1/initiatives";
    post_with_key(&app, path, Some(&ida), "shared", &body).await;
    let r = post_with_key(&app, path, Some(&jan), "shared", &body).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert!(r.headers().get("idempotent-replayed").is_none());
    assert_eq!(app.count("initiatives"), 2);
    for bad in ["met spatie".to_owned(), "x".repeat(256)] {
        assert_problem(
            post_with_key(&app, path, Some(&ida), &bad, &body).await,
            400,
        )
        .await;
    }
    assert_eq!(app.count("initiatives"), 2);
}

#[actix_web::test]
async fn an_anonymous_registration_retried_with_its_key_is_one_account() {
    let app = spawn_app().await;
    let body = json!({"email": unique_email("retry"), "password": crate::helpers::PASSWORD,
                      "display_name": "Retry"});
    let path = "/api/v1/auth/register";
    let first = post_with_key(&app, path, None, "reg-1", &body).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first = first.text().await.unwrap();
    let again = post_with_key(&app, path, None, "reg-1", &body).await;
    assert_eq!(
        again.status(),
        StatusCode::CREATED,
        "the first answer, not 409"
    );
    assert_eq!(again.text().await.unwrap(), first);
    assert_eq!(app.count("users"), 1);
    // Refusals are answers too: the same bad request gets the same 400 again.
    let bad = json!({"email": "geen-adres", "password": "kort", "display_name": "x"});
    let r1 = post_with_key(&app, path, None, "reg-2", &bad).await;
    assert_eq!(r1.status(), StatusCode::BAD_REQUEST);
    let r2 = post_with_key(&app, path, None, "reg-2", &bad).await;
    assert_eq!(r2.status(), StatusCode::BAD_REQUEST);
    assert_eq!(r2.headers()["idempotent-replayed"], "true");
}

#[actix_web::test]
async fn the_openapi_document_offers_the_key_on_every_post_but_those_answering_a_credential() {
    let app = spawn_app().await;
    let doc: Value = app
        .get("/api-docs/openapi.json", None)
        .await
        .json()
        .await
        .unwrap();
    assert!(doc["components"]["schemas"]["Problem"].is_object());
    let mut posts = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        let Some(post) = item.get("post") else {
            continue;
        };
        posts += 1;
        let has_key = post["parameters"]
            .as_array()
            .is_some_and(|ps| ps.iter().any(|p| p["name"] == "Idempotency-Key"));
        let credential =
            ["/api/v1/auth/login", "/api/v1/me/calendar-feed"].contains(&path.as_str());
        assert_eq!(has_key, !credential, "{path}");
        assert_eq!(post["responses"].get("422").is_some(), has_key, "{path}");
    }
    assert!(posts > 10);
}

/// Authorisation first: without a session, an operation that needs one answers 401 whatever
/// the key — reused with another body, or malformed — and stores nothing.
#[actix_web::test]
async fn a_caller_without_a_session_hears_401_before_any_word_about_the_key() {
    let app = spawn_app().await;
    let path = "/api/v1/initiatives";
    for (key, name) in [("k1", "Eerste"), ("k1", "Tweede"), ("met spatie", "Derde")] {
        let body = initiative(name, "WK001404");
        assert_problem(post_with_key(&app, path, None, key, &body).await, 401).await;
    }
    assert_eq!(app.count("idempotency_keys"), 0);
    assert_eq!(app.count("initiatives"), 0);
}
