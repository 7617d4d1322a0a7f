//! Open data: the wijken and initiatives as GeoJSON (checked by RFC 7946's rules in Rust and
//! by Python's independent `geojson` validator) and the CBS buurten.

use std::collections::BTreeSet;
use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{Value, json};

use crate::fixtures::ok;
use crate::helpers::{assert_problem, error_fields, spawn_app};
use crate::initiatives::create;

/// Runs `scripts/<script>` with Python (`$WIJKMATCH_PYTHON`, else `python3`) on `input`; its
/// standard output. When Python or the packages the script needs are missing: a failure in
/// CI (`CI` set: `.ci/run` installs them), else `None` after a note on the terminal that the
/// check was skipped.
pub fn python(script: &str, modules: &[&str], args: &[&str], input: &[u8]) -> Option<String> {
    let interpreter = std::env::var("WIJKMATCH_PYTHON").unwrap_or_else(|_| "python3".into());
    let probe = Command::new(&interpreter)
        .arg("-c")
        .arg(format!("import {}", modules.join(", ")))
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        let why = format!(
            "{script} needs {interpreter} with {modules:?} (pip install {})",
            modules.join(" ").replace('_', "-")
        );
        assert!(
            std::env::var_os("CI").is_none(),
            "{why}: CI must have it; .ci/run installs it"
        );
        // Straight to the terminal, past the test harness's capture, so the skip is seen.
        let _ = writeln!(std::io::stderr(), "SKIPPED independent check: {why}");
        return None;
    }
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scripts")
        .join(script);
    let mut child = Command::new(&interpreter)
        .arg(path)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 starts");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input)
        .expect("the document is handed over");
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{script} refused the document:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(stdout)
}

/// What RFC 7946 asks of the documents served here, checked in Rust: a FeatureCollection of
/// Features, no `crs` anywhere, positions `[lon, lat]` in range, polygon rings closed with at
/// least four positions, exteriors counter-clockwise and holes clockwise.
pub fn rfc7946_problems(doc: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    fn no_crs(v: &Value, at: &str, problems: &mut Vec<String>) {
        if v.get("crs").is_some() {
            problems.push(format!("{at}: a crs member"));
        }
    }
    no_crs(doc, "collection", &mut problems);
    if doc["type"] != "FeatureCollection" {
        problems.push(format!("type {}", doc["type"]));
    }
    let Some(features) = doc["features"].as_array() else {
        problems.push("no features array".into());
        return problems;
    };
    let position = |p: &Value, at: &str, problems: &mut Vec<String>| -> Option<(f64, f64)> {
        let a = p.as_array().filter(|a| (2..=3).contains(&a.len()));
        let (lon, lat) = match a.map(|a| (a[0].as_f64(), a[1].as_f64())) {
            Some((Some(lon), Some(lat))) => (lon, lat),
            _ => {
                problems.push(format!("{at}: position {p}"));
                return None;
            }
        };
        if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
            problems.push(format!("{at}: [{lon}, {lat}] out of range"));
        }
        Some((lon, lat))
    };
    let polygon = |rings: &Value, at: &str, problems: &mut Vec<String>| {
        let Some(rings) = rings.as_array().filter(|r| !r.is_empty()) else {
            problems.push(format!("{at}: no rings"));
            return;
        };
        for (i, ring) in rings.iter().enumerate() {
            let points: Vec<(f64, f64)> = ring
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|p| position(p, at, problems))
                .collect();
            if points.len() < 4 {
                problems.push(format!("{at} ring {i}: {} positions", points.len()));
                continue;
            }
            if points.first() != points.last() {
                problems.push(format!("{at} ring {i}: not closed"));
            }
            let area2: f64 = points
                .windows(2)
                .map(|w| w[0].0 * w[1].1 - w[1].0 * w[0].1)
                .sum();
            if (i == 0) != (area2 > 0.0) {
                problems.push(format!(
                    "{at} ring {i}: wound {}",
                    if area2 > 0.0 {
                        "counter-clockwise"
                    } else {
                        "clockwise"
                    }
                ));
            }
        }
    };
    for (n, f) in features.iter().enumerate() {
        let at = format!("feature {n} ({})", f["id"]);
        no_crs(f, &at, &mut problems);
        no_crs(&f["geometry"], &at, &mut problems);
        if f["type"] != "Feature" || !f["properties"].is_object() {
            problems.push(format!("{at}: not a Feature with properties"));
        }
        let coordinates = &f["geometry"]["coordinates"];
        match f["geometry"]["type"].as_str() {
            Some("Point") => {
                position(coordinates, &at, &mut problems);
            }
            Some("Polygon") => polygon(coordinates, &at, &mut problems),
            Some("MultiPolygon") => {
                for part in coordinates.as_array().into_iter().flatten() {
                    polygon(part, &at, &mut problems);
                }
            }
            other => problems.push(format!("{at}: geometry {other:?}")),
        }
    }
    problems
}

