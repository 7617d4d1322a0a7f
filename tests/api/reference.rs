use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{assert_problem, error_fields, spawn_app};

#[actix_web::test]
async fn the_twenty_wijken_of_groningen_with_real_cbs_data() {
    let app = spawn_app().await;
    let body: Value = app.get("/api/v1/wijken", None).await.json().await.unwrap();
    let items = body["items"].as_array().unwrap();
    assert_eq!(items.len(), 20);
    assert!(body["next_cursor"].is_null());
    let codes: Vec<&str> = items.iter().map(|w| w["code"].as_str().unwrap()).collect();
    assert_eq!(codes[0], "WK001400");
    assert_eq!(codes[19], "WK001419");
    let oud_oost = items.iter().find(|w| w["code"] == "WK001404").unwrap();
    assert_eq!(oud_oost["name"], "Oud-Oost");
    assert_eq!(oud_oost["former_name"], "Oosterparkwijk");
    assert_eq!(oud_oost["population"], 12970);
    assert_eq!(
        oud_oost["wij_team_ids"].as_array().unwrap().len(),
        1,
        "WIJ Oosterparkwijk"
    );
    let centrum = items.iter().find(|w| w["code"] == "WK001400").unwrap();
    assert!(centrum["former_name"].is_null());
    assert!((centrum["lat"].as_f64().unwrap() - 53.21925).abs() < 1e-9);
}

#[actix_web::test]
async fn wijken_page_with_signed_cursors() {
    let app = spawn_app().await;
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/wijken?limit=7&cursor={c}"),
            None => "/api/v1/wijken?limit=7".to_owned(),
        };
        let body: Value = app.get(&path, None).await.json().await.unwrap();
        for w in body["items"].as_array().unwrap() {
            seen.push(w["code"].as_str().unwrap().to_owned());
        }
        match body["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen.len(), 20);
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted, seen, "no duplicates, stable order");
}

#[actix_web::test]
async fn bad_limits_and_forged_cursors_are_400() {
    let app = spawn_app().await;
    for q in ["limit=0", "limit=201", "limit=abc", "limit=-5"] {
        let p = assert_problem(app.get(&format!("/api/v1/wijken?{q}"), None).await, 400).await;
        assert_eq!(error_fields(&p), ["limit"], "{q}");
    }
    for c in ["abc", "WyJ3aWprZW4iLFsiV0swMDE0MDEiXV0", "eyJhIjoxfQ"] {
        let p = assert_problem(
            app.get(&format!("/api/v1/wijken?cursor={c}"), None).await,
            400,
        )
        .await;
        assert_eq!(error_fields(&p), ["cursor"]);
    }
    // A real cursor of another list is refused too.
    let teams: Value = app
        .get("/api/v1/wij-teams?limit=1", None)
        .await
        .json()
        .await
        .unwrap();
    let c = teams["next_cursor"].as_str().unwrap();
    assert_problem(
        app.get(&format!("/api/v1/wijken?cursor={c}"), None).await,
        400,
    )
    .await;
    assert_eq!(
        app.get("/api/v1/wijken?limit=200", None).await.status(),
        StatusCode::OK
    );
}

#[actix_web::test]
async fn one_wijk_by_code_and_404_for_unknown_codes() {
    let app = spawn_app().await;
    let w: Value = app
        .get("/api/v1/wijken/WK001412", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(w["name"], "Nieuw-Oost");
    assert_eq!(w["former_name"], "Noorddijk e.o.");
    assert_problem(app.get("/api/v1/wijken/WK009999", None).await, 404).await;
}

#[actix_web::test]
async fn vocabulary_has_the_reports_themes_with_both_labels() {
    let app = spawn_app().await;
    let v: Value = app
        .get("/api/v1/vocabulary", None)
        .await
        .json()
        .await
        .unwrap();
    for list in ["categories", "themes", "skills", "languages"] {
        let items = v[list].as_array().unwrap();
        assert!(!items.is_empty());
        for item in items {
            assert!(
                item["id"].is_string()
                    && item["label_nl"].is_string()
                    && item["label_en"].is_string()
            );
        }
    }
    let themes: Vec<&str> = v["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    for t in [
        "samenleving_in_de_buurt",
        "actief_in_de_samenleving",
        "mantelzorg",
    ] {
        assert!(themes.contains(&t), "{t}");
    }
}

#[actix_web::test]
async fn public_endpoints_refuse_a_bad_token_with_401() {
    let app = spawn_app().await;
    let r = app.get("/api/v1/wijken", Some("not-a-token")).await;
    assert_eq!(
        r.headers()["www-authenticate"],
        r#"Bearer error="invalid_token""#
    );
    assert_problem(r, 401).await;
    assert_problem(app.get("/api/v1/vocabulary", Some("x.y.z")).await, 401).await;
}

async fn lookup_codes(app: &crate::helpers::TestApp, query: &str) -> Vec<String> {
    let r = app.get(&format!("/api/v1/wijken?{query}"), None).await;
    assert_eq!(r.status(), StatusCode::OK, "{query}");
    let body: Value = r.json().await.unwrap();
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap().to_owned())
        .collect()
}

