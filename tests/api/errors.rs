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
async fn logs_never_carry_values_a_client_sent() {
    use crate::fixtures;
    use crate::helpers::captured_log;
    let app = spawn_app().await;
    // Secrets sent where the server refuses them: each answer repeats or explains the
    // value to the client, and none of it may reach the log.
    let secret_number = 982_451_653_771_029_i64;
    assert_problem(
        app.post(
            "/api/v1/auth/register",
            None,
            &json!({"email": "lekker@example.org", "password": secret_number, "display_name": "Lia"}),
        )
        .await,
        400,
    )
    .await;
    assert_problem(
        app.post(
            "/api/v1/auth/login",
            None,
            &json!({"email": "lekker@example.org", "password": secret_number}),
        )
        .await,
        400,
    )
    .await;
    let (_, volunteer) = app.volunteer("Lia").await;
    let mut profile = fixtures::profile("Lia", "propose");
    profile["lat"] = json!(153.271_828);
    assert_problem(
        app.put("/api/v1/volunteers/me", Some(&volunteer), &profile)
            .await,
        400,
    )
    .await;
    profile["lat"] = json!("53.314159");
    assert_problem(
        app.put("/api/v1/volunteers/me", Some(&volunteer), &profile)
            .await,
        400,
    )
    .await;
    let world = fixtures::world(&app, 1).await;
    let mut request = fixtures::request_body(1);
    request["private"]["lat"] = json!(-91.161_803);
    request["private"]["requester_name"] = json!(7_771_234);
    assert_problem(
        app.post("/api/v1/requests", Some(&world.worker), &request)
            .await,
        400,
    )
    .await;

    let log = captured_log();
    assert!(
        log.contains("\"status\":400"),
        "the test run's log is captured: {}",
        &log[..log.len().min(500)]
    );
    for secret in [
        secret_number.to_string().as_str(),
        "153.271828",
        "53.314159",
        "91.161803",
        "7771234",
        crate::helpers::PASSWORD,
        fixtures::REQUESTER,
        fixtures::NOTES,
        fixtures::ADDRESS,
        "lekker@example.org",
    ] {
        assert!(!log.contains(secret), "the log holds `{secret}`");
    }
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