async fn geojson(app: &crate::helpers::TestApp, path: &str) -> (Value, String) {
    let r = app.get(path, None).await;
    assert_eq!(r.status(), 200, "{path}");
    assert_eq!(
        r.headers()["content-type"].to_str().unwrap(),
        "application/geo+json",
        "{path}"
    );
    let text = r.text().await.unwrap();
    (serde_json::from_str(&text).unwrap(), text)
}

#[test]
fn the_rust_check_finds_what_rfc_7946_forbids() {
    let square = json!([
        [6.5, 53.2],
        [6.6, 53.2],
        [6.6, 53.3],
        [6.5, 53.3],
        [6.5, 53.2]
    ]);
    let good = json!({"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": "a", "properties": {},
         "geometry": {"type": "Polygon", "coordinates": [square]}},
        {"type": "Feature", "id": "b", "properties": {},
         "geometry": {"type": "Point", "coordinates": [6.5, 53.2]}}
    ]});
    assert!(rfc7946_problems(&good).is_empty());
    let broken = |edit: &dyn Fn(&mut Value)| {
        let mut doc = good.clone();
        edit(&mut doc);
        rfc7946_problems(&doc)
    };
    let clockwise: Vec<Value> = square.as_array().unwrap().iter().rev().cloned().collect();
    let wound = broken(&|d| d["features"][0]["geometry"]["coordinates"] = json!([clockwise]));
    assert!(wound[0].contains("wound clockwise"), "{wound:?}");
    let open = broken(&|d| {
        d["features"][0]["geometry"]["coordinates"][0][4] = json!([6.5, 53.25]);
    });
    assert!(open.iter().any(|p| p.contains("not closed")), "{open:?}");
    let short = broken(&|d| {
        d["features"][0]["geometry"]["coordinates"] =
            json!([[[6.5, 53.2], [6.6, 53.2], [6.5, 53.2]]]);
    });
    assert!(short[0].contains("3 positions"), "{short:?}");
    let swapped = broken(&|d| d["features"][1]["geometry"]["coordinates"] = json!([53.2, 186.5]));
    assert!(swapped[0].contains("out of range"), "{swapped:?}");
    let crs = broken(&|d| d["crs"] = json!({"type": "name"}));
    assert!(crs[0].contains("crs"), "{crs:?}");
}

#[actix_web::test]
async fn the_wijken_are_an_rfc_7946_feature_collection_an_independent_validator_accepts() {
    let app = spawn_app().await;
    let (doc, text) = geojson(&app, "/api/v1/wijken.geojson").await;
    assert_eq!(rfc7946_problems(&doc), Vec::<String>::new());
    let features = doc["features"].as_array().unwrap();
    assert_eq!(features.len(), 20);

    // The properties are exactly the four the contract names, agreeing with the wijk list.
    let list = ok(app.get("/api/v1/wijken?limit=200", None).await).await;
    let team = app.team_id("WIJ Oosterparkwijk").await;
    for (feature, wijk) in features.iter().zip(list["items"].as_array().unwrap()) {
        let p = &feature["properties"];
        let keys: BTreeSet<&str> = p.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            BTreeSet::from(["code", "name", "population", "wij_team_ids"])
        );
        assert_eq!(feature["id"], wijk["code"]);
        for key in ["code", "name", "population", "wij_team_ids"] {
            assert_eq!(p[key], wijk[key], "{key} of {}", wijk["code"]);
        }
        // Longitude first: Groningen lies near 6.5° E, 53.2° N.
        let first = &feature["geometry"]["coordinates"][0][0];
        assert!((6.3..6.9).contains(&first[0].as_f64().unwrap()), "{first}");
        assert!(
            (53.0..53.4).contains(&first[1].as_f64().unwrap()),
            "{first}"
        );
    }
    let oud_oost = features.iter().find(|f| f["id"] == "WK001404").unwrap();
    assert_eq!(oud_oost["properties"]["wij_team_ids"], json!([team]));

    if let Some(out) = python("check_geojson.py", &["geojson"], &[], text.as_bytes()) {
        assert_eq!(out.trim(), "valid 20 features");
    }

    let p = assert_problem(
        app.get("/api/v1/wijken.geojson?wijk=WK001404", None).await,
        400,
    )
    .await;
    assert_eq!(error_fields(&p), ["wijk"]);
}

