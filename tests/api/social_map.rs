use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, spawn_app};
use crate::initiatives::{create, initiative};
use crate::key_figures::key_figure;
use crate::volunteers::{profile, with_profile};

#[actix_web::test]
async fn the_social_map_lists_who_reaches_a_wijk_nearest_first() {
    let app = spawn_app().await;
    let oosterpark = app.team_id("WIJ Oosterparkwijk").await;
    let (_, worker) = app.team_worker(&oosterpark).await;
    let (_, owner) = app.volunteer("Carla").await;
    // Home in Oud-Oost; a neighbour from Centrum with a 3 km radius; someone far away with
    // a small radius, who must not appear.
    with_profile(&app, "Home", &profile("Home", "WK001404")).await;
    with_profile(&app, "Neighbour", &profile("Neighbour", "WK001400")).await;
    let mut far = profile("Far", "WK001416");
    far["max_distance_km"] = json!(2);
    with_profile(&app, "Far", &far).await;
    let mut tuin = initiative("Schooltuin", "WK001404");
    tuin["themes"] = json!(["groen_en_tuinen"]);
    create(&app, &owner, &tuin).await;
    create(&app, &owner, &initiative("Elders", "WK001400")).await;
    app.post(
        "/api/v1/key-figures",
        Some(&worker),
        &key_figure("Henk", "WK001404", "team_only"),
    )
    .await;
    app.post(
        &format!("/api/v1/wij-teams/{oosterpark}/contacts"),
        Some(&worker),
        &json!({"name": "Sanne", "role": "wijkwerker", "email": "s@example.org", "phone": "050-1234567", "expertise": "jeugd"}),
    )
    .await;

    let r = app
        .get("/api/v1/wijken/WK001404/partners", Some(&worker))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let map: Value = r.json().await.unwrap();
    assert!(map["next_cursor"].is_null(), "one page holds them all");
    let items = map["items"].as_array().unwrap();
    let names: Vec<&str> = items
        .iter()
        .map(|i| i["display"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Schooltuin") && names.contains(&"Henk") && names.contains(&"Sanne"));
    assert!(
        names.contains(&"Home") && names.contains(&"Neighbour"),
        "{names:?}"
    );
    assert!(
        !names.contains(&"Far") && !names.contains(&"Elders"),
        "{names:?}"
    );
    let distances: Vec<f64> = items
        .iter()
        .map(|i| i["distance_km"].as_f64().unwrap())
        .collect();
    assert!(
        distances.windows(2).all(|w| w[0] <= w[1]),
        "nearest first: {distances:?}"
    );
    let neighbour = items.iter().find(|i| i["display"] == "Neighbour").unwrap();
    assert_eq!(neighbour["kind"], "volunteer");
    assert_eq!(
        neighbour["distance_km"], 1.0,
        "whole km from home-wijk centroids"
    );
    assert!(neighbour["why"].as_str().unwrap().contains("3 km"));
    for i in items {
        assert!(i["why"].as_str().is_some_and(|w| !w.is_empty()));
    }

    let themed: Value = app
        .get(
            "/api/v1/wijken/WK001404/partners?theme=mantelzorg",
            Some(&worker),
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(
        !themed["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["kind"] == "initiative")
    );
    let limited: Value = app
        .get("/api/v1/wijken/WK001404/partners?limit=2", Some(&worker))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(limited["items"].as_array().unwrap().len(), 2);
    assert!(limited["next_cursor"].is_string(), "more than one page");

    let (_, volunteer) = app.volunteer("Vera").await;
    assert_problem(
        app.get("/api/v1/wijken/WK001404/partners", Some(&volunteer))
            .await,
        403,
    )
    .await;
    assert_problem(app.get("/api/v1/wijken/WK001404/partners", None).await, 401).await;
    assert_problem(
        app.get("/api/v1/wijken/WK009999/partners", Some(&worker))
            .await,
        404,
    )
    .await;
    assert_problem(
        app.get("/api/v1/wijken/WK001404/partners?theme=x", Some(&worker))
            .await,
        400,
    )
    .await;
}

#[actix_web::test]
async fn a_profile_change_updates_the_reach_table() {
    let app = spawn_app().await;
    let (_, admin) = app.admin().await;
    let (_, token) = with_profile(&app, "Mover", &profile("Mover", "WK001416")).await;
    let before: Value = app
        .get("/api/v1/wijken/WK001400/partners", Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    assert!(before["items"].as_array().unwrap().is_empty());
    app.put(
        "/api/v1/volunteers/me",
        Some(&token),
        &profile("Mover", "WK001400"),
    )
    .await;
    let after: Value = app
        .get("/api/v1/wijken/WK001400/partners", Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(after["items"][0]["display"], "Mover");
    let old: Value = app
        .get("/api/v1/wijken/WK001416/partners", Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    assert!(old["items"].as_array().unwrap().is_empty());
}

/// A wijk with partners of every kind, several of them at the same distance (so the order
/// after distance, the id, is what pages turn on).
async fn crowded_wijk(app: &TestApp) -> String {
    let oosterpark = app.team_id("WIJ Oosterparkwijk").await;
    let (_, worker) = app.team_worker(&oosterpark).await;
    let (_, owner) = app.volunteer("Carla").await;
    for (name, home) in [
        ("Home 1", "WK001404"),
        ("Home 2", "WK001404"),
        ("Home 3", "WK001404"),
        ("Near 1", "WK001400"),
        ("Near 2", "WK001400"),
        ("Near 3", "WK001400"),
    ] {
        with_profile(app, name, &profile(name, home)).await;
    }
    let mut pets = profile("Dierenvriend", "WK001404");
    pets["skills"] = json!(["animal_care"]);
    with_profile(app, "Dierenvriend", &pets).await;
    let mut zoo = initiative("Kinderboerderij", "WK001404");
    zoo["themes"] = json!(["dieren"]);
    create(app, &owner, &zoo).await;
    create(app, &owner, &initiative("Koffie-inloop", "WK001404")).await;
    let mut placed = initiative("Buurttuin", "WK001404");
    placed["lat"] = json!(53.2105);
    placed["lon"] = json!(6.5960);
    create(app, &owner, &placed).await;
    app.post(
        "/api/v1/key-figures",
        Some(&worker),
        &key_figure("Henk", "WK001404", "team_only"),
    )
    .await;
    let mut dogs = key_figure("Dirk", "WK001404", "public");
    dogs["connects"] = json!("Hondenbezitters in het park");
    app.post("/api/v1/key-figures", Some(&worker), &dogs).await;
    app.post(
        &format!("/api/v1/wij-teams/{oosterpark}/contacts"),
        Some(&worker),
        &json!({"name": "Sanne", "role": "wijkwerker", "email": "s@example.org", "phone": "050-1234567", "expertise": "jeugd"}),
    )
    .await;
    worker
}

async fn map_page(app: &TestApp, token: &str, query: &str) -> Value {
    let r = app
        .get(
            &format!("/api/v1/wijken/WK001404/partners{query}"),
            Some(token),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

fn keys(items: &[Value]) -> Vec<(f64, String, String)> {
    items
        .iter()
        .map(|i| {
            (
                i["distance_km"].as_f64().unwrap(),
                i["id"].as_str().unwrap().to_owned(),
                i["kind"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[actix_web::test]
async fn pages_of_the_social_map_cover_every_partner_once_nearest_first_then_id() {
    let app = spawn_app().await;
    let worker = crowded_wijk(&app).await;
    let whole = map_page(&app, &worker, "?limit=200").await;
    assert!(whole["next_cursor"].is_null());
    let all = keys(whole["items"].as_array().unwrap());
    // 7 volunteers, 3 initiatives, 2 key figures, 1 contact.
    assert_eq!(all.len(), 13, "{whole}");
    let mut sorted = all.clone();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    assert_eq!(all, sorted, "nearest first, then id");
    assert!(
        all.iter().filter(|k| k.0 == 0.0).count() > 5,
        "ties on distance"
    );
    assert!(all.iter().any(|k| k.0 > 0.0));

    for limit in [1, 2, 5] {
        let mut walked = Vec::new();
        let mut query = format!("?limit={limit}");
        let mut pages = 0;
        loop {
            let page = map_page(&app, &worker, &query).await;
            let items = page["items"].as_array().unwrap();
            assert!(items.len() <= limit);
            walked.extend(keys(items));
            pages += 1;
            match page["next_cursor"].as_str() {
                Some(c) => query = format!("?limit={limit}&cursor={c}"),
                None => break,
            }
            assert!(pages <= 13, "the pages end");
        }
        assert_eq!(
            walked, all,
            "limit {limit}: every partner exactly once, in order"
        );
    }
}

#[actix_web::test]
async fn a_forged_or_foreign_cursor_is_refused() {
    let app = spawn_app().await;
    let worker = crowded_wijk(&app).await;
    let first = map_page(&app, &worker, "?limit=2").await;
    let genuine = first["next_cursor"].as_str().unwrap().to_owned();
    let mut tampered = genuine.clone().into_bytes();
    let last = tampered.len() - 1;
    tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(tampered).unwrap();
    let wijken: Value = app
        .get("/api/v1/wijken?limit=1", None)
        .await
        .json()
        .await
        .unwrap();
    let foreign = wijken["next_cursor"].as_str().unwrap().to_owned();
    for c in ["forged", "", "eyJ4IjoxfQ", &tampered, &foreign] {
        let r = app
            .get(
                &format!("/api/v1/wijken/WK001404/partners?cursor={c}"),
                Some(&worker),
            )
            .await;
        let p = assert_problem(r, 400).await;
        assert_eq!(crate::helpers::error_fields(&p), ["cursor"], "{c}");
    }
}

#[actix_web::test]
async fn kind_and_theme_narrow_the_social_map() {
    let app = spawn_app().await;
    let worker = crowded_wijk(&app).await;
    let kinds_of = |page: &Value| -> Vec<String> {
        let mut k: Vec<String> = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["kind"].as_str().unwrap().to_owned())
            .collect();
        k.sort();
        k.dedup();
        k
    };
    let volunteers = map_page(&app, &worker, "?kind=volunteer&limit=200").await;
    assert_eq!(kinds_of(&volunteers), ["volunteer"]);
    assert_eq!(volunteers["items"].as_array().unwrap().len(), 7);
    let two = map_page(&app, &worker, "?kind=key_figure,initiative").await;
    assert_eq!(kinds_of(&two), ["initiative", "key_figure"]);
    assert_eq!(two["items"].as_array().unwrap().len(), 5);

    // `dieren`: the initiative with that theme, the volunteer with its skill, the key figure
    // whose `connects` names it; WIJ contacts stay.
    let pets = map_page(&app, &worker, "?theme=dieren").await;
    let mut shown: Vec<(String, String)> = pets["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["kind"].as_str().unwrap().to_owned(),
                i["display"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    shown.sort();
    assert_eq!(
        shown,
        [
            ("initiative".to_owned(), "Kinderboerderij".to_owned()),
            ("key_figure".to_owned(), "Dirk".to_owned()),
            ("volunteer".to_owned(), "Dierenvriend".to_owned()),
            ("wij_contact".to_owned(), "Sanne".to_owned()),
        ]
    );
    // A theme whose skills the other volunteers have (cooking, listening): they come back.
    let care = map_page(&app, &worker, "?theme=mantelzorg&kind=volunteer").await;
    assert_eq!(care["items"].as_array().unwrap().len(), 6);

    // Unknown kinds (`organisation` is not a partner kind yet) and themes: 400, named.
    for (query, fields) in [
        ("?kind=organisation", vec!["kind"]),
        ("?kind=volunteer,nope", vec!["kind"]),
        ("?kind=", vec!["kind"]),
        ("?kind=Volunteer", vec!["kind"]),
        ("?kind=x&theme=y", vec!["kind", "theme"]),
    ] {
        let p = assert_problem(
            app.get(
                &format!("/api/v1/wijken/WK001404/partners{query}"),
                Some(&worker),
            )
            .await,
            400,
        )
        .await;
        assert_eq!(crate::helpers::error_fields(&p), fields, "{query}");
    }
    // Who may not see the map hears 403 before any word about the query.
    let (_, volunteer) = app.volunteer("Vera").await;
    assert_problem(
        app.get(
            "/api/v1/wijken/WK001404/partners?kind=nope",
            Some(&volunteer),
        )
        .await,
        403,
    )
    .await;
}
