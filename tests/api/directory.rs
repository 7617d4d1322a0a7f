//! Nobody harvests the volunteer directory by running a request: a manager who is not
//! vetted (a coordinator, not an admin nor a worker of a covering team) sees volunteers in
//! suggestions, matches and offers only under a per-request alias, without id, until a
//! volunteer applies to or accepts a match with the request.

use std::collections::BTreeMap;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::fixtures::*;
use crate::helpers::{TestApp, spawn_app};
use crate::initiatives::{create, initiative};

/// A plain volunteer who created an initiative in [`WIJK`] and a request for it: (id,
/// token, initiative id, request id).
async fn coordinator_with_request(app: &TestApp, name: &str) -> (String, String, String, String) {
    let (id, token) = app.volunteer(name).await;
    let i = create(app, &token, &initiative("Buurtkamer", WIJK)).await;
    let initiative_id = i["id"].as_str().unwrap().to_owned();
    let request_id = request_for(app, &token, &initiative_id).await;
    (id, token, initiative_id, request_id)
}

async fn request_for(app: &TestApp, token: &str, initiative_id: &str) -> String {
    let mut body = request_body(3);
    body["initiative_id"] = json!(initiative_id);
    created(app.post("/api/v1/requests", Some(token), &body).await).await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn suggestions(app: &TestApp, token: &str, request_id: &str) -> Value {
    ok(app
        .get(
            &format!("/api/v1/requests/{request_id}/suggestions"),
            Some(token),
        )
        .await)
    .await
}

/// offer id → (volunteer id, display name) of a suggestions answer.
fn shown(body: &Value) -> BTreeMap<String, (Value, String)> {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["offer_id"].as_str().unwrap().to_owned(),
                (
                    i["volunteer_id"].clone(),
                    i["display_name"].as_str().unwrap().to_owned(),
                ),
            )
        })
        .collect()
}

fn is_alias(name: &str) -> bool {
    name.strip_prefix("Vrijwilliger ")
        .is_some_and(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_uppercase()))
}

/// Three volunteers with an offer each that fits the request: (id, token, offer id, name).
async fn three_helpers(app: &TestApp) -> Vec<(String, String, String, &'static str)> {
    let mut out = Vec::new();
    for name in ["Pia Pannekoek", "Bram Boterbloem", "Cor Citroen"] {
        let (id, token, offer) = helper(app, name, "propose", 1).await;
        out.push((id, token, offer, name));
    }
    out
}

#[actix_web::test]
async fn coordinators_see_suggested_volunteers_only_under_a_stable_per_request_alias() {
    let app = spawn_app().await;
    let helpers = three_helpers(&app).await;
    let (_, coordinator, initiative_id, request_id) =
        coordinator_with_request(&app, "Carla Coordinator").await;

    let body = suggestions(&app, &coordinator, &request_id).await;
    let first = shown(&body);
    assert_eq!(first.len(), 3, "{body}");
    for (volunteer_id, name) in first.values() {
        assert!(volunteer_id.is_null(), "{body}");
        assert!(is_alias(name), "{name}");
    }
    let mut letters: Vec<&str> = first.values().map(|(_, n)| n.as_str()).collect();
    letters.sort_unstable();
    assert_eq!(
        letters,
        ["Vrijwilliger A", "Vrijwilliger B", "Vrijwilliger C"],
        "one letter per volunteer"
    );
    let text = body.to_string();
    for (id, _, _, name) in &helpers {
        assert!(!text.contains(name), "{text}");
        assert!(!text.contains(id.as_str()), "{text}");
    }

    // Stable: the same letters on the next call, and with a smaller limit.
    assert_eq!(
        shown(&suggestions(&app, &coordinator, &request_id).await),
        first
    );
    let top: Value = ok(app
        .get(
            &format!("/api/v1/requests/{request_id}/suggestions?limit=1"),
            Some(&coordinator),
        )
        .await)
    .await;
    for (offer, seen) in shown(&top) {
        assert_eq!(first[&offer], seen);
    }
    // A newcomer gets the next letter; nobody else's changes.
    let (dirk_id, _, dirk_offer) = helper(&app, "Dirk Dadel", "propose", 1).await;
    let later = shown(&suggestions(&app, &coordinator, &request_id).await);
    assert_eq!(later.len(), 4);
    assert_eq!(later[&dirk_offer].1, "Vrijwilliger D");
    for (offer, seen) in &first {
        assert_eq!(&later[offer], seen);
    }

    // Another request gets its own aliases: no tag is shared, and what is stored names no
    // volunteer.
    let other = request_for(&app, &coordinator, &initiative_id).await;
    assert_eq!(
        shown(&suggestions(&app, &coordinator, &other).await).len(),
        4
    );
    let shared = scalar(
        &app,
        &format!(
            "SELECT CAST(COUNT(*) AS TEXT) AS v FROM volunteer_aliases a \
             JOIN volunteer_aliases b ON a.tag = b.tag \
             WHERE a.request_id = '{request_id}' AND b.request_id = '{other}'"
        ),
    );
    assert_eq!(shared.as_deref(), Some("0"));
    assert_eq!(app.count("volunteer_aliases"), 8);
    for id in helpers
        .iter()
        .map(|h| h.0.as_str())
        .chain([dirk_id.as_str()])
    {
        assert!(
            !traces_of(&app, id)
                .iter()
                .any(|(table, _)| table == "volunteer_aliases"),
            "{id}"
        );
    }
}