#[actix_web::test]
async fn located_initiatives_are_points_whose_properties_are_the_public_list_items() {
    let app = spawn_app().await;
    let (_, token) = app.volunteer("Carla").await;
    let located = |name: &str, wijk: &str, theme: &str, lat: f64, lon: f64| {
        json!({"name": name, "description": format!("{name}: samen"), "wijk_code": wijk,
               "themes": [theme], "lat": lat, "lon": lon, "contact_email": "wij@example.org"})
    };
    let tuin = create(
        &app,
        &token,
        &located("Buurttuin", "WK001404", "groen_en_tuinen", 53.2101, 6.5902),
    )
    .await;
    let koffie = create(
        &app,
        &token,
        &located(
            "Koffie-inloop",
            "WK001406",
            "samenleving_in_de_buurt",
            53.196,
            6.572,
        ),
    )
    .await;
    // Without a location: in the list, not on the map.
    let nowhere = create(
        &app,
        &token,
        &crate::initiatives::initiative("Buurtapp", "WK001404"),
    )
    .await;

    let (doc, text) = geojson(&app, "/api/v1/initiatives.geojson").await;
    assert_eq!(rfc7946_problems(&doc), Vec::<String>::new());
    let ids: Vec<&Value> = doc["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| &f["id"])
        .collect();
    assert_eq!(
        ids,
        [&koffie["id"], &tuin["id"]],
        "newest first, located only"
    );
    let list = ok(app.get("/api/v1/initiatives", None).await).await;
    let items = list["items"].as_array().unwrap();
    assert!(items.iter().any(|i| i["id"] == nowhere["id"]));
    for feature in doc["features"].as_array().unwrap() {
        let item = items.iter().find(|i| i["id"] == feature["id"]).unwrap();
        assert_eq!(&feature["properties"], item);
        assert_eq!(feature["geometry"]["type"], "Point");
        assert_eq!(
            feature["geometry"]["coordinates"],
            json!([item["lon"], item["lat"]])
        );
    }
    if let Some(out) = python("check_geojson.py", &["geojson"], &[], text.as_bytes()) {
        assert_eq!(out.trim(), "valid 2 features");
    }

    // The list's filters, applied the same way.
    for (query, expected) in [
        ("wijk=WK001404", vec![&tuin["id"]]),
        ("theme=samenleving_in_de_buurt", vec![&koffie["id"]]),
        ("q=BUURTTUIN", vec![&tuin["id"]]),
        ("wijk=WK001410", vec![]),
    ] {
        let (doc, _) = geojson(&app, &format!("/api/v1/initiatives.geojson?{query}")).await;
        let ids: Vec<&Value> = doc["features"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| &f["id"])
            .collect();
        assert_eq!(ids, expected, "{query}");
    }
    // Invalid filters are refused with the list's own errors, all at once.
    let bad = "wijk=WK009999&theme=nope";
    let p = assert_problem(
        app.get(&format!("/api/v1/initiatives.geojson?{bad}"), None)
            .await,
        400,
    )
    .await;
    let listed = assert_problem(
        app.get(&format!("/api/v1/initiatives?{bad}"), None).await,
        400,
    )
    .await;
    assert_eq!(error_fields(&p), ["wijk", "theme"]);
    assert_eq!(p["errors"], listed["errors"]);
    // A map is not paged: `limit` is a parameter it does not know.
    let p = assert_problem(
        app.get("/api/v1/initiatives.geojson?limit=5", None).await,
        400,
    )
    .await;
    assert_eq!(error_fields(&p), ["limit"]);
}

#[actix_web::test]
async fn buurten_are_listed_by_code_and_by_wijk_and_an_unknown_wijk_is_refused() {
    let app = spawn_app().await;
    let mut all = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/buurten?limit=60&cursor={c}"),
            None => "/api/v1/buurten?limit=60".to_owned(),
        };
        let page = ok(app.get(&path, None).await).await;
        all.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(all.len(), 150);
    let codes: Vec<&str> = all.iter().map(|b| b["code"].as_str().unwrap()).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(codes, sorted, "by code, each once");
    assert_eq!(
        all[0],
        json!({"code": "BU00140000", "name": "Binnenstad-Noord", "wijk_code": "WK001400",
               "lat": 53.21909, "lon": 6.56453})
    );

    let page = ok(app
        .get("/api/v1/buurten?wijk=WK001404&limit=200", None)
        .await)
    .await;
    let items = page["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items.iter().all(|b| b["wijk_code"] == "WK001404"));
    assert_eq!(
        items.len(),
        all.iter().filter(|b| b["wijk_code"] == "WK001404").count()
    );

    for query in ["wijk=WK009999", "wijk=", "wijk=wk001404"] {
        let p = assert_problem(
            app.get(&format!("/api/v1/buurten?{query}"), None).await,
            400,
        )
        .await;
        assert_eq!(error_fields(&p), ["wijk"], "{query}");
        assert_eq!(p["errors"][0]["code"], "unknown_code", "{query}");
    }
    let p = assert_problem(app.get("/api/v1/buurten?postcode=9713", None).await, 400).await;
    assert_eq!(error_fields(&p), ["postcode"]);
}
