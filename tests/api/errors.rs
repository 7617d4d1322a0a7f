use serde_json::json;

use crate::helpers::{PASSWORD, assert_problem, spawn_app};

#[actix_web::test]
async fn bodies_over_the_limit_are_413() {
    let app = spawn_app().await;
    let big =
        json!({"email": "a@example.org", "password": PASSWORD, "display_name": "x".repeat(5000)});
    assert_problem(app.post("/api/v1/auth/register", None, &big).await, 413).await;
    let (_, admin) = app.admin().await;
    let huge =
        json!({"name": "x".repeat(40_000), "address": "a", "wijk_codes": [], "walk_in_hours": ""});
    assert_problem(
        app.post("/api/v1/wij-teams", Some(&admin), &huge).await,
        413,
    )
    .await;
    assert_eq!(app.count("users"), 1);
}

#[actix_web::test]
async fn a_body_that_is_not_json_is_415() {
    let app = spawn_app().await;
    let r = app
        .client
        .post(app.url("/api/v1/auth/register"))
        .header("content-type", "text/plain")
        .body(r#"{"email":"a@example.org"}"#)
        .send()
        .await
        .unwrap();
    assert_problem(r, 415).await;
    let r = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_problem(r, 415).await;
}

#[actix_web::test]
async fn malformed_json_is_400_without_internals() {
    let app = spawn_app().await;
    for body in ["{", "[1,2", "{\"email\": }", "null", "{} {}"] {
        let r = app
            .client
            .post(app.url("/api/v1/auth/register"))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        let p = assert_problem(r, 400).await;
        let text = p.to_string().to_lowercase();
        assert!(
            !text.contains("sql") && !text.contains("panick") && !text.contains("src/"),
            "{text}"
        );
    }
    assert_eq!(app.count("users"), 0);
}

#[actix_web::test]
async fn only_json_media_types_are_accepted_as_json_bodies() {
    let app = spawn_app().await;
    let send = |content_type: &'static str, email: String| {
        let body = json!({"email": email, "password": PASSWORD, "display_name": "Anna"});
        app.client
            .post(app.url("/api/v1/auth/register"))
            .header("content-type", content_type)
            .body(body.to_string())
            .send()
    };
    for refused in [
        "text/json",
        "text/plain+json",
        "application/xml",
        "application/jsonp",
        "application/x-www-form-urlencoded",
        "application/json; charset=iso-8859-1",
    ] {
        let r = send(refused, crate::helpers::unique_email("ct"))
            .await
            .unwrap();
        assert_problem(r, 415).await;
    }
    assert_eq!(app.count("users"), 0);
    for accepted in [
        "application/json; charset=utf-8",
        "Application/JSON",
        "application/merge-patch+json",
    ] {
        let r = send(accepted, crate::helpers::unique_email("ct"))
            .await
            .unwrap();
        assert_eq!(r.status(), reqwest::StatusCode::CREATED, "{accepted}");
    }
}
