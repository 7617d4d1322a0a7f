use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, error_fields, spawn_app};

pub fn initiative(name: &str, wijk: &str) -> Value {
    json!({
        "name": name,
        "description": format!("{name}: samen met de buurt"),
        "wijk_code": wijk,
        "themes": ["samenleving_in_de_buurt"],
    })
}

pub async fn create(app: &TestApp, token: &str, body: &Value) -> Value {
    let r = app.post("/api/v1/initiatives", Some(token), body).await;
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );
    r.json().await.unwrap()
}

#[actix_web::test]
async fn a_logged_in_user_registers_an_initiative_and_coordinates_it() {
    let app = spawn_app().await;
    let (uid, token) = app.volunteer("Carla").await;
    let body = json!({
        "name": "Buurttuin De Wijert", "description": "Samen tuinieren", "wijk_code": "WK001406",
        "themes": ["groen_en_tuinen", "samenleving_in_de_buurt"], "address": "Van Lenneplaan 1",
        "lat": 53.196, "lon": 6.572, "contact_email": "tuin@example.org", "website": "https://tuin.example.org"
    });
    let i = create(&app, &token, &body).await;
    assert_eq!(i["name"], "Buurttuin De Wijert");
    assert_eq!(
        i["themes"],
        json!(["groen_en_tuinen", "samenleving_in_de_buurt"])
    );
    assert_eq!(i["lat"], 53.196);
    let id = i["id"].as_str().unwrap();
    let coordinators: Value = app
        .get(&format!("/api/v1/initiatives/{id}/coordinators"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        coordinators["items"],
        json!([{"user_id": uid, "display_name": "Carla"}])
    );
    let public: Value = app
        .get(&format!("/api/v1/initiatives/{id}"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(public["id"], id);
    assert_problem(app.post("/api/v1/initiatives", None, &body).await, 401).await;
    assert_problem(app.get("/api/v1/initiatives/nope", None).await, 404).await;
}

#[actix_web::test]
async fn invalid_initiatives_are_refused_per_field_and_nothing_is_stored() {
    let app = spawn_app().await;
    let (_, token) = app.volunteer("Carla").await;
    let base = initiative("Koffie-inloop", "WK001400");
    let cases: Vec<(&str, Value, &str)> = vec![
        ("name", json!(""), "name"),
        ("name", json!("x".repeat(201)), "name"),
        ("description", json!("x".repeat(4001)), "description"),
        ("wijk_code", json!("WK009999"), "wijk_code"),
        ("themes", json!([]), "themes"),
        ("themes", json!(["knutselen"]), "themes[0]"),
        ("lat", json!(53.2), "lat"),
        ("lat", json!(95.0), "lat"),
        ("contact_email", json!("nope"), "contact_email"),
        ("website", json!("javascript:alert(1)"), "website"),
        ("owner_id", json!("someone"), "owner_id"),
    ];
    for (field, value, expected) in cases {
        let mut body = base.clone();
        body[field] = value;
        if field == "lat" && body["lat"] == json!(95.0) {
            body["lon"] = json!(6.5);
        }
        let p = assert_problem(
            app.post("/api/v1/initiatives", Some(&token), &body).await,
            400,
        )
        .await;
        assert_eq!(error_fields(&p), [expected], "{body}");
    }
    assert_eq!(app.count("initiatives"), 0);
    assert_eq!(app.count("initiative_coordinators"), 0);
}

#[actix_web::test]
async fn only_coordinators_and_admins_edit_and_delete() {
    let app = spawn_app().await;
    let (_, owner) = app.volunteer("Carla").await;
    let (_, other) = app.volunteer("Otto").await;
    let team = app.team_id("WIJ Oosterparkwijk").await;
    let (_, worker) = app.team_worker(&team).await;
    let (_, admin) = app.admin().await;
    let i = create(&app, &owner, &initiative("Kinderboerderij", "WK001404")).await;
    let path = format!("/api/v1/initiatives/{}", i["id"].as_str().unwrap());

    assert_problem(
        app.patch(&path, Some(&other), &json!({"name": "Gekaapt"}))
            .await,
        403,
    )
    .await;
    // Ownership stays with the people of the wijk: the covering team cannot edit it.
    assert_problem(
        app.patch(&path, Some(&worker), &json!({"name": "Gekaapt"}))
            .await,
        403,
    )
    .await;
    assert_problem(
        app.patch(&path, None, &json!({"name": "Gekaapt"})).await,
        401,
    )
    .await;
    assert_problem(app.delete(&path, Some(&worker)).await, 403).await;

    let r = app
        .patch(
            &path,
            Some(&owner),
            &json!({"name": "Kinderboerderij De Kraai", "website": "https://kraai.example.org"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = app
        .patch(&path, Some(&admin), &json!({"website": null}))
        .await;
    let updated: Value = r.json().await.unwrap();
    assert_eq!(updated["name"], "Kinderboerderij De Kraai");
    assert!(updated["website"].is_null(), "null clears");
    let p = assert_problem(
        app.patch(&path, Some(&owner), &json!({"themes": ["nope"]}))
            .await,
        400,
    )
    .await;
    assert_eq!(error_fields(&p), ["themes[0]"]);
    let unchanged: Value = app.get(&path, None).await.json().await.unwrap();
    assert_eq!(unchanged["themes"], json!(["samenleving_in_de_buurt"]));

    assert_eq!(
        app.delete(&path, Some(&owner)).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_problem(app.get(&path, None).await, 404).await;
}

#[actix_web::test]
async fn coordinators_are_added_and_removed_but_never_the_last() {
    let app = spawn_app().await;
    let (owner_id, owner) = app.volunteer("Carla").await;
    let (second_id, second) = app.volunteer("Dirk").await;
    let (_, other) = app.volunteer("Otto").await;
    let i = create(&app, &owner, &initiative("Buurtapp", "WK001411")).await;
    let base = format!(
        "/api/v1/initiatives/{}/coordinators",
        i["id"].as_str().unwrap()
    );

    assert_problem(
        app.post(&base, Some(&other), &json!({"user_id": second_id}))
            .await,
        403,
    )
    .await;
    let p = assert_problem(
        app.post(
            &base,
            Some(&owner),
            &json!({"user_id": "00000000-0000-0000-0000-000000000000"}),
        )
        .await,
        400,
    )
    .await;
    assert_eq!(error_fields(&p), ["user_id"]);
    let r = app
        .post(&base, Some(&owner), &json!({"user_id": second_id}))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(r.json::<Value>().await.unwrap()["display_name"], "Dirk");
    assert_problem(
        app.post(&base, Some(&owner), &json!({"user_id": second_id}))
            .await,
        409,
    )
    .await;

    // The new coordinator may edit; then the first one leaves.
    let path = format!("/api/v1/initiatives/{}", i["id"].as_str().unwrap());
    assert_eq!(
        app.patch(&path, Some(&second), &json!({"description": "Nieuw"}))
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        app.delete(&format!("{base}/{owner_id}"), Some(&second))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_problem(
        app.delete(&format!("{base}/{second_id}"), Some(&second))
            .await,
        409,
    )
    .await;
    assert_problem(
        app.delete(&format!("{base}/{owner_id}"), Some(&second))
            .await,
        404,
    )
    .await;
    assert_problem(
        app.patch(&path, Some(&owner), &json!({"description": "x"}))
            .await,
        403,
    )
    .await;
}

#[actix_web::test]
async fn search_ignores_case_and_accents_and_filters_combine() {
    let app = spawn_app().await;
    let (_, token) = app.volunteer("Carla").await;
    let mut coop = initiative("Coöperatieve wijkraad Beijum", "WK001411");
    coop["themes"] = json!(["actief_in_de_samenleving"]);
    create(&app, &token, &coop).await;
    create(
        &app,
        &token,
        &initiative("Schooltuin Oosterpark", "WK001404"),
    )
    .await;
    let mut cafe = initiative("Buurtcafé 50%_korting", "WK001404");
    cafe["description"] = json!("Koffie voor iedereen");
    create(&app, &token, &cafe).await;

    for q in [
        "coöperatie",
        "COOPERATIE",
        "Cooperatieve",
        "wijkraad",
        "WIJKRAAD BEIJUM",
    ] {
        let body: Value = app
            .get(&format!("/api/v1/initiatives?q={}", urlencode(q)), None)
            .await
            .json()
            .await
            .unwrap();
        let names: Vec<&str> = body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["Coöperatieve wijkraad Beijum"], "q={q}");
    }
    let body: Value = app
        .get("/api/v1/initiatives?q=CAFE", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["items"].as_array().unwrap().len(), 1);
    // LIKE wildcards are literal.
    let body: Value = app
        .get(
            &format!("/api/v1/initiatives?q={}", urlencode("50%_")),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["items"].as_array().unwrap().len(), 1);
    let body: Value = app
        .get(&format!("/api/v1/initiatives?q={}", urlencode("%")), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        body["items"].as_array().unwrap().len(),
        1,
        "only the one with a % in it"
    );

    let body: Value = app
        .get("/api/v1/initiatives?wijk=WK001404", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["items"].as_array().unwrap().len(), 2);
    let body: Value = app
        .get("/api/v1/initiatives?wijk=WK001404&q=tuin", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["items"].as_array().unwrap().len(), 1);
    let body: Value = app
        .get("/api/v1/initiatives?theme=actief_in_de_samenleving", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["items"].as_array().unwrap().len(), 1);
    for bad in ["wijk=WK9", "theme=nope", "limit=0"] {
        assert_problem(
            app.get(&format!("/api/v1/initiatives?{bad}"), None).await,
            400,
        )
        .await;
    }
}

#[actix_web::test]
async fn the_list_pages_newest_first_across_a_boundary() {
    let app = spawn_app().await;
    let (_, token) = app.volunteer("Carla").await;
    for n in 0..7 {
        create(
            &app,
            &token,
            &initiative(&format!("Initiatief {n}"), "WK001400"),
        )
        .await;
    }
    let mut names = Vec::new();
    let mut path = "/api/v1/initiatives?limit=3".to_owned();
    loop {
        let body: Value = app.get(&path, None).await.json().await.unwrap();
        names.extend(
            body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["name"].as_str().unwrap().to_owned()),
        );
        match body["next_cursor"].as_str() {
            Some(c) => path = format!("/api/v1/initiatives?limit=3&cursor={c}"),
            None => break,
        }
    }
    let expected: Vec<String> = (0..7).rev().map(|n| format!("Initiatief {n}")).collect();
    assert_eq!(names, expected);
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[actix_web::test]
async fn erasure_removes_the_users_email_from_the_initiatives_they_left() {
    let app = spawn_app().await;
    let (_, email) = app.register("Carla").await;
    let token = app.token_for(&email).await;
    let mut body = initiative("Buurttuin", "WK001400");
    body["contact_email"] = json!(email);
    let i = create(&app, &token, &body).await;
    assert_eq!(
        app.delete("/api/v1/me", Some(&token)).await.status(),
        StatusCode::NO_CONTENT
    );
    let after: Value = app
        .get(
            &format!("/api/v1/initiatives/{}", i["id"].as_str().unwrap()),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(after["name"], "Buurttuin", "the initiative stays");
    assert!(after["contact_email"].is_null(), "{after}");
}

#[actix_web::test]
async fn erasure_removes_the_users_email_from_initiatives_in_any_case() {
    let app = spawn_app().await;
    let (_, email) = app.register("Carla").await;
    let token = app.token_for(&email).await;
    let (_, other) = app.volunteer("Otto").await;
    let mut ids = Vec::new();
    for (name, contact) in [
        ("Buurttuin", email.to_uppercase()),
        ("Repair Café", email.clone()),
        ("Voedselbank", "iemand.anders@example.org".to_owned()),
    ] {
        let mut body = initiative(name, "WK001400");
        body["contact_email"] = json!(contact);
        ids.push(
            create(&app, &other, &body).await["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    assert_eq!(
        app.delete("/api/v1/me", Some(&token)).await.status(),
        StatusCode::NO_CONTENT
    );
    let mut contacts = Vec::new();
    for id in &ids {
        let i: Value = app
            .get(&format!("/api/v1/initiatives/{id}"), None)
            .await
            .json()
            .await
            .unwrap();
        contacts.push(i["contact_email"].clone());
    }
    assert!(contacts[0].is_null(), "upper case: {contacts:?}");
    assert!(contacts[1].is_null(), "as given: {contacts:?}");
    assert_eq!(contacts[2], "iemand.anders@example.org");
}

#[actix_web::test]
async fn erasure_removes_a_non_ascii_email_from_initiatives_in_any_case() {
    let app = spawn_app().await;
    let email = format!("Øystein.Ünal-{}@example.org", uuid::Uuid::new_v4().simple());
    let r = app
        .post(
            "/api/v1/auth/register",
            None,
            &json!({"email": email, "password": crate::helpers::PASSWORD, "display_name": "Øystein"}),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );
    let token = app.token_for(&email).await;
    let mut body = initiative("Buurttuin", "WK001400");
    body["contact_email"] = json!(email.to_lowercase());
    let id = create(&app, &token, &body).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        app.delete("/api/v1/me", Some(&token)).await.status(),
        StatusCode::NO_CONTENT
    );
    let i: Value = app
        .get(&format!("/api/v1/initiatives/{id}"), None)
        .await
        .json()
        .await
        .unwrap();
    assert!(i["contact_email"].is_null(), "{i}");
}
