use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{assert_problem, error_fields, spawn_app};

pub fn key_figure(name: &str, wijk: &str, visibility: &str) -> Value {
    json!({
        "name": name,
        "description": "Geeft daklozen koffie en jongeren een baan",
        "organisation": "Supermarkt De Hoek",
        "wijk_code": wijk,
        "connects": "de hele straat",
        "contact": "06-12345678",
        "visibility": visibility,
        "consent": {"given_at": "2026-11-01T10:00:00Z", "recorded_by": "Sanne"}
    })
}

#[actix_web::test]
async fn key_figures_are_recorded_by_staff_with_consent() {
    let app = spawn_app().await;
    let team = app.team_id("WIJ Oosterparkwijk").await;
    let (_, worker) = app.team_worker(&team).await;
    let (_, volunteer) = app.volunteer("Vera").await;
    let body = key_figure("Henk", "WK001404", "team_only");
    assert_problem(
        app.post("/api/v1/key-figures", Some(&volunteer), &body)
            .await,
        403,
    )
    .await;
    assert_problem(app.post("/api/v1/key-figures", None, &body).await, 401).await;
    let mut no_consent = body.clone();
    no_consent.as_object_mut().unwrap().remove("consent");
    let p = assert_problem(
        app.post("/api/v1/key-figures", Some(&worker), &no_consent)
            .await,
        400,
    )
    .await;
    assert_eq!(error_fields(&p), ["consent"]);
    let mut future = body.clone();
    future["consent"]["given_at"] = json!("2999-01-01T00:00:00Z");
    let p = assert_problem(
        app.post("/api/v1/key-figures", Some(&worker), &future)
            .await,
        400,
    )
    .await;
    assert_eq!(error_fields(&p), ["consent.given_at"]);
    let mut bad_date = body.clone();
    bad_date["consent"]["given_at"] = json!("gisteren");
    let p = assert_problem(
        app.post("/api/v1/key-figures", Some(&worker), &bad_date)
            .await,
        400,
    )
    .await;
    assert_eq!(error_fields(&p), ["consent.given_at"]);
    assert_eq!(app.count("key_figures"), 0);

    let mut default_visibility = body.clone();
    default_visibility
        .as_object_mut()
        .unwrap()
        .remove("visibility");
    let r = app
        .post("/api/v1/key-figures", Some(&worker), &default_visibility)
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let k: Value = r.json().await.unwrap();
    assert_eq!(k["visibility"], "team_only", "the default");
    assert_eq!(k["consent"]["recorded_by"], "Sanne");
}

#[actix_web::test]
async fn team_only_key_figures_are_invisible_to_others_and_contacts_are_for_staff() {
    let app = spawn_app().await;
    let (_, admin) = app.admin().await;
    let (_, worker) = app.team_worker(&app.team_id("WIJ Beijum").await).await;
    let (_, volunteer) = app.volunteer("Vera").await;
    let hidden: Value = app
        .post(
            "/api/v1/key-figures",
            Some(&admin),
            &key_figure("Henk", "WK001404", "team_only"),
        )
        .await
        .json()
        .await
        .unwrap();
    let public: Value = app
        .post(
            "/api/v1/key-figures",
            Some(&admin),
            &key_figure("Fatima", "WK001404", "public"),
        )
        .await
        .json()
        .await
        .unwrap();

    for token in [None, Some(volunteer.as_str())] {
        let list: Value = app
            .get("/api/v1/key-figures", token)
            .await
            .json()
            .await
            .unwrap();
        let items = list["items"].as_array().unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0]["name"], "Fatima");
        assert!(items[0].get("contact").is_none() && items[0].get("consent").is_none());
        assert_problem(
            app.get(
                &format!("/api/v1/key-figures/{}", hidden["id"].as_str().unwrap()),
                token,
            )
            .await,
            404,
        )
        .await;
        let one: Value = app
            .get(
                &format!("/api/v1/key-figures/{}", public["id"].as_str().unwrap()),
                token,
            )
            .await
            .json()
            .await
            .unwrap();
        assert!(one.get("contact").is_none());
    }
    let list: Value = app
        .get("/api/v1/key-figures", Some(&worker))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
    assert_eq!(list["items"][0]["contact"], "06-12345678");
    let by_wijk: Value = app
        .get("/api/v1/key-figures?wijk=WK001400", Some(&worker))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_wijk["items"].as_array().unwrap().len(), 0);
}

#[actix_web::test]
async fn only_workers_of_a_covering_team_and_admins_edit_or_withdraw() {
    let app = spawn_app().await;
    let (_, covering) = app
        .team_worker(&app.team_id("WIJ Oosterparkwijk").await)
        .await;
    let (_, elsewhere) = app.team_worker(&app.team_id("WIJ Beijum").await).await;
    let (_, volunteer) = app.volunteer("Vera").await;
    let (_, admin) = app.admin().await;
    // Recording needs team rights for the wijk, like editing does.
    let body = key_figure("Henk", "WK001404", "public");
    assert_problem(
        app.post("/api/v1/key-figures", Some(&elsewhere), &body)
            .await,
        403,
    )
    .await;
    let k: Value = app
        .post("/api/v1/key-figures", Some(&admin), &body)
        .await
        .json()
        .await
        .unwrap();
    let path = format!("/api/v1/key-figures/{}", k["id"].as_str().unwrap());

    assert_problem(
        app.patch(&path, Some(&elsewhere), &json!({"connects": "x"}))
            .await,
        403,
    )
    .await;
    assert_problem(
        app.patch(&path, Some(&volunteer), &json!({"connects": "x"}))
            .await,
        403,
    )
    .await;
    let r = app
        .patch(
            &path,
            Some(&covering),
            &json!({"connects": "de jongeren van het plein", "visibility": "team_only"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_problem(
        app.patch(&path, Some(&volunteer), &json!({"connects": "x"}))
            .await,
        404,
    )
    .await;
    // Moving it to a wijk the team does not cover is refused.
    assert_problem(
        app.patch(&path, Some(&covering), &json!({"wijk_code": "WK001400"}))
            .await,
        403,
    )
    .await;
    assert_problem(app.delete(&path, Some(&elsewhere)).await, 403).await;
    assert_eq!(
        app.delete(&path, Some(&covering)).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(app.count("key_figures"), 0, "deleted, not hidden");
}

#[actix_web::test]
async fn null_for_a_required_key_figure_field_is_refused() {
    let app = spawn_app().await;
    let (_, admin) = app.admin().await;
    let k: Value = app
        .post(
            "/api/v1/key-figures",
            Some(&admin),
            &key_figure("Henk", "WK001404", "public"),
        )
        .await
        .json()
        .await
        .unwrap();
    let path = format!("/api/v1/key-figures/{}", k["id"].as_str().unwrap());
    for field in ["contact", "consent", "name", "visibility"] {
        let p = assert_problem(
            app.patch(&path, Some(&admin), &json!({field: null})).await,
            400,
        )
        .await;
        assert_eq!(error_fields(&p), [field]);
    }
}
