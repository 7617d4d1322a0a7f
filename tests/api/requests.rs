//! Support requests: who files, who sees the private part, audit of private reads,
//! validation, paging, close, delete and retention.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, error_fields, spawn_app};

/// WK001404 is covered by the seeded WIJ Oosterparkwijk.
const WIJK: &str = "WK001404";
const OTHER_WIJK: &str = "WK001406";
const NAME: &str = "Mevrouw Geheim-Jansen";
const CONTACT: &str = "050-1234567-geheim";
const NOTES: &str = "Valt vaak, slechthorend (geheime notitie)";
const ADDRESS: &str = "Geheimstraat 12a";

fn request_body(title: &str) -> Value {
    json!({
        "title": title,
        "description": "Wekelijks boodschappen doen met de buurvrouw",
        "category": "groceries",
        "skills": ["cycling"],
        "wijk_code": WIJK,
        "languages": ["nl"],
        "mode": "recurring",
        "schedule": {"kind": "weekly", "slots": [{"weekday": 2, "start": "10:00", "end": "12:00"}]},
        "hours_estimate": 1.5,
        "private": {
            "requester_name": NAME, "requester_contact": CONTACT, "private_notes": NOTES,
            "address": ADDRESS, "lat": 53.2101, "lon": 6.5902
        }
    })
}

async fn file(app: &TestApp, token: &str, body: &Value) -> Value {
    let r = app.post("/api/v1/requests", Some(token), body).await;
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );
    r.json().await.unwrap()
}

async fn get_json(app: &TestApp, path: &str, token: &str) -> Value {
    let r = app.get(path, Some(token)).await;
    assert_eq!(
        r.status(),
        StatusCode::OK,
        "{path}: {}",
        r.text().await.unwrap()
    );
    r.json().await.unwrap()
}

fn assert_public(v: &Value) {
    assert!(
        v.get("private").is_none(),
        "public view with a private key: {v}"
    );
    let text = v.to_string();
    for secret in [NAME, CONTACT, NOTES, ADDRESS, "53.2101", "6.5902"] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
}

fn assert_full(v: &Value) {
    assert_eq!(v["private"]["requester_name"], NAME, "{v}");
    assert_eq!(v["private"]["requester_contact"], CONTACT);
    assert_eq!(v["private"]["private_notes"], NOTES);
    assert_eq!(v["private"]["address"], ADDRESS);
    assert_eq!(v["private"]["lat"], 53.2101);
    assert_eq!(v["private"]["lon"], 6.5902);
}

