use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{assert_problem, spawn_app};
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
    assert!(map["next_cursor"].is_null(), "ranked");
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

#[actix_web::test]
async fn the_ranked_social_map_refuses_any_cursor() {
    let app = spawn_app().await;
    let (_, admin) = app.admin().await;
    for c in ["forged", "", "eyJ4IjoxfQ"] {
        let r = app
            .get(
                &format!("/api/v1/wijken/WK001404/partners?cursor={c}"),
                Some(&admin),
            )
            .await;
        assert_problem(r, 400).await;
    }
}
