use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{
    PASSWORD, assert_problem, error_fields, spawn_app, spawn_app_with, unique_email,
};

#[actix_web::test]
async fn registering_gives_a_volunteer_account() {
    let app = spawn_app().await;
    let email = unique_email("Anna.DeVries");
    let r = app
        .post(
            "/api/v1/auth/register",
            None,
            &json!({"email": email, "password": PASSWORD, "display_name": "Anna"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["email"], email.as_str(), "stored as given");
    assert_eq!(body["display_name"], "Anna");
    assert_eq!(body["roles"], json!(["volunteer"]));
    assert!(body["wij_team_id"].is_null());
    assert!(uuid::Uuid::parse_str(body["id"].as_str().unwrap()).is_ok());
}

#[actix_web::test]
async fn a_duplicate_email_in_any_case_is_409_and_stores_nothing() {
    let app = spawn_app().await;
    let (_, email) = app.register("Anna").await;
    let r = app
        .post(
            "/api/v1/auth/register",
            None,
            &json!({"email": email.to_uppercase(), "password": PASSWORD, "display_name": "Other"}),
        )
        .await;
    assert_problem(r, 409).await;
    assert_eq!(app.count("users"), 1);
}

#[actix_web::test]
async fn stored_passwords_are_argon2id_with_the_owasp_parameters() {
    let app = spawn_app().await;
    let (id, _) = app.register("Anna").await;
    let mut conn = app.ctx.db.get().unwrap();
    let user = wijkmatch::db::users::find(&mut conn, &id).unwrap().unwrap();
    assert!(
        user.password_hash
            .starts_with("$argon2id$v=19$m=19456,t=2,p=1$")
    );
}

#[actix_web::test]
async fn invalid_registrations_are_400_per_field_and_store_nothing() {
    let app = spawn_app().await;
    let long = "x".repeat(129);
    let cases: Vec<(Value, &str)> = vec![
        (
            json!({"email": "e1@example.org", "password": "short", "display_name": "A"}),
            "password",
        ),
        (
            json!({"email": "e2@example.org", "password": long, "display_name": "A"}),
            "password",
        ),
        (
            json!({"email": "e3@example.org", "password": "passwordpassword", "display_name": "A"}),
            "password",
        ),
        (
            json!({"email": "e4@example.org", "password": "passwordpassword123", "display_name": "A"}),
            "password",
        ),
        (
            json!({"email": "e5@example.org", "password": "wijkmatch is mijn ding", "display_name": "A"}),
            "password",
        ),
        (
            json!({"email": "e6@example.org", "password": "ik woon in groningen!", "display_name": "A"}),
            "password",
        ),
        (
            json!({"email": "marieke@example.org", "password": "marieke heeft een fiets", "display_name": "A"}),
            "password",
        ),
        (
            json!({"email": "e7@example.org", "password": "Jan Klaassen de tweede", "display_name": "Jan Klaassen"}),
            "password",
        ),
        (
            json!({"email": "not-an-email", "password": PASSWORD, "display_name": "A"}),
            "email",
        ),
        (
            json!({"email": format!("{}@example.org", "a".repeat(250)), "password": PASSWORD, "display_name": "A"}),
            "email",
        ),
        (
            json!({"email": "e8@example.org", "password": PASSWORD, "display_name": "  "}),
            "display_name",
        ),
        (
            json!({"email": "e9@example.org", "password": PASSWORD, "display_name": "x".repeat(101)}),
            "display_name",
        ),
        (
            json!({"email": "e10@example.org", "password": PASSWORD}),
            "display_name",
        ),
        (
            json!({"email": "e11@example.org", "password": PASSWORD, "display_name": "A", "roles": ["admin"]}),
            "roles",
        ),
        (
            json!({"email": 5, "password": PASSWORD, "display_name": "A"}),
            "email",
        ),
    ];
    for (body, field) in cases {
        let p = assert_problem(app.post("/api/v1/auth/register", None, &body).await, 400).await;
        assert!(error_fields(&p).contains(&field.to_owned()), "{body}: {p}");
    }
    assert_eq!(app.count("users"), 0);
}

#[actix_web::test]
async fn passwords_count_unicode_characters_and_are_not_trimmed() {
    let app = spawn_app().await;
    // 15 characters, 30 bytes: accepted.
    let pw = "ëëëëë üüüüü ööö";
    assert_eq!(pw.chars().count(), 15);
    let email = unique_email("unicode");
    let r = app
        .post(
            "/api/v1/auth/register",
            None,
            &json!({"email": email, "password": pw, "display_name": "U"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(app.login(&email, pw).await.status(), StatusCode::OK);
    assert_eq!(
        app.login(&email, pw.trim_end_matches('ö')).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login(&email, &format!(" {pw}")).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[actix_web::test]
async fn login_gives_a_bearer_token_and_emails_are_case_insensitive() {
    let app = spawn_app().await;
    let (id, email) = app.register("Anna").await;
    let r = app.login(&email.to_uppercase(), PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["cache-control"], "no-store");
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 12 * 3600, "volunteers: 12 h");
    let token = body["access_token"].as_str().unwrap();
    let me: Value = app
        .get("/api/v1/me", Some(token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["id"], id.as_str());
}

#[actix_web::test]
async fn staff_sessions_last_eight_hours() {
    let app = spawn_app().await;
    let email = unique_email("admin");
    let mut conn = app.ctx.db.get().unwrap();
    wijkmatch::service::accounts::create_admin(
        &mut conn,
        &app.ctx.password_policy,
        &email,
        PASSWORD,
    )
    .unwrap();
    drop(conn);
    let body: Value = app.login(&email, PASSWORD).await.json().await.unwrap();
    assert_eq!(body["expires_in"], 8 * 3600);
    assert_session_ends_after(&app, body["access_token"].as_str().unwrap(), 8).await;
}

#[actix_web::test]
async fn volunteer_sessions_last_twelve_hours() {
    let app = spawn_app().await;
    let (_, token) = app.volunteer("Anna").await;
    assert_session_ends_after(&app, &token, 12).await;
}

/// Used every 25 minutes (never idle long enough to end), the session ends after `hours`.
async fn assert_session_ends_after(app: &crate::helpers::TestApp, token: &str, hours: i64) {
    let me = async || app.get("/api/v1/me", Some(token)).await;
    for _ in 0..hours * 60 / 25 {
        app.advance(chrono::Duration::minutes(25));
        assert_eq!(me().await.status(), StatusCode::OK);
    }
    app.advance(chrono::Duration::minutes(25));
    assert_problem(me().await, 401).await;
}

#[actix_web::test]
async fn wrong_password_and_unknown_email_get_the_same_401() {
    let app = spawn_app().await;
    let (_, email) = app.register("Anna").await;
    let wrong = app.login(&email, "dit is niet het wachtwoord").await;
    assert_eq!(wrong.headers()["www-authenticate"], "Bearer");
    let wrong = assert_problem(wrong, 401).await;
    let unknown = assert_problem(app.login("nobody@example.org", PASSWORD).await, 401).await;
    assert_eq!(wrong, unknown);
}

#[actix_web::test]
async fn a_missing_token_is_401_with_a_plain_challenge() {
    let app = spawn_app().await;
    let r = app.get("/api/v1/me", None).await;
    assert_eq!(r.headers()["www-authenticate"], "Bearer");
    assert_problem(r, 401).await;
}

#[actix_web::test]
async fn tampered_and_foreign_tokens_are_refused() {
    let app = spawn_app().await;
    let (_, token) = app.volunteer("Anna").await;
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    parts[2] = parts[2].chars().rev().collect();
    for bad in [
        parts.join("."),
        format!("{token}x"),
        "abc.def.ghi".to_owned(),
    ] {
        let r = app.get("/api/v1/me", Some(&bad)).await;
        assert_eq!(
            r.headers()["www-authenticate"],
            r#"Bearer error="invalid_token""#
        );
        assert_problem(r, 401).await;
    }
    let other =
        wijkmatch::auth::tokens::TokenKeys::new(&[7u8; 32], "wijkmatch", "wijkmatch-api").unwrap();
    let now = chrono::Utc::now().timestamp();
    let forged = other
        .issue("someone", "some-session", now, now + 60)
        .unwrap();
    assert_problem(app.get("/api/v1/me", Some(&forged)).await, 401).await;
}

#[actix_web::test]
async fn logout_ends_the_token_at_once() {
    let app = spawn_app().await;
    let (_, token) = app.volunteer("Anna").await;
    let r = app
        .post("/api/v1/auth/logout", Some(&token), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_problem(app.get("/api/v1/me", Some(&token)).await, 401).await;
}

#[actix_web::test]
async fn an_idle_session_ends_after_thirty_minutes() {
    let app = spawn_app().await;
    let (_, token) = app.volunteer("Anna").await;
    assert_eq!(
        app.get("/api/v1/me", Some(&token)).await.status(),
        StatusCode::OK
    );
    app.advance(chrono::Duration::minutes(29));
    assert_eq!(
        app.get("/api/v1/me", Some(&token)).await.status(),
        StatusCode::OK,
        "29 minutes idle"
    );
    app.advance(chrono::Duration::minutes(31));
    assert_problem(app.get("/api/v1/me", Some(&token)).await, 401).await;
}

#[actix_web::test]
async fn the_display_name_can_be_changed_and_is_validated() {
    let app = spawn_app().await;
    let (_, token) = app.volunteer("Anna").await;
    let r = app
        .patch(
            "/api/v1/me",
            Some(&token),
            &json!({"display_name": "Anna de Vries"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let me: Value = r.json().await.unwrap();
    assert_eq!(me["display_name"], "Anna de Vries");
    for bad in [
        json!({"display_name": ""}),
        json!({"display_name": "x".repeat(101)}),
        json!({"display_name": "A", "email": "x@y.nl"}),
    ] {
        assert_problem(app.patch("/api/v1/me", Some(&token), &bad).await, 400).await;
    }
    let me: Value = app
        .get("/api/v1/me", Some(&token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        me["display_name"], "Anna de Vries",
        "refused patches changed nothing"
    );
}

#[actix_web::test]
async fn a_password_change_ends_other_sessions_and_keeps_this_one() {
    let app = spawn_app().await;
    let (_, email) = app.register("Anna").await;
    let this = app.token_for(&email).await;
    let other = app.token_for(&email).await;
    let new_pw = "een heel ander wachtwoord";
    let r = app
        .put(
            "/api/v1/me/password",
            Some(&this),
            &json!({"current_password": PASSWORD, "new_password": new_pw}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/api/v1/me", Some(&this)).await.status(),
        StatusCode::OK
    );
    assert_problem(app.get("/api/v1/me", Some(&other)).await, 401).await;
    assert_eq!(
        app.login(&email, PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(app.login(&email, new_pw).await.status(), StatusCode::OK);
}

#[actix_web::test]
async fn a_password_change_needs_the_current_password_and_a_good_new_one() {
    let app = spawn_app().await;
    let (_, email) = app.register("Anna").await;
    let token = app.token_for(&email).await;
    let p = assert_problem(
        app.put("/api/v1/me/password", Some(&token), &json!({"current_password": "niet mijn wachtwoord", "new_password": "een heel ander wachtwoord"})).await,
        400,
    )
    .await;
    assert_eq!(error_fields(&p), ["current_password"]);
    let p = assert_problem(
        app.put(
            "/api/v1/me/password",
            Some(&token),
            &json!({"current_password": PASSWORD, "new_password": "qwertyqwertyqwerty"}),
        )
        .await,
        400,
    )
    .await;
    assert_eq!(error_fields(&p), ["new_password"]);
    assert_eq!(
        app.login(&email, PASSWORD).await.status(),
        StatusCode::OK,
        "unchanged"
    );
}

#[actix_web::test]
async fn five_failed_logins_for_one_email_are_throttled_with_retry_after() {
    let app = spawn_app().await;
    let (_, email) = app.register("Anna").await;
    for _ in 0..5 {
        assert_eq!(
            app.login(&email, "dit is niet het wachtwoord")
                .await
                .status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let r = app.login(&email, PASSWORD).await;
    assert!(r.headers().get("retry-after").is_some());
    assert_problem(r, 429).await;
    // The delay is a second: not over after less than half of it.
    app.advance(chrono::Duration::milliseconds(400));
    assert_problem(app.login(&email, PASSWORD).await, 429).await;
    // Unknown emails are throttled the same way, so throttling reveals nothing.
    for _ in 0..5 {
        app.login("ghost@example.org", "dit is niet het wachtwoord")
            .await;
    }
    assert_problem(app.login("ghost@example.org", PASSWORD).await, 429).await;
    // After the delay, the right password works again.
    app.advance(chrono::Duration::milliseconds(700));
    assert_eq!(app.login(&email, PASSWORD).await.status(), StatusCode::OK);
}

#[actix_web::test]
async fn failed_logins_from_one_address_are_throttled() {
    let app = spawn_app_with(|s| s.limits.login_failures_per_address = 4).await;
    for i in 0..4 {
        app.login(
            &format!("nobody{i}@example.org"),
            "dit is niet het wachtwoord",
        )
        .await;
    }
    let (_, email) = app.register("Anna").await;
    let r = app.login(&email, PASSWORD).await;
    assert!(r.headers().get("retry-after").is_some());
    assert_problem(r, 429).await;
    // The failures count for a quarter of an hour.
    app.advance(chrono::Duration::minutes(14));
    assert_problem(app.login(&email, PASSWORD).await, 429).await;
    app.advance(chrono::Duration::minutes(2));
    assert_eq!(app.login(&email, PASSWORD).await.status(), StatusCode::OK);
}

#[actix_web::test]
async fn registrations_per_address_are_limited() {
    let app = spawn_app_with(|s| s.limits.registrations_per_address_per_hour = 2).await;
    app.register("One").await;
    app.register("Two").await;
    let r = app
        .post(
            "/api/v1/auth/register",
            None,
            &json!({"email": unique_email("three"), "password": PASSWORD, "display_name": "Three"}),
        )
        .await;
    assert!(r.headers().get("retry-after").is_some());
    assert_problem(r, 429).await;
    assert_eq!(app.count("users"), 2);
}

#[actix_web::test]
async fn a_forwarded_for_header_from_an_untrusted_peer_is_ignored() {
    let app = spawn_app_with(|s| s.limits.login_failures_per_address = 2).await;
    for i in 0..2 {
        app.client
            .post(app.url("/api/v1/auth/login"))
            .header("X-Forwarded-For", format!("10.0.0.{i}"))
            .json(&json!({"email": format!("n{i}@example.org"), "password": "dit is niet het wachtwoord"}))
            .send()
            .await
            .unwrap();
    }
    let r = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("X-Forwarded-For", "10.0.0.99")
        .json(&json!({"email": "n9@example.org", "password": "dit is niet het wachtwoord"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "keyed on the socket peer"
    );
}

#[actix_web::test]
async fn export_returns_what_is_stored_about_the_caller() {
    let app = spawn_app().await;
    let (id, email) = app.register("Anna").await;
    let token = app.token_for(&email).await;
    let r = app.get("/api/v1/me/export", Some(&token)).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["cache-control"], "no-store");
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["account"]["id"], id.as_str());
    assert_eq!(body["account"]["email"], email.as_str());
    assert_eq!(body["sessions"].as_array().unwrap().len(), 1);
    assert!(
        !body.to_string().contains("argon2"),
        "never the password hash"
    );
}

#[actix_web::test]
async fn erasure_removes_the_account_and_ends_every_session() {
    let app = spawn_app().await;
    let (id, email) = app.register("Anna").await;
    let token = app.token_for(&email).await;
    let other = app.token_for(&email).await;
    assert_eq!(
        app.delete("/api/v1/me", Some(&token)).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_problem(app.get("/api/v1/me", Some(&token)).await, 401).await;
    assert_problem(app.get("/api/v1/me", Some(&other)).await, 401).await;
    assert_problem(app.login(&email, PASSWORD).await, 401).await;
    assert_eq!(app.count("users"), 0);
    assert_eq!(app.count("sessions"), 0);
    // The erasure is audited by pseudonymous id only.
    let mut conn = app.ctx.db.get().unwrap();
    let entries = wijkmatch::db::audit::list(&mut conn, Some(&id), None, 10).unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].action, "erase");
    // The email can be registered again.
    let r = app
        .post(
            "/api/v1/auth/register",
            None,
            &json!({"email": email, "password": PASSWORD, "display_name": "Anna"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
}

#[actix_web::test]
async fn an_ended_or_bad_token_is_refused_on_endpoints_open_to_anyone_too() {
    let app = spawn_app().await;
    let (_, token) = app.volunteer("Anna").await;
    assert_eq!(
        app.get("/api/v1/vocabulary", Some(&token)).await.status(),
        StatusCode::OK
    );
    app.post("/api/v1/auth/logout", Some(&token), &json!({}))
        .await;
    for path in [
        "/api/v1/vocabulary",
        "/api/v1/wijken",
        "/api/v1/initiatives",
        "/api/v1/key-figures",
    ] {
        let r = app.get(path, Some(&token)).await;
        assert_eq!(
            r.headers()["www-authenticate"],
            r#"Bearer error="invalid_token""#,
            "{path}"
        );
        assert_problem(r, 401).await;
    }
    let body = json!({"email": unique_email("late"), "password": PASSWORD, "display_name": "Late"});
    assert_problem(
        app.post("/api/v1/auth/register", Some(&token), &body).await,
        401,
    )
    .await;
    assert_problem(
        app.post("/api/v1/auth/register", Some("garbage"), &body)
            .await,
        401,
    )
    .await;
    assert_eq!(app.count("users"), 1, "nothing registered with a bad token");
    let (_, email) = app.register("Bert").await;
    let r = app
        .post(
            "/api/v1/auth/login",
            Some("garbage"),
            &json!({"email": email, "password": PASSWORD}),
        )
        .await;
    assert_problem(r, 401).await;
    assert_eq!(app.login(&email, PASSWORD).await.status(), StatusCode::OK);
}

/// A failed login is counted in the database (so every instance throttles alike): the count
/// is a write, so on SQLite it waits for the writer, and it is there once the login answers.
#[actix_web::test]
async fn a_failed_login_is_counted_in_the_database() {
    let app = spawn_app().await;
    let (_, email) = app.register("Anna").await;
    let failures = || app.count("login_failures") + app.count("address_attempts");
    let before = failures();
    // Another writer holds the SQLite writer lock (on PostgreSQL there is none).
    let (locked_tx, locked_rx) = std::sync::mpsc::channel();
    let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
    let db = app.ctx.db.clone();
    let holder = std::thread::spawn(move || {
        let _writer = db.writer_guard();
        locked_tx.send(()).unwrap();
        let _ = release_rx.recv_timeout(std::time::Duration::from_secs(30));
    });
    locked_rx.recv().unwrap();
    let login = app.login(&email, "dit is niet mijn wachtwoord");
    let released = async {
        actix_web::rt::time::sleep(std::time::Duration::from_millis(300)).await;
        release_tx.send(()).unwrap();
    };
    let (r, ()) = futures_util::future::join(login, released).await;
    holder.join().unwrap();
    assert_problem(r, 401).await;
    assert_eq!(
        failures(),
        before + 2,
        "the run of failures and the address's count"
    );
    // A successful login ends the run of failures; the address's count stays for its window.
    assert_eq!(app.login(&email, PASSWORD).await.status(), StatusCode::OK);
    assert_eq!(app.count("login_failures"), 0);
}

#[actix_web::test]
async fn repeated_sequential_and_invisible_passwords_are_refused() {
    let app = spawn_app().await;
    let zero_width = "\u{200B}".repeat(15);
    for bad in [
        "000000000000000",
        "abc123abc123abc123",
        "123456789012345",
        "abcdefghijklmno",
        "qwertyuiopasdfghjkl",
        "               ",
        zero_width.as_str(),
    ] {
        let email = unique_email("pw");
        let r = app
            .post(
                "/api/v1/auth/register",
                None,
                &json!({"email": email, "password": bad, "display_name": "Anna"}),
            )
            .await;
        let p = assert_problem(r, 400).await;
        assert_eq!(error_fields(&p), ["password"], "{bad:?}");
    }
    assert_eq!(app.count("users"), 0);
    // A password change applies the same policy.
    let (_, token) = app.volunteer("Anna").await;
    let r = app
        .put(
            "/api/v1/me/password",
            Some(&token),
            &json!({"current_password": PASSWORD, "new_password": "987654321098765"}),
        )
        .await;
    let p = assert_problem(r, 400).await;
    assert_eq!(error_fields(&p), ["new_password"]);
}

#[actix_web::test]
async fn invisible_and_bidi_display_names_are_refused_wherever_a_name_is_set() {
    let app = spawn_app().await;
    let bad_names = [
        "\u{200B}\u{200B}\u{200B}",
        "\u{3164}",
        "Anna\u{202E}seirV ed",
        "\u{2067}Anna\u{2069}",
        "Anna\u{200F}",
    ];
    for bad in bad_names {
        let r = app
            .post(
                "/api/v1/auth/register",
                None,
                &json!({"email": unique_email("n"), "password": PASSWORD, "display_name": bad}),
            )
            .await;
        let p = assert_problem(r, 400).await;
        assert_eq!(error_fields(&p), ["display_name"], "register {bad:?}");
    }
    assert_eq!(app.count("users"), 0);
    let (_, token) = app.volunteer("Anna").await;
    for bad in bad_names {
        let r = app
            .patch("/api/v1/me", Some(&token), &json!({"display_name": bad}))
            .await;
        let p = assert_problem(r, 400).await;
        assert_eq!(error_fields(&p), ["display_name"], "PATCH /me {bad:?}");
        let r = app
            .put(
                "/api/v1/volunteers/me",
                Some(&token),
                &crate::volunteers::profile(bad, "WK001402"),
            )
            .await;
        let p = assert_problem(r, 400).await;
        assert_eq!(error_fields(&p), ["display_name"], "profile {bad:?}");
    }
    let me: Value = app
        .get("/api/v1/me", Some(&token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["display_name"], "Anna");
    assert_eq!(app.count("volunteer_profiles"), 0);
}

/// Let every login grow `minutes` older (the sessions stay alive: under 30 minutes idle).
fn age_logins(app: &crate::helpers::TestApp, minutes: i64) {
    assert!(minutes < 30);
    app.advance(chrono::Duration::minutes(minutes));
}

async fn assert_reauthentication_required(r: reqwest::Response) {
    let p = assert_problem(r, 403).await;
    assert!(
        p["type"]
            .as_str()
            .unwrap()
            .ends_with("reauthentication-required"),
        "{p}"
    );
}

#[actix_web::test]
async fn erasure_needs_a_login_of_the_last_ten_minutes() {
    let app = spawn_app().await;
    let (_, email) = app.register("Anna").await;
    let token = app.token_for(&email).await;
    age_logins(&app, 11);
    assert_reauthentication_required(app.delete("/api/v1/me", Some(&token)).await).await;
    assert_eq!(app.count("users"), 1, "nothing erased");
    assert_eq!(
        app.get("/api/v1/me", Some(&token)).await.status(),
        StatusCode::OK,
        "the session itself goes on"
    );
    let recent = app.token_for(&email).await;
    age_logins(&app, 9);
    assert_eq!(
        app.delete("/api/v1/me", Some(&recent)).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(app.count("users"), 0);
}

#[actix_web::test]
async fn role_changes_need_a_recent_login_after_the_usual_authorisation() {
    let app = spawn_app().await;
    let (_, admin) = app.admin().await;
    let (vid, volunteer) = app.volunteer("Vera").await;
    let path = format!("/api/v1/users/{vid}/roles");
    let body = json!({"roles": ["volunteer", "admin"], "wij_team_id": null});
    age_logins(&app, 11);
    // Who may not change roles at all hears that first, as before.
    assert_problem(app.put(&path, None, &body).await, 401).await;
    let p = assert_problem(app.put(&path, Some(&volunteer), &body).await, 403).await;
    assert!(
        !p["type"]
            .as_str()
            .unwrap()
            .ends_with("reauthentication-required")
    );
    // An admin whose login is old must log in again; nothing changes meanwhile.
    assert_reauthentication_required(app.put(&path, Some(&admin), &body).await).await;
    let me: Value = app
        .get("/api/v1/me", Some(&volunteer))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["roles"], json!(["volunteer"]));
    // A fresh login passes.
    let email: Value = app
        .get("/api/v1/me", Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    let fresh = app.token_for(email["email"].as_str().unwrap()).await;
    let r = app.put(&path, Some(&fresh), &body).await;
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
}

#[actix_web::test]
async fn the_last_admin_cannot_erase_themselves() {
    let app = spawn_app().await;
    let (_, admin) = app.admin().await;
    let p = assert_problem(app.delete("/api/v1/me", Some(&admin)).await, 409).await;
    assert!(p["detail"].as_str().unwrap().contains("last admin"), "{p}");
    assert_eq!(app.count("users"), 1, "nothing erased");
    assert_eq!(
        app.get("/api/v1/me", Some(&admin)).await.status(),
        StatusCode::OK,
        "the session was not ended"
    );
    // With a second admin the first may go.
    let (_, other) = app.admin().await;
    assert_eq!(
        app.delete("/api/v1/me", Some(&admin)).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_problem(app.delete("/api/v1/me", Some(&other)).await, 409).await;
    assert_eq!(app.count("users"), 1);
}

#[actix_web::test]
async fn an_account_without_a_usable_hash_answers_as_slowly_as_a_wrong_password() {
    let app = spawn_app().await;
    let (_, real) = app.register("Anna").await;
    let (id, placeholder) = app.register("Bert").await;
    app.exec(&format!(
        "UPDATE users SET password_hash = 'no-login-for-demo-accounts' WHERE id = '{id}'"
    ));
    let mut fastest = [std::time::Duration::MAX; 2];
    let mut bodies = [Value::Null, Value::Null];
    // Interleaved, the fastest of three each (below the per-account throttle), with a
    // generous margin: a skipped verification answers ten or more times faster.
    for _ in 0..3 {
        for (i, email) in [&real, &placeholder].into_iter().enumerate() {
            let started = std::time::Instant::now();
            let r = app.login(email, "dit is niet het wachtwoord").await;
            fastest[i] = fastest[i].min(started.elapsed());
            bodies[i] = assert_problem(r, 401).await;
        }
    }
    assert_eq!(bodies[0], bodies[1]);
    assert!(
        fastest[1] * 4 >= fastest[0],
        "no usable hash: {:?}, a wrong password: {:?}",
        fastest[1],
        fastest[0]
    );
}

#[actix_web::test]
async fn an_account_has_at_most_ten_live_sessions_and_a_new_login_ends_the_oldest() {
    let app = spawn_app().await;
    let (_, email) = app.register("Anna").await;
    let mut tokens = Vec::new();
    for _ in 0..11 {
        tokens.push(app.token_for(&email).await);
    }
    assert_problem(app.get("/api/v1/me", Some(&tokens[0])).await, 401).await;
    for token in &tokens[1..] {
        assert_eq!(
            app.get("/api/v1/me", Some(token)).await.status(),
            StatusCode::OK
        );
    }
    // Another account's sessions are not touched.
    let (_, other) = app.volunteer("Bert").await;
    assert_eq!(
        app.get("/api/v1/me", Some(&other)).await.status(),
        StatusCode::OK
    );
}

#[actix_web::test]
async fn the_number_of_sessions_per_account_is_a_setting() {
    let app = spawn_app_with(|s| s.auth.max_sessions_per_account = 2).await;
    let (_, email) = app.register("Anna").await;
    let first = app.token_for(&email).await;
    let second = app.token_for(&email).await;
    // Logging out frees a place: only live sessions count.
    let r = app
        .post("/api/v1/auth/logout", Some(&second), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let third = app.token_for(&email).await;
    assert_eq!(
        app.get("/api/v1/me", Some(&first)).await.status(),
        StatusCode::OK
    );
    let fourth = app.token_for(&email).await;
    assert_problem(app.get("/api/v1/me", Some(&first)).await, 401).await;
    for token in [&third, &fourth] {
        assert_eq!(
            app.get("/api/v1/me", Some(token)).await.status(),
            StatusCode::OK
        );
    }
}

/// Two instances on one database count the same failures: five failed logins through one
/// make the other answer 429, and a success through either ends the run.
#[actix_web::test]
async fn login_throttling_counts_failures_across_instances() {
    let app = spawn_app().await;
    let (_, email) = app.register("Anna").await;
    let other = app.second_instance();
    let login = |base: String, password: &'static str| {
        let client = app.client.clone();
        let email = email.clone();
        async move {
            client
                .post(format!("{base}/api/v1/auth/login"))
                .json(&json!({"email": email, "password": password}))
                .send()
                .await
                .unwrap()
        }
    };
    for _ in 0..5 {
        assert_problem(
            login(app.base.clone(), "dit is niet mijn wachtwoord").await,
            401,
        )
        .await;
    }
    let refused = login(other.base.clone(), PASSWORD).await;
    assert_eq!(refused.status().as_u16(), 429);
    assert!(refused.headers().contains_key("retry-after"));
    app.advance(chrono::Duration::seconds(2));
    other.ctx.clock.advance(chrono::Duration::seconds(2));
    assert_eq!(
        login(other.base.clone(), PASSWORD).await.status().as_u16(),
        200
    );
    assert_eq!(app.count("login_failures"), 0);
}