/// `read_private` audit entries about one request, as an admin reads them.
async fn private_reads(app: &TestApp, admin: &str, id: &str) -> Vec<Value> {
    let log = get_json(app, &format!("/api/v1/audit?subject={id}&limit=200"), admin).await;
    log["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "read_private")
        .cloned()
        .collect()
}

/// How many private reads of `id` the audit log stands for (folded entries count each read).
async fn private_read_count(app: &TestApp, admin: &str, id: &str) -> i64 {
    private_reads(app, admin, id)
        .await
        .iter()
        .map(|e| e["count"].as_i64().unwrap())
        .sum()
}

struct Cast {
    worker_id: String,
    worker: String,
    colleague: String,
    other_worker: String,
    volunteer: String,
    admin_id: String,
    admin: String,
}

async fn cast(app: &TestApp) -> Cast {
    let team = app.team_id("WIJ Oosterparkwijk").await;
    let other_team = app.new_team("WIJ De Wijert", &[OTHER_WIJK]).await;
    let (worker_id, worker) = app.team_worker(&team).await;
    let (_, colleague) = app.team_worker(&team).await;
    let (_, other_worker) = app.team_worker(&other_team).await;
    let (_, volunteer) = app.volunteer("Vera").await;
    let (admin_id, admin) = app.admin().await;
    Cast {
        worker_id,
        worker,
        colleague,
        other_worker,
        volunteer,
        admin_id,
        admin,
    }
}

#[actix_web::test]
async fn requests_are_filed_by_covering_workers_coordinators_and_admins() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let body = request_body("Boodschappen");

    let r = file(&app, &c.worker, &body).await;
    assert_full(&r);
    assert_eq!(r["status"], "open");
    assert_eq!(r["helpers_needed"], 1, "default");
    assert_eq!(r["urgency"], "normal", "default");
    assert_eq!(r["places_held"], 0);
    assert_eq!(r["skills"], json!(["cycling"]));
    assert_eq!(r["schedule"]["kind"], "weekly");
    // The public location is the wijk centroid, never the resident's.
    let wijk = get_json(&app, &format!("/api/v1/wijken/{WIJK}"), &c.volunteer).await;
    assert_eq!(
        r["location"],
        json!({"lat": wijk["lat"], "lon": wijk["lon"]})
    );

    // A worker of a team that does not cover the wijk, a volunteer: 403. No token: 401.
    assert_problem(
        app.post("/api/v1/requests", Some(&c.other_worker), &body)
            .await,
        403,
    )
    .await;
    assert_problem(
        app.post("/api/v1/requests", Some(&c.volunteer), &body)
            .await,
        403,
    )
    .await;
    assert_problem(app.post("/api/v1/requests", None, &body).await, 401).await;
    // Someone who may not file at all hears 403, not what is wrong with the body.
    let mut invalid = body.clone();
    invalid.as_object_mut().unwrap().remove("private");
    invalid["title"] = json!("");
    assert_problem(
        app.post("/api/v1/requests", Some(&c.volunteer), &invalid)
            .await,
        403,
    )
    .await;
    // The other team's worker may file in its own wijk.
    let mut own = body.clone();
    own["wijk_code"] = json!(OTHER_WIJK);
    file(&app, &c.other_worker, &own).await;

    // Filing for a resident needs the private part, also for admins.
    let mut no_private = body.clone();
    no_private.as_object_mut().unwrap().remove("private");
    let p = assert_problem(
        app.post("/api/v1/requests", Some(&c.admin), &no_private)
            .await,
        400,
    )
    .await;
    assert_eq!(error_fields(&p), ["private"]);
    let mut elsewhere = body.clone();
    elsewhere["wijk_code"] = json!("WK001400");
    file(&app, &c.admin, &elsewhere).await;

    // A coordinator recruits helpers for their initiative, without a private part.
    let (_, coordinator) = app.volunteer("Carla").await;
    let i = crate::initiatives::create(
        &app,
        &coordinator,
        &crate::initiatives::initiative("Buurtkamer", OTHER_WIJK),
    )
    .await;
    let mut recruit = no_private.clone();
    recruit["initiative_id"] = i["id"].clone();
    recruit["helpers_needed"] = json!(3);
    recruit["urgency"] = json!("high");
    let r = file(&app, &coordinator, &recruit).await;
    assert_eq!(
        r["private"],
        Value::Null,
        "full view, no private part given"
    );
    assert_eq!(r["initiative_id"], i["id"]);
    assert_eq!(
        (r["helpers_needed"].as_i64(), r["urgency"].as_str()),
        (Some(3), Some("high"))
    );
    // Someone who does not coordinate it may not file for it.
    assert_problem(
        app.post("/api/v1/requests", Some(&c.volunteer), &recruit)
            .await,
        403,
    )
    .await;
    assert_eq!(app.count("requests"), 4);
}

