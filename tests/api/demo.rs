use reqwest::StatusCode;
use serde_json::Value;
use wijkmatch::demo::{self, DemoOptions};

use crate::helpers::spawn_app;
use crate::initiatives::{create, initiative};

fn options(scale: usize, seed: u64, force: bool) -> DemoOptions {
    DemoOptions { scale, seed, force }
}

#[actix_web::test]
async fn seed_demo_fills_a_marked_deterministic_demo_set() {
    let app = spawn_app().await;
    let summary = {
        let mut conn = app.ctx.db.get().unwrap();
        demo::seed(&mut conn, options(20, 7, false)).unwrap()
    };
    assert_eq!(summary.initiatives, 20);
    assert_eq!(app.count("initiatives"), 20);
    assert_eq!(
        app.count("volunteer_profiles"),
        101,
        "5 per initiative, plus the named volunteer"
    );
    assert_eq!(app.count("key_figures"), 2);
    assert_eq!(
        app.count("wij_contacts"),
        18,
        "three for each of the six teams"
    );
    assert_eq!(app.count("users"), 104);
    assert_eq!(summary.offers, 101, "one offer per volunteer");
    assert_eq!(app.count("offers"), 101);
    assert!(app.count("offer_reach") >= 101);
    assert_eq!(summary.requests, 40, "2N open requests");
    assert_eq!(
        wijkmatch::db::bulk::count_where(
            &mut app.ctx.db.get().unwrap(),
            "requests",
            "status = 'open'"
        )
        .unwrap(),
        40
    );
    assert_eq!(
        wijkmatch::db::bulk::count_where(
            &mut app.ctx.db.get().unwrap(),
            "users",
            "is_demo = FALSE"
        )
        .unwrap(),
        0
    );

    let first: Value = app
        .get("/api/v1/initiatives?limit=200", None)
        .await
        .json()
        .await
        .unwrap();
    // Seeding again with the same seed replaces the demo set with the same content.
    {
        let mut conn = app.ctx.db.get().unwrap();
        demo::seed(&mut conn, options(20, 7, false)).unwrap();
    }
    let again: Value = app
        .get("/api/v1/initiatives?limit=200", None)
        .await
        .json()
        .await
        .unwrap();
    let names = |v: &Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(names(&first), names(&again));
    assert_eq!(app.count("initiatives"), 20);

    // The named logins work with the printed password; the others have no usable password.
    for (email, _) in &summary.logins {
        let r = app.login(email, &summary.password).await;
        assert_eq!(
            r.status(),
            StatusCode::UNAUTHORIZED,
            "a new password each run"
        );
    }
    let fresh = {
        let mut conn = app.ctx.db.get().unwrap();
        demo::seed(&mut conn, options(20, 7, false)).unwrap()
    };
    for (email, _) in &fresh.logins {
        assert_eq!(
            app.login(email, &fresh.password).await.status(),
            StatusCode::OK,
            "{email}"
        );
    }
    assert_eq!(
        app.login("demo-volunteer-0@demo.wijkmatch.invalid", &fresh.password)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );

    // The demo team worker's social map shows the demo partners of the covered wijk.
    let token = app
        .token_for_password("demo-teamworker@demo.wijkmatch.invalid", &fresh.password)
        .await;
    let map: Value = app
        .get("/api/v1/wijken/WK001404/partners", Some(&token))
        .await
        .json()
        .await
        .unwrap();
    assert!(!map["items"].as_array().unwrap().is_empty());

    // The demo data is usable end to end: the demo volunteer's offer gets suggestions, and a
    // dry batch run over the whole city proposes pairs.
    let vol = app
        .token_for_password("demo-volunteer@demo.wijkmatch.invalid", &fresh.password)
        .await;
    let mine: Value = app
        .get("/api/v1/offers/mine", Some(&vol))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);
    let offer = mine["items"][0]["id"].as_str().unwrap();
    let r = app
        .get(&format!("/api/v1/offers/{offer}/suggestions"), Some(&vol))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let admin = app
        .token_for_password("demo-admin@demo.wijkmatch.invalid", &fresh.password)
        .await;
    let run: Value = app
        .post(
            "/api/v1/matching/runs",
            Some(&admin),
            &serde_json::json!({"dry_run": true}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(run["filled_places"].as_u64().unwrap() > 0, "{run}");
    assert_eq!(app.count("matches"), 0);
}

#[actix_web::test]
async fn seed_demo_leaves_a_database_with_real_records_alone_unless_forced() {
    let app = spawn_app().await;
    let (_, token) = app.volunteer("Carla").await;
    create(&app, &token, &initiative("Echte buurttuin", "WK001400")).await;
    let refused = {
        let mut conn = app.ctx.db.get().unwrap();
        demo::seed(&mut conn, options(5, 1, false))
    };
    assert!(matches!(
        refused,
        Err(wijkmatch::error::AppError::Conflict(_))
    ));
    assert_eq!(app.count("initiatives"), 1);
    {
        let mut conn = app.ctx.db.get().unwrap();
        demo::seed(&mut conn, options(5, 1, true)).unwrap();
    }
    assert_eq!(app.count("initiatives"), 6);
    // Replacing demo data never removes the real initiative.
    {
        let mut conn = app.ctx.db.get().unwrap();
        demo::seed(&mut conn, options(3, 1, true)).unwrap();
    }
    assert_eq!(app.count("initiatives"), 4);
    let real: Value = app
        .get("/api/v1/initiatives?q=echte", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(real["items"].as_array().unwrap().len(), 1);
}
