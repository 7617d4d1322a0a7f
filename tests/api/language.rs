//! Answers in Dutch when `Accept-Language` prefers `nl`, in English otherwise: problem titles,
//! details and field messages, and the social map's reasons. Codes and fields never change.

use reqwest::{Method, Response};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, spawn_app};
use crate::volunteers::{profile, with_profile};

async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
    language: Option<&str>,
) -> Response {
    let mut req = app.client.request(method, app.url(path));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(b) = body {
        req = req.json(b);
    }
    if let Some(l) = language {
        req = req.header("Accept-Language", l);
    }
    req.send().await.unwrap()
}

fn varies_on_language(r: &Response) -> bool {
    r.headers().get_all("vary").iter().any(|v| {
        v.to_str()
            .unwrap()
            .to_lowercase()
            .contains("accept-language")
    })
}

/// (field, code, message) of each field error.
fn field_errors(problem: &Value) -> Vec<(String, String, String)> {
    problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_owned(),
                e["code"].as_str().unwrap().to_owned(),
                e["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[actix_web::test]
async fn the_same_bad_request_is_answered_in_dutch_and_english_with_the_same_codes() {
    let app = spawn_app().await;
    let bad = json!({"email": "not-an-address", "password": "kort", "display_name": " "});
    let mut answers = Vec::new();
    for language in ["nl-NL,nl;q=0.9,en;q=0.5", "en-GB"] {
        let r = send(
            &app,
            Method::POST,
            "/api/v1/auth/register",
            None,
            Some(&bad),
            Some(language),
        )
        .await;
        assert!(varies_on_language(&r), "{language}: Vary: Accept-Language");
        answers.push(assert_problem(r, 400).await);
    }
    let (nl, en) = (&answers[0], &answers[1]);
    assert_eq!(nl["title"], "Ongeldige invoer");
    assert_eq!(en["title"], "Invalid input");
    assert_eq!(nl["detail"], "Een of meer velden kloppen niet.");
    assert_eq!(en["detail"], "one or more fields are invalid");
    assert_eq!(nl["type"], en["type"]);
    let (nl_errors, en_errors) = (field_errors(nl), field_errors(en));
    let codes = |errors: &[(String, String, String)]| -> Vec<(String, String)> {
        errors
            .iter()
            .map(|(f, c, _)| (f.clone(), c.clone()))
            .collect()
    };
    assert_eq!(codes(&nl_errors), codes(&en_errors));
    assert_eq!(
        codes(&en_errors),
        [
            ("email".to_owned(), "invalid_format".to_owned()),
            ("display_name".to_owned(), "required".to_owned()),
            ("password".to_owned(), "too_short".to_owned()),
        ]
    );
    let messages = |errors: &[(String, String, String)]| -> Vec<String> {
        errors.iter().map(|(_, _, m)| m.clone()).collect()
    };
    assert_eq!(
        messages(&nl_errors),
        [
            "Vul een e-mailadres in, zoals naam@voorbeeld.nl.",
            "Vul dit in.",
            "Gebruik minstens 15 tekens.",
        ]
    );
    assert_eq!(
        messages(&en_errors),
        [
            "must be an email address like name@example.org",
            "must not be empty",
            "must be at least 15 characters",
        ]
    );
}

#[actix_web::test]
async fn q_values_decide_and_anything_but_dutch_is_english() {
    let app = spawn_app().await;
    for (language, dutch) in [
        (None, false),
        (Some("nl"), true),
        (Some("nl-BE"), true),
        (Some("en;q=0.5, nl;q=0.8"), true),
        (Some("nl;q=0.5, en;q=0.8"), false),
        (Some("fr, nl;q=0.2"), true),
        (Some("nl;q=0"), false),
        (Some("de-DE, fr"), false),
        (Some("*"), false),
    ] {
        let r = send(&app, Method::GET, "/api/v1/me", None, None, language).await;
        let p = assert_problem(r, 401).await;
        let expected = if dutch {
            (
                "Niet ingelogd",
                "Log in: er is een geldig bearer-token nodig.",
            )
        } else {
            ("Unauthorized", "a valid bearer token is required")
        };
        assert_eq!(
            (p["title"].as_str().unwrap(), p["detail"].as_str().unwrap()),
            expected,
            "{language:?}"
        );
    }
}

#[actix_web::test]
async fn details_of_refusals_and_framework_answers_are_dutch_too() {
    let app = spawn_app().await;
    let (_, volunteer) = app.volunteer("Vera").await;
    let nl = Some("nl");
    // 403 with a detail of its own.
    let r = send(
        &app,
        Method::GET,
        "/api/v1/wijken/WK001404/partners",
        Some(&volunteer),
        None,
        nl,
    )
    .await;
    assert!(varies_on_language(&r));
    let p = assert_problem(r, 403).await;
    assert_eq!(p["title"], "Geen toegang");
    assert_eq!(
        p["detail"],
        "De sociale kaart is voor medewerkers van een WIJ-team en beheerders."
    );
    // 404 of a record, and of a path no route has.
    let p = assert_problem(
        send(&app, Method::GET, "/api/v1/wijken/WK999999", None, None, nl).await,
        404,
    )
    .await;
    assert_eq!(
        (p["title"].as_str(), p["detail"].as_str()),
        (Some("Niet gevonden"), Some("Niet gevonden: wijk."))
    );
    let p = assert_problem(
        send(&app, Method::GET, "/api/v1/nothing-here", None, None, nl).await,
        404,
    )
    .await;
    assert_eq!(p["title"], "Niet gevonden");
    // 415 from the body extractor, 400 for an unknown query parameter.
    let r = app
        .client
        .post(app.url("/api/v1/auth/register"))
        .header("content-type", "text/plain")
        .header("Accept-Language", "nl")
        .body("{}")
        .send()
        .await
        .unwrap();
    let p = assert_problem(r, 415).await;
    assert_eq!(p["detail"], "Stuur de inhoud als application/json.");
    let p = assert_problem(
        send(
            &app,
            Method::GET,
            "/api/v1/wijken?colour=red",
            None,
            None,
            nl,
        )
        .await,
        400,
    )
    .await;
    let errors = field_errors(&p);
    assert_eq!(errors[0].0, "colour");
    assert_eq!(errors[0].1, "unknown_field");
    assert!(errors[0].2.starts_with("Onbekende parameter"), "{p}");
}

#[actix_web::test]
async fn serdes_english_stays_out_of_dutch_answers() {
    let app = spawn_app().await;
    let wrong_type =
        json!({"email": 5, "password": "lang genoeg wachtwoord", "display_name": "Ab"});
    let unknown =
        json!({"email": "a@example.org", "password": "x", "display_name": "Ab", "colour": 1});
    for (body, field, code, english) in [
        (&wrong_type, "email", "invalid_format", "invalid type"),
        (&unknown, "colour", "unknown_field", "unknown field"),
    ] {
        let mut messages = Vec::new();
        for language in ["nl", "en"] {
            let r = send(
                &app,
                Method::POST,
                "/api/v1/auth/register",
                None,
                Some(body),
                Some(language),
            )
            .await;
            let p = assert_problem(r, 400).await;
            let errors = field_errors(&p);
            assert_eq!((errors[0].0.as_str(), errors[0].1.as_str()), (field, code));
            messages.push(errors[0].2.clone());
        }
        assert!(!messages[0].contains(english), "Dutch: {}", messages[0]);
        assert!(messages[1].contains(english), "English: {}", messages[1]);
    }
    // Not JSON at all: the position, in Dutch words.
    let r = app
        .client
        .post(app.url("/api/v1/auth/register"))
        .header("content-type", "application/json")
        .header("Accept-Language", "nl")
        .body("{\"email\": }")
        .send()
        .await
        .unwrap();
    let p = assert_problem(r, 400).await;
    assert_eq!(p["detail"], "De JSON klopt niet (regel 1, kolom 11).");
}

#[actix_web::test]
async fn the_social_map_says_why_in_the_callers_language() {
    let app = spawn_app().await;
    let oosterpark = app.team_id("WIJ Oosterparkwijk").await;
    let (_, worker) = app.team_worker(&oosterpark).await;
    with_profile(&app, "Home", &profile("Home", "WK001404")).await;
    with_profile(&app, "Neighbour", &profile("Neighbour", "WK001400")).await;
    let mut why = Vec::new();
    for language in [Some("nl"), None] {
        let r = send(
            &app,
            Method::GET,
            "/api/v1/wijken/WK001404/partners",
            Some(&worker),
            None,
            language,
        )
        .await;
        assert_eq!(r.status().as_u16(), 200);
        assert!(varies_on_language(&r));
        let map: Value = r.json().await.unwrap();
        let of = |name: &str| {
            map["items"]
                .as_array()
                .unwrap()
                .iter()
                .find(|i| i["display"] == name)
                .unwrap()["why"]
                .as_str()
                .unwrap()
                .to_owned()
        };
        why.push((of("Home"), of("Neighbour")));
    }
    assert_eq!(why[0].0, "vrijwilliger die in Oud-Oost woont");
    assert_eq!(why[0].1, "vrijwilliger uit Centrum, die tot 3 km reist");
    assert_eq!(why[1].0, "volunteer living in Oud-Oost");
    assert_eq!(why[1].1, "volunteer from Centrum, who travels up to 3 km");
}

#[actix_web::test]
async fn the_openapi_document_lists_every_error_code() {
    let app = spawn_app().await;
    let doc: Value = app
        .get("/api-docs/openapi.json", None)
        .await
        .json()
        .await
        .unwrap();
    let schemas = &doc["components"]["schemas"];
    let codes: Vec<&str> = schemas["ErrorCode"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    for code in [
        "required",
        "too_short",
        "too_long",
        "out_of_range",
        "unknown_code",
        "invalid_format",
        "in_the_future",
        "unknown_field",
        "too_many",
        "too_common",
    ] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    let field = &schemas["FieldError"];
    assert_eq!(
        field["properties"]["code"]["$ref"],
        "#/components/schemas/ErrorCode"
    );
    let required: Vec<&str> = field["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert_eq!(required, ["field", "code", "message"]);
}

#[actix_web::test]
async fn errors_from_middleware_are_rendered_in_the_callers_language() {
    let app = spawn_app().await;
    let mut details = Vec::new();
    for language in ["nl", "en"] {
        let r = app
            .client
            .post(app.url("/api/v1/auth/register"))
            .header("Idempotency-Key", "")
            .header("Accept-Language", language)
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert!(varies_on_language(&r));
        let p = assert_problem(r, 400).await;
        details.push(p["detail"].as_str().unwrap().to_owned());
    }
    assert_eq!(
        details,
        [
            "De Idempotency-Key moet 1 tot 255 zichtbare ASCII-tekens zijn.",
            "Idempotency-Key must be 1 to 255 visible ASCII characters",
        ]
    );
}