#[actix_web::test]
async fn each_role_sees_its_projection_and_every_private_read_is_audited() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let r = file(&app, &c.worker, &request_body("Boodschappen")).await;
    let id = r["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/requests/{id}");
    // Answering the creation with the private part was one private read.
    assert_eq!(private_reads(&app, &c.admin, &id).await.len(), 1);

    for (who, token) in [
        ("creator", &c.worker),
        ("colleague", &c.colleague),
        ("admin", &c.admin),
    ] {
        let v = get_json(&app, &path, token).await;
        assert_full(&v);
        assert_eq!(v["title"], "Boodschappen", "{who}");
    }
    for (who, token) in [("other team", &c.other_worker), ("volunteer", &c.volunteer)] {
        let v = get_json(&app, &path, token).await;
        assert_public(&v);
        assert_eq!(v["id"], id.as_str(), "{who}");
        assert_eq!(v["wijk_code"], WIJK);
    }
    assert_problem(app.get(&path, None).await, 401).await;
    let reads = private_reads(&app, &c.admin, &id).await;
    // The creator's read folds into the entry of the creation answer: same actor, same day.
    assert_eq!(reads.len(), 3, "creation and creator + colleague + admin");
    let creator_read = reads
        .iter()
        .find(|e| e["actor_id"] == c.worker_id.as_str())
        .unwrap();
    assert_eq!(creator_read["count"], 2);
    let admin_read = &reads[0];
    assert_eq!(admin_read["actor_id"], c.admin_id.as_str());
    assert_eq!(admin_read["actor_role"], "admin");
    assert_eq!(admin_read["subject_type"], "request");
    assert!(
        reads
            .iter()
            .any(|e| e["actor_id"] == c.worker_id.as_str() && e["actor_role"] == "team_worker")
    );

    // Lists: each item projected per caller; private reads audited per item shown.
    let other = file(&app, &c.worker, &request_body("Tweede")).await;
    let other_id = other["id"].as_str().unwrap();
    let before = private_read_count(&app, &c.admin, &id).await;
    let before_other = private_read_count(&app, &c.admin, other_id).await;
    for token in [&c.volunteer, &c.other_worker] {
        let list = get_json(&app, "/api/v1/requests", token).await;
        assert_eq!(list["items"].as_array().unwrap().len(), 2);
        for item in list["items"].as_array().unwrap() {
            assert_public(item);
        }
    }
    assert_eq!(
        private_read_count(&app, &c.admin, &id).await,
        before,
        "public reads are not private reads"
    );
    let list = get_json(&app, "/api/v1/requests", &c.colleague).await;
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    items.iter().for_each(assert_full);
    assert_eq!(private_read_count(&app, &c.admin, &id).await, before + 1);
    assert_eq!(
        private_read_count(&app, &c.admin, other_id).await,
        before_other + 1
    );
    assert_problem(app.get("/api/v1/requests", None).await, 401).await;
}

#[actix_web::test]
async fn the_audit_log_is_for_admins_only() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let r = file(&app, &c.worker, &request_body("Boodschappen")).await;
    let id = r["id"].as_str().unwrap();
    let log = get_json(&app, &format!("/api/v1/audit?subject={id}"), &c.admin).await;
    let actions: Vec<&str> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions.len(), 2);
    assert!(
        actions.contains(&"create") && actions.contains(&"read_private"),
        "{actions:?}"
    );
    assert!(log["next_cursor"].is_null());
    assert_problem(app.get("/api/v1/audit", Some(&c.worker)).await, 403).await;
    assert_problem(app.get("/api/v1/audit", Some(&c.volunteer)).await, 403).await;
    assert_problem(app.get("/api/v1/audit", None).await, 401).await;
    assert_problem(app.get("/api/v1/audit?limit=0", Some(&c.admin)).await, 400).await;
}

#[actix_web::test]
async fn closing_hides_a_request_from_everyone_but_its_managers() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let r = file(&app, &c.worker, &request_body("Boodschappen")).await;
    let id = r["id"].as_str().unwrap().to_owned();
    let close = format!("/api/v1/requests/{id}/close");
    assert_problem(app.post(&close, Some(&c.volunteer), &json!({})).await, 403).await;
    assert_problem(
        app.post(&close, Some(&c.other_worker), &json!({})).await,
        403,
    )
    .await;
    assert_problem(app.post(&close, None, &json!({})).await, 401).await;
    assert_problem(
        app.post("/api/v1/requests/nope/close", Some(&c.admin), &json!({}))
            .await,
        404,
    )
    .await;
    let reads = private_reads(&app, &c.admin, &id).await.len();
    let r = app.post(&close, Some(&c.colleague), &json!({})).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        private_reads(&app, &c.admin, &id).await.len(),
        reads + 1,
        "the answer shows the private part"
    );
    let closed: Value = r.json().await.unwrap();
    assert_eq!(closed["status"], "closed");
    assert_full(&closed);
    assert_problem(app.post(&close, Some(&c.worker), &json!({})).await, 409).await;

    let path = format!("/api/v1/requests/{id}");
    for token in [&c.volunteer, &c.other_worker] {
        assert_problem(app.get(&path, Some(token)).await, 404).await;
        let list = get_json(&app, "/api/v1/requests", token).await;
        assert_eq!(list["items"], json!([]));
        let list = get_json(&app, "/api/v1/requests?status=closed", token).await;
        assert_eq!(list["items"], json!([]));
        // Not knowing it exists, they cannot act on it either.
        assert_problem(
            app.patch(&path, Some(token), &json!({"title": "x"})).await,
            404,
        )
        .await;
    }
    let list = get_json(&app, "/api/v1/requests?status=closed", &c.worker).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_full(&list["items"][0]);
    assert_full(&get_json(&app, &path, &c.admin).await);
    let p = assert_problem(
        app.patch(&path, Some(&c.worker), &json!({"title": "Weer open?"}))
            .await,
        409,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("closed"));
}

