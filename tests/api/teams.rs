use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{assert_problem, error_fields, spawn_app};

#[actix_web::test]
async fn the_reference_teams_cover_only_what_the_sources_state() {
    let app = spawn_app().await;
    let body: Value = app
        .get("/api/v1/wij-teams", None)
        .await
        .json()
        .await
        .unwrap();
    let teams = body["items"].as_array().unwrap();
    assert_eq!(teams.len(), 6);
    let names: Vec<&str> = teams.iter().map(|t| t["name"].as_str().unwrap()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "ordered by name");
    for t in teams {
        let expected = if t["name"] == "WIJ Oosterparkwijk" {
            json!(["WK001404"])
        } else {
            json!([])
        };
        assert_eq!(t["wijk_codes"], expected, "{}", t["name"]);
    }
    let vinkhuizen = teams
        .iter()
        .find(|t| t["name"] == "WIJ Vinkhuizen")
        .unwrap();
    assert!(
        vinkhuizen["address"]
            .as_str()
            .unwrap()
            .starts_with("Diamantlaan 94")
    );
    let id = teams[0]["id"].as_str().unwrap();
    let one: Value = app
        .get(&format!("/api/v1/wij-teams/{id}"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(one, teams[0]);
    assert_problem(app.get("/api/v1/wij-teams/unknown", None).await, 404).await;
}

#[actix_web::test]
async fn admins_create_teams_others_cannot() {
    let app = spawn_app().await;
    let (_, admin) = app.admin().await;
    let (_, volunteer) = app.volunteer("Vera").await;
    let body = json!({"name": "WIJ Selwerd", "address": "Zonnelaan 1", "wijk_codes": ["WK001403"], "walk_in_hours": "ma-vr 9-12"});
    assert_problem(
        app.post("/api/v1/wij-teams", Some(&volunteer), &body).await,
        403,
    )
    .await;
    assert_problem(app.post("/api/v1/wij-teams", None, &body).await, 401).await;
    let r = app.post("/api/v1/wij-teams", Some(&admin), &body).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let team: Value = r.json().await.unwrap();
    assert_eq!(team["wijk_codes"], json!(["WK001403"]));
    let wijk: Value = app
        .get("/api/v1/wijken/WK001403", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(wijk["wij_team_ids"], json!([team["id"]]));
    assert_eq!(app.count("wij_teams"), 7);
}

#[actix_web::test]
async fn invalid_teams_are_refused_and_nothing_is_stored() {
    let app = spawn_app().await;
    let (_, admin) = app.admin().await;
    let cases = [
        (
            json!({"name": "", "address": "a", "wijk_codes": [], "walk_in_hours": ""}),
            "name",
        ),
        (
            json!({"name": "x".repeat(101), "address": "a", "wijk_codes": [], "walk_in_hours": ""}),
            "name",
        ),
        (
            json!({"name": "T", "address": "a", "wijk_codes": ["WK009999"], "walk_in_hours": ""}),
            "wijk_codes[0]",
        ),
        (
            json!({"name": "T", "address": "a", "wijk_codes": [], "walk_in_hours": "x".repeat(201)}),
            "walk_in_hours",
        ),
        (
            json!({"name": "T", "address": "a", "wijk_codes": []}),
            "walk_in_hours",
        ),
        (
            json!({"name": "T", "address": "a", "wijk_codes": [], "walk_in_hours": "", "id": "mine"}),
            "id",
        ),
    ];
    for (body, field) in cases {
        let p = assert_problem(
            app.post("/api/v1/wij-teams", Some(&admin), &body).await,
            400,
        )
        .await;
        assert_eq!(error_fields(&p), [field], "{body}");
    }
    assert_eq!(app.count("wij_teams"), 6);
}

#[actix_web::test]
async fn a_teams_workers_edit_its_details_but_not_its_coverage() {
    let app = spawn_app().await;
    let team = app.team_id("WIJ Beijum").await;
    let other = app.team_id("WIJ Hoogkerk").await;
    let (_, worker) = app.team_worker(&team).await;
    let (_, outsider) = app.team_worker(&other).await;
    let (_, admin) = app.admin().await;
    let path = format!("/api/v1/wij-teams/{team}");

    let r = app
        .patch(
            &path,
            Some(&worker),
            &json!({"walk_in_hours": "di 13-16", "address": "Heerdenhoes"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let t: Value = r.json().await.unwrap();
    assert_eq!(t["walk_in_hours"], "di 13-16");
    assert_problem(
        app.patch(&path, Some(&worker), &json!({"wijk_codes": ["WK001411"]}))
            .await,
        403,
    )
    .await;
    assert_problem(
        app.patch(&path, Some(&outsider), &json!({"name": "Overgenomen"}))
            .await,
        403,
    )
    .await;
    let r = app
        .patch(&path, Some(&admin), &json!({"wijk_codes": ["WK001411"]}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let t: Value = app.get(&path, None).await.json().await.unwrap();
    assert_eq!(t["wijk_codes"], json!(["WK001411"]));
    assert_eq!(t["name"], "WIJ Beijum");
}

#[actix_web::test]
async fn contacts_are_managed_by_the_team_and_public_fields_only_for_others() {
    let app = spawn_app().await;
    let team = app.team_id("WIJ Vinkhuizen").await;
    let (_, worker) = app.team_worker(&team).await;
    let (_, outsider) = app.team_worker(&app.team_id("WIJ Beijum").await).await;
    let (_, volunteer) = app.volunteer("Vera").await;
    let path = format!("/api/v1/wij-teams/{team}/contacts");
    let contact = json!({"name": "Sanne Bakker", "role": "wijkwerker", "email": "sanne@wij.example.org", "phone": "+31 50 123 4567", "expertise": "schulden, eenzaamheid"});

    assert_problem(app.post(&path, Some(&volunteer), &contact).await, 403).await;
    assert_problem(app.post(&path, Some(&outsider), &contact).await, 403).await;
    let r = app.post(&path, Some(&worker), &contact).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let created: Value = r.json().await.unwrap();
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["email"], "sanne@wij.example.org");

    let public: Value = app.get(&path, None).await.json().await.unwrap();
    let item = &public["items"][0];
    assert_eq!(item["name"], "Sanne Bakker");
    assert_eq!(item["expertise"], "schulden, eenzaamheid");
    assert!(
        item.get("email").is_none() && item.get("phone").is_none(),
        "{item}"
    );
    let as_volunteer: Value = app.get(&path, Some(&volunteer)).await.json().await.unwrap();
    assert!(as_volunteer["items"][0].get("email").is_none());
    let as_staff: Value = app.get(&path, Some(&outsider)).await.json().await.unwrap();
    assert_eq!(as_staff["items"][0]["phone"], "+31 50 123 4567");

    let one = format!("{path}/{id}");
    assert_problem(
        app.patch(&one, Some(&outsider), &json!({"role": "x"}))
            .await,
        403,
    )
    .await;
    let p = assert_problem(
        app.patch(&one, Some(&worker), &json!({"email": "no"}))
            .await,
        400,
    )
    .await;
    assert_eq!(error_fields(&p), ["email"]);
    let r = app
        .patch(&one, Some(&worker), &json!({"role": "buurtsportcoach"}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_problem(app.delete(&one, Some(&volunteer)).await, 403).await;
    assert_eq!(
        app.delete(&one, Some(&worker)).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_problem(app.delete(&one, Some(&worker)).await, 404).await;
    assert_eq!(app.count("wij_contacts"), 0);
}

#[actix_web::test]
async fn invalid_contacts_are_refused_per_field() {
    let app = spawn_app().await;
    let team = app.team_id("WIJ Vinkhuizen").await;
    let (_, admin) = app.admin().await;
    let path = format!("/api/v1/wij-teams/{team}/contacts");
    let good = json!({"name": "S", "role": "r", "email": "s@example.org", "phone": "050-1234567", "expertise": "e"});
    for (field, value) in [
        ("name", json!("")),
        ("role", json!("x".repeat(101))),
        ("email", json!("nope")),
        ("phone", json!("call me")),
        ("expertise", json!("")),
    ] {
        let mut body = good.clone();
        body[field] = value;
        let p = assert_problem(app.post(&path, Some(&admin), &body).await, 400).await;
        assert_eq!(error_fields(&p), [field]);
    }
    assert_problem(
        app.post("/api/v1/wij-teams/unknown/contacts", Some(&admin), &good)
            .await,
        404,
    )
    .await;
    assert_eq!(app.count("wij_contacts"), 0);
}

#[actix_web::test]
async fn contacts_page_across_a_boundary() {
    let app = spawn_app().await;
    let team = app.team_id("WIJ Vinkhuizen").await;
    let (_, admin) = app.admin().await;
    let path = format!("/api/v1/wij-teams/{team}/contacts");
    for i in 0..5 {
        let body = json!({"name": format!("Contact {i}"), "role": "r", "email": "s@example.org", "phone": "050-1234567", "expertise": "e"});
        assert_eq!(
            app.post(&path, Some(&admin), &body).await.status(),
            StatusCode::CREATED
        );
    }
    let first: Value = app
        .get(&format!("{path}?limit=3"), None)
        .await
        .json()
        .await
        .unwrap();
    let cursor = first["next_cursor"].as_str().unwrap();
    let second: Value = app
        .get(&format!("{path}?limit=3&cursor={cursor}"), None)
        .await
        .json()
        .await
        .unwrap();
    let mut names: Vec<String> = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .chain(second["items"].as_array().unwrap())
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names.len(), 5);
    assert!(second["next_cursor"].is_null());
    assert_eq!(names[0], "Contact 4", "newest first");
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 5);
}

#[actix_web::test]
async fn null_in_a_patch_clears_what_may_be_empty_and_is_refused_otherwise() {
    let app = spawn_app().await;
    let team = app.team_id("WIJ Vinkhuizen").await;
    let (_, worker) = app.team_worker(&team).await;
    let path = format!("/api/v1/wij-teams/{team}");
    app.patch(&path, Some(&worker), &json!({"walk_in_hours": "ma 9-12"}))
        .await;
    let r = app
        .patch(
            &path,
            Some(&worker),
            &json!({"address": null, "walk_in_hours": null}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let t: Value = r.json().await.unwrap();
    assert!(
        t["address"].is_null() && t["walk_in_hours"].is_null(),
        "{t}"
    );
    let p = assert_problem(
        app.patch(&path, Some(&worker), &json!({"name": null}))
            .await,
        400,
    )
    .await;
    assert_eq!(error_fields(&p), ["name"]);

    let contacts = format!("{path}/contacts");
    let c: Value = app
        .post(&contacts, Some(&worker), &json!({"name": "S", "role": "r", "email": "s@example.org", "phone": "050-1234567", "expertise": "e"}))
        .await
        .json()
        .await
        .unwrap();
    let one = format!("{contacts}/{}", c["id"].as_str().unwrap());
    for field in ["phone", "email", "name"] {
        let p = assert_problem(
            app.patch(&one, Some(&worker), &json!({field: null})).await,
            400,
        )
        .await;
        assert_eq!(error_fields(&p), [field]);
    }
    let unchanged: Value = app
        .get(&contacts, Some(&worker))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(unchanged["items"][0]["phone"], "050-1234567");
}
