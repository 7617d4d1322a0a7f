use reqwest::StatusCode;
use serde_json::{Value, json};
use wijkmatch::cli;

use crate::helpers::{PASSWORD, assert_problem, error_fields, spawn_app, unique_email};

#[actix_web::test]
async fn create_admin_creates_or_promotes_with_exit_codes() {
    let app = spawn_app().await;
    let email = unique_email("operator");
    let mut stdin = format!("{PASSWORD}\n");
    assert_eq!(
        cli::create_admin(app.settings.clone(), &email, &mut stdin.as_bytes()),
        cli::EXIT_OK
    );
    let token = app.token_for(&email).await;
    let me: Value = app
        .get("/api/v1/me", Some(&token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["roles"], json!(["admin"]));

    // An existing volunteer is promoted and keeps their password.
    let (_, volunteer) = app.register("Vera").await;
    stdin = "whatever is typed here is ignored\n".to_owned();
    assert_eq!(
        cli::create_admin(app.settings.clone(), &volunteer, &mut stdin.as_bytes()),
        cli::EXIT_OK
    );
    let token = app.token_for(&volunteer).await;
    let me: Value = app
        .get("/api/v1/me", Some(&token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["roles"], json!(["volunteer", "admin"]));

    // The password policy applies: bad input is exit code 2 and creates nothing.
    let users = app.count("users");
    stdin = "password\n".to_owned();
    assert_eq!(
        cli::create_admin(
            app.settings.clone(),
            &unique_email("weak"),
            &mut stdin.as_bytes()
        ),
        cli::EXIT_BAD_INPUT
    );
    stdin = format!("{PASSWORD}\n");
    assert_eq!(
        cli::create_admin(app.settings.clone(), "not-an-email", &mut stdin.as_bytes()),
        cli::EXIT_BAD_INPUT
    );
    assert_eq!(app.count("users"), users);
}

#[actix_web::test]
async fn only_admins_assign_roles_and_the_team_rule_holds() {
    let app = spawn_app().await;
    let (_, admin) = app.admin().await;
    let (vid, volunteer) = app.volunteer("Vera").await;
    let team = app.team_id("WIJ Oosterparkwijk").await;
    let path = format!("/api/v1/users/{vid}/roles");

    assert_problem(
        app.put(
            &path,
            Some(&volunteer),
            &json!({"roles": ["admin"], "wij_team_id": null}),
        )
        .await,
        403,
    )
    .await;
    assert_problem(
        app.put(
            &path,
            None,
            &json!({"roles": ["admin"], "wij_team_id": null}),
        )
        .await,
        401,
    )
    .await;
    for (body, field) in [
        (json!({"roles": [], "wij_team_id": null}), "roles"),
        (
            json!({"roles": ["team_worker"], "wij_team_id": null}),
            "wij_team_id",
        ),
        (
            json!({"roles": ["volunteer"], "wij_team_id": team}),
            "wij_team_id",
        ),
        (
            json!({"roles": ["team_worker"], "wij_team_id": "no-such-team"}),
            "wij_team_id",
        ),
        (
            json!({"roles": ["superuser"], "wij_team_id": null}),
            "roles[0]",
        ),
    ] {
        let p = assert_problem(app.put(&path, Some(&admin), &body).await, 400).await;
        assert_eq!(error_fields(&p), [field], "{body}");
    }
    assert_problem(
        app.put(
            "/api/v1/users/00000000-0000-0000-0000-000000000000/roles",
            Some(&admin),
            &json!({"roles": ["admin"], "wij_team_id": null}),
        )
        .await,
        404,
    )
    .await;

    let r = app
        .put(
            &path,
            Some(&admin),
            &json!({"roles": ["team_worker", "volunteer"], "wij_team_id": team}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let user: Value = r.json().await.unwrap();
    assert_eq!(user["roles"], json!(["volunteer", "team_worker"]));
    assert_eq!(user["wij_team_id"], team.as_str());
    // Their sessions end at once, so the new rights apply from the next login.
    assert_problem(app.get("/api/v1/me", Some(&volunteer)).await, 401).await;
    // The change is audited.
    let audit =
        wijkmatch::db::audit::list(&mut app.ctx.db.get().unwrap(), Some(&vid), None, 10).unwrap();
    assert_eq!(audit[0].action, "role_change");
}

#[actix_web::test]
async fn admins_find_accounts_by_email_and_others_cannot() {
    let app = spawn_app().await;
    let (_, admin) = app.admin().await;
    let (_, volunteer) = app.volunteer("Vera").await;
    for _ in 0..3 {
        app.register("Finder").await;
    }
    let body: Value = app
        .get("/api/v1/users?email=USER-&limit=2", Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["items"].as_array().unwrap().len(), 2);
    let next = body["next_cursor"].as_str().unwrap();
    let more: Value = app
        .get(
            &format!("/api/v1/users?email=user-&limit=2&cursor={next}"),
            Some(&admin),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        more["items"].as_array().unwrap().len(),
        2,
        "4 volunteers in all"
    );
    assert!(more["next_cursor"].is_null());
    // LIKE wildcards in the query are literal.
    let none: Value = app
        .get("/api/v1/users?email=%25", Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(none["items"].as_array().unwrap().len(), 0);
    assert_problem(
        app.get("/api/v1/users?email=user", Some(&volunteer)).await,
        403,
    )
    .await;
}

#[actix_web::test]
async fn the_roles_body_needs_wij_team_id_and_the_last_admin_keeps_the_role() {
    let app = spawn_app().await;
    let (admin_id, admin) = app.admin().await;
    let (vid, _) = app.volunteer("Vera").await;
    let p = assert_problem(
        app.put(
            &format!("/api/v1/users/{vid}/roles"),
            Some(&admin),
            &json!({"roles": ["volunteer"]}),
        )
        .await,
        400,
    )
    .await;
    assert_eq!(
        error_fields(&p),
        ["wij_team_id"],
        "required, though it may be null"
    );

    let own = format!("/api/v1/users/{admin_id}/roles");
    let demote = json!({"roles": ["volunteer"], "wij_team_id": null});
    assert_problem(app.put(&own, Some(&admin), &demote).await, 409).await;
    app.admin().await;
    let r = app.put(&own, Some(&admin), &demote).await;
    assert_eq!(r.status(), StatusCode::OK, "another admin remains");
}