#[actix_web::test]
async fn deleting_erases_the_private_part_and_closes() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let r = file(&app, &c.worker, &request_body("Boodschappen")).await;
    let id = r["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/requests/{id}");
    assert_problem(app.delete(&path, Some(&c.volunteer)).await, 403).await;
    assert_problem(app.delete(&path, Some(&c.other_worker)).await, 403).await;
    assert_problem(app.delete(&path, None).await, 401).await;
    assert_problem(
        app.delete("/api/v1/requests/nope", Some(&c.admin)).await,
        404,
    )
    .await;
    let r = app.delete(&path, Some(&c.worker)).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.exec(&format!(
            "UPDATE requests SET title = title WHERE id = '{id}' AND status = 'closed' \
             AND requester_name IS NULL AND requester_contact IS NULL AND private_notes IS NULL \
             AND address IS NULL AND lat IS NULL AND lon IS NULL AND private_erased_at IS NOT NULL"
        )),
        1,
        "closed, private columns null"
    );
    let v = get_json(&app, &path, &c.admin).await;
    assert_eq!(v["status"], "closed");
    assert_eq!(v["private"], Value::Null);
    assert!(!v.to_string().contains(NAME));
    let log = get_json(&app, &format!("/api/v1/audit?subject={id}"), &c.admin).await;
    assert!(
        log["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "delete")
    );
}