#[actix_web::test]
async fn a_volunteer_who_applies_is_shown_to_the_coordinator_by_id_and_name_and_only_they() {
    let app = spawn_app().await;
    let helpers = three_helpers(&app).await;
    let (pia_id, pia, pia_offer, _) = helpers[0].clone();
    let second_offer = created(app.post("/api/v1/offers", Some(&pia), &offer_body(1)).await).await
        ["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, coordinator, _, request_id) = coordinator_with_request(&app, "Carla Coordinator").await;

    let before = shown(&suggestions(&app, &coordinator, &request_id).await);
    assert_eq!(before.len(), 4);
    assert_eq!(
        before[&pia_offer], before[&second_offer],
        "one volunteer, one alias"
    );

    let applied = matched(&app, &pia, &request_id, &pia_offer).await;
    let body = suggestions(&app, &coordinator, &request_id).await;
    let after = shown(&body);
    assert_eq!(after.len(), 3, "the applied pair is no longer suggested");
    assert_eq!(
        after[&second_offer],
        (json!(pia_id), "Pia Pannekoek".to_owned())
    );
    let text = body.to_string();
    for (id, _, offer, name) in &helpers[1..] {
        assert_eq!(after[offer], before[offer], "still the same alias");
        assert!(!text.contains(name), "{text}");
        assert!(!text.contains(id.as_str()), "{text}");
    }
    // The application itself names the volunteer to the coordinator.
    let m = ok(app
        .get(
            &format!("/api/v1/matches/{}", applied["id"].as_str().unwrap()),
            Some(&coordinator),
        )
        .await)
    .await;
    assert_eq!(m["volunteer_id"], pia_id.as_str());
}

#[actix_web::test]
async fn team_workers_and_admins_see_who_the_suggested_volunteers_are() {
    let app = spawn_app().await;
    let helpers = three_helpers(&app).await;
    let (_, coordinator, initiative_id, request_id) =
        coordinator_with_request(&app, "Carla Coordinator").await;
    let covering = app.team_id("WIJ Oosterparkwijk").await;
    let (worker_id, worker) = app.team_worker(&covering).await;
    let (elsewhere_id, elsewhere) = app.team_worker(&app.team_id("WIJ Beijum").await).await;
    let (_, admin) = app.admin().await;
    // Both also coordinate the initiative: only covering the wijk makes one vetted.
    for user_id in [&worker_id, &elsewhere_id] {
        let r = app
            .post(
                &format!("/api/v1/initiatives/{initiative_id}/coordinators"),
                Some(&coordinator),
                &json!({"user_id": user_id}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
    }
    let expected: BTreeMap<String, (Value, String)> = helpers
        .iter()
        .map(|(id, _, offer, name)| (offer.clone(), (json!(id), name.to_string())))
        .collect();
    for token in [&worker, &admin] {
        assert_eq!(
            shown(&suggestions(&app, token, &request_id).await),
            expected
        );
    }
    let aliased = shown(&suggestions(&app, &elsewhere, &request_id).await);
    assert!(
        aliased
            .values()
            .all(|(id, name)| id.is_null() && is_alias(name))
    );
    // The same aliases as the other coordinator's: one per request, whoever asks.
    assert_eq!(
        aliased,
        shown(&suggestions(&app, &coordinator, &request_id).await)
    );
}

#[actix_web::test]
async fn a_coordinators_proposal_names_the_volunteer_only_once_they_accept() {
    let app = spawn_app().await;
    let helpers = three_helpers(&app).await;
    let (bram_id, bram, bram_offer, _) = helpers[1].clone();
    let (cor_id, cor, cor_offer, _) = helpers[2].clone();
    let (_, coordinator, _, request_id) = coordinator_with_request(&app, "Carla Coordinator").await;
    let covering = app.team_id("WIJ Oosterparkwijk").await;
    let (_, worker) = app.team_worker(&covering).await;

    let proposal = matched(&app, &coordinator, &request_id, &bram_offer).await;
    assert_eq!(proposal["status"], "proposed");
    assert!(proposal["volunteer_id"].is_null(), "{proposal}");
    assert_eq!(proposal["offer_id"], bram_offer.as_str());
    let mid = proposal["id"].as_str().unwrap().to_owned();
    let declined = matched(&app, &coordinator, &request_id, &cor_offer).await;
    let declined = ok(act(&app, &cor, declined["id"].as_str().unwrap(), "decline").await).await;
    assert_eq!(declined["volunteer_id"], cor_id.as_str(), "their own match");

    // Every way the coordinator reads the match or the offer keeps the volunteer unnamed.
    let one = ok(app
        .get(&format!("/api/v1/matches/{mid}"), Some(&coordinator))
        .await)
    .await;
    let list = ok(app.get("/api/v1/matches", Some(&coordinator)).await).await;
    let offer = ok(app
        .get(&format!("/api/v1/offers/{bram_offer}"), Some(&coordinator))
        .await)
    .await;
    let declined_offer = ok(app
        .get(&format!("/api/v1/offers/{cor_offer}"), Some(&coordinator))
        .await)
    .await;
    assert!(one["volunteer_id"].is_null(), "{one}");
    assert_eq!(list["items"].as_array().unwrap().len(), 2, "{list}");
    assert!(
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["volunteer_id"].is_null()),
        "{list}"
    );
    assert!(offer["volunteer_id"].is_null(), "{offer}");
    assert!(
        declined_offer["volunteer_id"].is_null(),
        "a decline is no consent"
    );
    for body in [&one, &list, &offer, &declined_offer] {
        let text = body.to_string();
        assert!(
            !text.contains(&bram_id) && !text.contains(&cor_id),
            "{text}"
        );
    }
    // A vetted manager sees who it is.
    let seen = ok(app
        .get(&format!("/api/v1/matches/{mid}"), Some(&worker))
        .await)
    .await;
    assert_eq!(seen["volunteer_id"], bram_id.as_str());

    // Once the volunteer accepts, the coordinator may know them.
    let accepted = ok(act(&app, &bram, &mid, "accept").await).await;
    assert_eq!(accepted["status"], "confirmed");
    let one = ok(app
        .get(&format!("/api/v1/matches/{mid}"), Some(&coordinator))
        .await)
    .await;
    assert_eq!(one["volunteer_id"], bram_id.as_str());
    let offer = ok(app
        .get(&format!("/api/v1/offers/{bram_offer}"), Some(&coordinator))
        .await)
    .await;
    assert_eq!(offer["volunteer_id"], bram_id.as_str());
    // …and still after the match is cancelled.
    let cancelled = ok(act(&app, &coordinator, &mid, "cancel").await).await;
    assert_eq!(cancelled["volunteer_id"], bram_id.as_str());
}