#[actix_web::test]
async fn wijken_are_found_by_postcode_most_first() {
    let app = spawn_app().await;
    // 9713 is all of Oud-Oost and a corner of Centrum.
    for pc in ["9713", "9713AB", "9713%20ab", "9713+AB"] {
        let codes = lookup_codes(&app, &format!("postcode={pc}")).await;
        assert_eq!(codes.first().map(String::as_str), Some("WK001404"), "{pc}");
        assert!(codes.contains(&"WK001400".to_owned()), "{pc}: {codes:?}");
        assert!(codes.len() < 20);
    }
    // Only the wijken holding a postcode come back, never the full list.
    let codes = lookup_codes(&app, "postcode=9741").await;
    assert!(!codes.is_empty() && codes.len() < 5, "{codes:?}");
    // A postcode outside the municipality finds nothing.
    assert!(lookup_codes(&app, "postcode=1012AB").await.is_empty());
    // Ranked: no next page, and the limit caps it.
    let body: Value = app
        .get("/api/v1/wijken?postcode=9713&limit=1", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["items"].as_array().unwrap().len(), 1);
    assert!(body["next_cursor"].is_null());
}

#[actix_web::test]
async fn wijken_are_found_by_name_or_former_name_ignoring_case_and_accents() {
    let app = spawn_app().await;
    assert_eq!(lookup_codes(&app, "q=oud-oost").await, ["WK001404"]);
    assert_eq!(
        lookup_codes(&app, "q=OOSTERPARK").await,
        ["WK001404"],
        "former name"
    );
    assert_eq!(
        lookup_codes(&app, "q=H%C3%A0ren").await,
        ["WK001417", "WK001418"],
        "Hàren"
    );
    assert_eq!(lookup_codes(&app, "q=noorddijk").await, ["WK001412"]);
    assert!(lookup_codes(&app, "q=amsterdam").await.is_empty());
    // Both: what the postcode finds, narrowed by the name.
    assert_eq!(
        lookup_codes(&app, "postcode=9713&q=centrum").await,
        ["WK001400"]
    );
    // An empty q is no filter.
    assert_eq!(lookup_codes(&app, "q=").await.len(), 20);
}

#[actix_web::test]
async fn a_malformed_postcode_or_a_long_q_is_400() {
    let app = spawn_app().await;
    for pc in ["971", "97134", "0713", "9713A", "abcd"] {
        let p = assert_problem(
            app.get(&format!("/api/v1/wijken?postcode={pc}"), None)
                .await,
            400,
        )
        .await;
        assert_eq!(error_fields(&p), ["postcode"], "{pc}");
    }
    let long = "a".repeat(101);
    let p = assert_problem(
        app.get(&format!("/api/v1/wijken?q={long}"), None).await,
        400,
    )
    .await;
    assert_eq!(error_fields(&p), ["q"]);
    // A cursor makes no sense on a ranked list.
    let page: Value = app
        .get("/api/v1/wijken?limit=1", None)
        .await
        .json()
        .await
        .unwrap();
    let c = page["next_cursor"].as_str().unwrap();
    let p = assert_problem(
        app.get(&format!("/api/v1/wijken?postcode=9713&cursor={c}"), None)
            .await,
        400,
    )
    .await;
    assert_eq!(error_fields(&p), ["cursor"]);
}