#[actix_web::test]
async fn managers_patch_within_the_rules() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let r = file(&app, &c.worker, &request_body("Boodschappen")).await;
    let id = r["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/requests/{id}");

    assert_problem(
        app.patch(&path, Some(&c.volunteer), &json!({"title": "x"}))
            .await,
        403,
    )
    .await;
    assert_problem(
        app.patch(&path, Some(&c.other_worker), &json!({"title": "x"}))
            .await,
        403,
    )
    .await;
    assert_problem(app.patch(&path, None, &json!({"title": "x"})).await, 401).await;
    assert_problem(
        app.patch(
            "/api/v1/requests/nope",
            Some(&c.admin),
            &json!({"title": "x"}),
        )
        .await,
        404,
    )
    .await;
    for field in ["status", "initiative_id", "places_held", "id"] {
        let p = assert_problem(
            app.patch(&path, Some(&c.worker), &json!({field: "closed"}))
                .await,
            400,
        )
        .await;
        assert_eq!(error_fields(&p), [field]);
    }
    let r = app
        .patch(
            &path,
            Some(&c.colleague),
            &json!({"title": "Boodschappen en koffie", "schedule": null, "urgency": "high",
                    "private": {"requester_name": "Dhr. Ander"}}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["title"], "Boodschappen en koffie");
    assert_eq!(v["schedule"], Value::Null);
    assert_eq!(v["urgency"], "high");
    assert_eq!(v["private"]["requester_name"], "Dhr. Ander");
    assert_eq!(
        v["private"]["private_notes"],
        Value::Null,
        "the private part is replaced whole"
    );

    // Moving: only to a wijk the caller's team covers; admins anywhere.
    let p = assert_problem(
        app.patch(&path, Some(&c.worker), &json!({"wijk_code": OTHER_WIJK}))
            .await,
        403,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("wijk"));
    let r = app
        .patch(&path, Some(&c.admin), &json!({"wijk_code": OTHER_WIJK}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    // Coverage counts at the time of the call: now the other team manages it, the first team
    // no longer does, the worker who filed it included (filing gives no lasting right).
    let v = get_json(&app, &path, &c.other_worker).await;
    assert_eq!(v["private"]["requester_name"], "Dhr. Ander");
    let v = get_json(&app, &path, &c.colleague).await;
    assert!(v.get("private").is_none() && !v.to_string().contains("Dhr. Ander"));
    assert_problem(
        app.patch(&path, Some(&c.colleague), &json!({"title": "x"}))
            .await,
        403,
    )
    .await;
    let v = get_json(&app, &path, &c.worker).await;
    assert!(v.get("private").is_none() && !v.to_string().contains("Dhr. Ander"));

    // helpers_needed never below the places held (set here as matches would hold them); the
    // covering team's worker manages it now.
    app.exec(&format!(
        "UPDATE requests SET helpers_needed = 3, places_held = 2 WHERE id = '{id}'"
    ));
    let p = assert_problem(
        app.patch(
            &path,
            Some(&c.other_worker),
            &json!({"helpers_needed": 1, "title": "Nee"}),
        )
        .await,
        409,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("places held"));
    let v = get_json(&app, &path, &c.other_worker).await;
    assert_eq!(
        (v["helpers_needed"].as_i64(), v["title"].as_str()),
        (Some(3), Some("Boodschappen en koffie")),
        "nothing changed"
    );
    let r = app
        .patch(&path, Some(&c.other_worker), &json!({"helpers_needed": 2}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["status"], "filled", "every place held");
    let r = app
        .patch(
            &path,
            Some(&c.other_worker),
            &json!({"helpers_needed": 4.0}),
        )
        .await;
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["status"], "open", "a place free again");
    assert_eq!(
        v["helpers_needed"], 4,
        "a whole number may carry a zero fraction"
    );
    let r = app
        .patch(
            &path,
            Some(&c.other_worker),
            &json!({"helpers_needed": 4.5}),
        )
        .await;
    assert_eq!(
        error_fields(&assert_problem(r, 400).await),
        ["helpers_needed"]
    );
    let log = get_json(
        &app,
        &format!("/api/v1/audit?subject={id}&limit=200"),
        &c.admin,
    )
    .await;
    let updates = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "update")
        .count();
    assert_eq!(updates, 4, "one per successful PATCH");
}

#[actix_web::test]
async fn invalid_requests_are_refused_per_field_and_nothing_is_stored() {
    let app = spawn_app().await;
    let (_, admin) = app.admin().await;
    let base = request_body("Boodschappen");
    let once = |s: &str, e: &str| json!({"kind": "once", "starts_at": s, "ends_at": e});
    let slot = |d: i64, s: &str, e: &str| json!({"kind": "weekly", "slots": [{"weekday": d, "start": s, "end": e}]});
    let cases: Vec<(&str, Value, &str)> = vec![
        ("title", json!(""), "title"),
        ("title", json!("x".repeat(201)), "title"),
        ("description", json!("   "), "description"),
        ("description", json!("x".repeat(4001)), "description"),
        ("category", json!("knutselen"), "category"),
        ("skills", json!(["toveren"]), "skills[0]"),
        ("skills", json!(vec!["cycling"; 21]), "skills"),
        ("languages", json!(["xx"]), "languages[0]"),
        ("wijk_code", json!("WK009999"), "wijk_code"),
        ("mode", json!("sometimes"), "mode"),
        (
            "schedule",
            json!({"kind": "weekly", "slots": []}),
            "schedule.slots",
        ),
        (
            "schedule",
            slot(8, "10:00", "11:00"),
            "schedule.slots[0].weekday",
        ),
        (
            "schedule",
            slot(1, "11:00", "10:00"),
            "schedule.slots[0].end",
        ),
        (
            "schedule",
            slot(1, "9:00", "10:00"),
            "schedule.slots[0].start",
        ),
        (
            "schedule",
            once("2026-12-01T10:00:00Z", "2026-12-01T10:00:00Z"),
            "schedule.ends_at",
        ),
        (
            "schedule",
            once("2026-12-01T10:00:00Z", "2026-12-01T09:00:00Z"),
            "schedule.ends_at",
        ),
        ("schedule", json!({"kind": "monthly"}), "schedule.kind"),
        (
            "schedule",
            json!({"kind": "once", "starts_at": "2026-12-01T10:00:00Z", "ends_at": "2026-12-01T11:00:00Z", "tz": "CET"}),
            "schedule",
        ),
        ("hours_estimate", json!(0), "hours_estimate"),
        ("hours_estimate", json!(-1), "hours_estimate"),
        ("hours_estimate", json!(24.5), "hours_estimate"),
        ("helpers_needed", json!(0), "helpers_needed"),
        ("helpers_needed", json!(51), "helpers_needed"),
        ("helpers_needed", json!(2.5), "helpers_needed"),
        ("urgency", json!("urgent"), "urgency"),
        (
            "initiative_id",
            json!("no-such-initiative"),
            "initiative_id",
        ),
        ("status", json!("open"), "status"),
        (
            "private",
            json!({"requester_name": ""}),
            "private.requester_name",
        ),
        (
            "private",
            json!({"requester_name": "x".repeat(101)}),
            "private.requester_name",
        ),
        (
            "private",
            json!({"requester_name": "A", "requester_contact": "x".repeat(201)}),
            "private.requester_contact",
        ),
        (
            "private",
            json!({"requester_name": "A", "private_notes": "x".repeat(4001)}),
            "private.private_notes",
        ),
        (
            "private",
            json!({"requester_name": "A", "address": "x".repeat(201)}),
            "private.address",
        ),
        (
            "private",
            json!({"requester_name": "A", "lat": 91.0, "lon": 6.5}),
            "private.lat",
        ),
        (
            "private",
            json!({"requester_name": "A", "lat": 53.2, "lon": 181.0}),
            "private.lon",
        ),
        (
            "private",
            json!({"requester_name": "A", "lat": 53.2}),
            "private.lat",
        ),
        (
            "private",
            json!({"requester_name": "A", "bsn": "123"}),
            "private.bsn",
        ),
    ];
    for (field, value, expected) in cases {
        let mut body = base.clone();
        body[field] = value;
        let p = assert_problem(app.post("/api/v1/requests", Some(&admin), &body).await, 400).await;
        assert_eq!(error_fields(&p), [expected], "{body}");
    }
    // The boundaries themselves are fine.
    let mut edge = base.clone();
    edge["hours_estimate"] = json!(24);
    edge["helpers_needed"] = json!(50.0);
    edge["title"] = json!("x".repeat(200));
    edge["schedule"] = once("2026-12-01T10:00:00Z", "2026-12-01T10:30:00Z");
    let before = app.count("audit_log");
    assert_eq!(
        app.count("requests"),
        0,
        "nothing stored by refused requests"
    );
    let r = file(&app, &admin, &edge).await;
    assert_eq!(r["schedule"]["kind"], "once");
    assert_eq!(r["helpers_needed"], 50);
    assert_eq!(app.count("requests"), 1);
    assert_eq!(app.count("audit_log"), before + 2, "create + read_private");
}

#[actix_web::test]
async fn lists_page_across_boundaries_and_filter() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let mut ids = Vec::new();
    for n in 0..5 {
        let mut body = request_body(&format!("Verzoek {n}"));
        if n == 4 {
            body["category"] = json!("informal_care");
        }
        ids.push(
            file(&app, &c.worker, &body).await["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    ids.reverse();
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let path = match &cursor {
            Some(cur) => format!("/api/v1/requests?limit=2&cursor={cur}"),
            None => "/api/v1/requests?limit=2".to_owned(),
        };
        let page = get_json(&app, &path, &c.volunteer).await;
        pages += 1;
        for item in page["items"].as_array().unwrap() {
            assert_public(item);
            seen.push(item["id"].as_str().unwrap().to_owned());
        }
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, ids, "newest first, each once");
    let care = get_json(
        &app,
        "/api/v1/requests?category=informal_care",
        &c.volunteer,
    )
    .await;
    assert_eq!(care["items"].as_array().unwrap().len(), 1);
    let elsewhere = get_json(
        &app,
        &format!("/api/v1/requests?wijk={OTHER_WIJK}"),
        &c.volunteer,
    )
    .await;
    assert_eq!(elsewhere["items"], json!([]));
    for bad in [
        "limit=0",
        "limit=201",
        "cursor=forged",
        "wijk=WK009999",
        "category=x",
        "status=done",
    ] {
        assert_problem(
            app.get(&format!("/api/v1/requests?{bad}"), Some(&c.volunteer))
                .await,
            400,
        )
        .await;
    }
}

#[actix_web::test]
async fn retention_erases_private_parts_of_long_closed_requests() {
    {
        let app = spawn_app().await;
        let mut c = cast(&app).await;
        let old = file(&app, &c.worker, &request_body("Oud")).await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let recent = file(&app, &c.worker, &request_body("Recent")).await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let open = file(&app, &c.worker, &request_body("Open")).await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let close = async |token: &str, id: &str| {
            let r = app
                .post(
                    &format!("/api/v1/requests/{id}/close"),
                    Some(token),
                    &json!({}),
                )
                .await;
            assert_eq!(r.status(), StatusCode::OK);
        };
        // `old` closes two days before `recent` (a new login: the session ended meanwhile).
        close(&c.worker, &old).await;
        app.advance(chrono::Duration::days(2));
        c.worker = app.login_again(&c.worker).await;
        close(&c.worker, &recent).await;
        // A year less a day after `old` closed, nothing is erased yet.
        app.advance(chrono::Duration::days(362));
        assert_eq!(app.run_housekeeping().await.private_parts_erased, 0);
        c.worker = app.login_again(&c.worker).await;
        assert_full(&get_json(&app, &format!("/api/v1/requests/{old}"), &c.worker).await);
        // A year and a day after: `old` loses its private part, `recent` (364 days) not.
        app.advance(chrono::Duration::days(2));
        assert_eq!(app.run_housekeeping().await.private_parts_erased, 1);
        assert_eq!(
            app.run_housekeeping().await.private_parts_erased,
            0,
            "already erased"
        );
        c.worker = app.login_again(&c.worker).await;
        c.admin = app.login_again(&c.admin).await;
        let v = get_json(&app, &format!("/api/v1/requests/{old}"), &c.worker).await;
        assert_eq!(v["private"], Value::Null);
        assert_eq!(v["title"], "Oud", "the public face stays");
        for id in [&recent, &open] {
            assert_full(&get_json(&app, &format!("/api/v1/requests/{id}"), &c.worker).await);
        }
        let log = get_json(&app, &format!("/api/v1/audit?subject={old}"), &c.admin).await;
        let erase: Vec<&Value> = log["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == "erase")
            .collect();
        assert_eq!(erase.len(), 1);
        assert_eq!(erase[0]["actor_id"], Value::Null, "by the system");
    }
}

#[actix_web::test]
async fn an_initiatives_coordinators_manage_its_requests() {
    let app = spawn_app().await;
    let c = cast(&app).await;
    let (_, coordinator) = app.volunteer("Carla").await;
    let (co_id, co) = app.volunteer("Cees").await;
    let i = crate::initiatives::create(
        &app,
        &coordinator,
        &crate::initiatives::initiative("Buurtkamer", OTHER_WIJK),
    )
    .await;
    let mut body = request_body("Vrijwilligers gezocht");
    body["initiative_id"] = i["id"].clone();
    body["wijk_code"] = json!(OTHER_WIJK);
    let r = file(&app, &coordinator, &body).await;
    assert_full(&r);
    let path = format!("/api/v1/requests/{}", r["id"].as_str().unwrap());

    // Not (yet) a coordinator: the public face, and no right to edit.
    assert_public(&get_json(&app, &path, &co).await);
    assert_problem(
        app.patch(&path, Some(&co), &json!({"title": "x"})).await,
        403,
    )
    .await;
    // A worker of a team not covering the wijk sees the public face too.
    assert_public(&get_json(&app, &path, &c.worker).await);
    let r = app
        .post(
            &format!(
                "/api/v1/initiatives/{}/coordinators",
                i["id"].as_str().unwrap()
            ),
            Some(&coordinator),
            &json!({"user_id": co_id}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    // Added as coordinator: a manager now, from the next call on.
    assert_full(&get_json(&app, &path, &co).await);
    let r = app
        .patch(&path, Some(&co), &json!({"helpers_needed": 5}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    // The team covering the initiative's wijk manages it as well.
    assert_full(&get_json(&app, &path, &c.other_worker).await);
    let list = get_json(&app, "/api/v1/requests", &co).await;
    assert_full(&list["items"][0]);
}
