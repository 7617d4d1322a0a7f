//! A small wijk with a team, a request and volunteers with offers, for the matching tests.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::TestApp;

/// Covered by the seeded WIJ Oosterparkwijk.
pub const WIJK: &str = "WK001404";
pub const REQUESTER: &str = "Mevrouw Zeldzaam-Geheim";
pub const NOTES: &str = "Heeft hulp nodig na ziekenhuisopname (geheim)";
pub const ADDRESS: &str = "Verborgenstraat 77";

pub fn request_body(helpers_needed: i64) -> Value {
    json!({
        "title": "Boodschappen op dinsdag",
        "description": "Wekelijks boodschappen doen",
        "category": "groceries",
        "skills": ["cycling"],
        "wijk_code": WIJK,
        "languages": ["nl"],
        "mode": "recurring",
        "schedule": {"kind": "weekly", "slots": [{"weekday": 2, "start": "10:00", "end": "12:00"}]},
        "hours_estimate": 1.5,
        "helpers_needed": helpers_needed,
        "private": {"requester_name": REQUESTER, "requester_contact": "06-99999999",
                    "private_notes": NOTES, "address": ADDRESS, "lat": 53.2123, "lon": 6.5901}
    })
}

pub fn profile(name: &str, contact_preference: &str) -> Value {
    json!({
        "display_name": name,
        "wijk_code": WIJK,
        "lat": 53.2111, "lon": 6.5899,
        "max_distance_km": 3,
        "skills": ["cooking"],
        "languages": ["nl", "en"],
        "availability": [{"weekday": 2, "start": "09:00", "end": "12:00"}],
        "hours_per_week": 4,
        "modes": ["one_off", "recurring"],
        "contact_preference": contact_preference
    })
}

pub fn valid_until(days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(days)).to_rfc3339()
}

pub fn offer_body(max_matches: i64) -> Value {
    json!({
        "title": "Ik fiets graag naar de supermarkt",
        "categories": ["groceries"],
        "skills": ["cycling"],
        "wijk_codes": [WIJK],
        "hours_per_week": 3,
        "max_matches": max_matches,
        "valid_until": valid_until(30)
    })
}

pub async fn created(r: reqwest::Response) -> Value {
    let status = r.status();
    let body = r.text().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    serde_json::from_str(&body).unwrap()
}

pub async fn ok(r: reqwest::Response) -> Value {
    let status = r.status();
    let body = r.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str(&body).unwrap()
}

/// A volunteer with a profile: (id, token).
pub async fn volunteer(app: &TestApp, name: &str, contact_preference: &str) -> (String, String) {
    let (id, token) = app.volunteer(name).await;
    ok(app
        .put(
            "/api/v1/volunteers/me",
            Some(&token),
            &profile(name, contact_preference),
        )
        .await)
    .await;
    (id, token)
}

/// A volunteer with a profile and one offer: (id, token, offer id).
pub async fn helper(
    app: &TestApp,
    name: &str,
    contact_preference: &str,
    max_matches: i64,
) -> (String, String, String) {
    let (id, token) = volunteer(app, name, contact_preference).await;
    let offer = created(
        app.post("/api/v1/offers", Some(&token), &offer_body(max_matches))
            .await,
    )
    .await;
    (id, token, offer["id"].as_str().unwrap().to_owned())
}

pub struct World {
    pub worker_id: String,
    pub worker: String,
    pub admin: String,
    pub request_id: String,
}

/// A worker of the team covering [`WIJK`], an admin, and one request filed by the worker.
pub async fn world(app: &TestApp, helpers_needed: i64) -> World {
    let team = app.team_id("WIJ Oosterparkwijk").await;
    let (worker_id, worker) = app.team_worker(&team).await;
    let (_, admin) = app.admin().await;
    let request = created(
        app.post(
            "/api/v1/requests",
            Some(&worker),
            &request_body(helpers_needed),
        )
        .await,
    )
    .await;
    World {
        worker_id,
        worker,
        admin,
        request_id: request["id"].as_str().unwrap().to_owned(),
    }
}

pub async fn new_request(app: &TestApp, token: &str, helpers_needed: i64) -> String {
    created(
        app.post(
            "/api/v1/requests",
            Some(token),
            &request_body(helpers_needed),
        )
        .await,
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// File a request; the answer.
pub async fn file_request(app: &TestApp, token: &str) -> reqwest::Response {
    app.post("/api/v1/requests", Some(token), &request_body(1))
        .await
}

/// Propose or apply: the match.
pub async fn matched(app: &TestApp, token: &str, request_id: &str, offer_id: &str) -> Value {
    created(
        app.post(
            "/api/v1/matches",
            Some(token),
            &json!({"request_id": request_id, "offer_id": offer_id}),
        )
        .await,
    )
    .await
}

pub async fn act(app: &TestApp, token: &str, match_id: &str, action: &str) -> reqwest::Response {
    app.post(
        &format!("/api/v1/matches/{match_id}/{action}"),
        Some(token),
        &json!({}),
    )
    .await
}

/// One column of one row, as text (for asserting what is stored).
pub fn scalar(app: &TestApp, sql: &str) -> Option<String> {
    #[derive(diesel::QueryableByName)]
    struct One {
        #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
        v: Option<String>,
    }
    use diesel::RunQueryDsl;
    let mut conn = app.ctx.db.get().unwrap();
    let rows: Vec<One> = diesel::sql_query(sql).load(&mut *conn).unwrap();
    rows.into_iter().next().and_then(|r| r.v)
}

/// Every (table, column) in the database, on either backend.
pub fn all_columns(app: &TestApp) -> Vec<(String, String)> {
    #[derive(diesel::QueryableByName)]
    struct Col {
        #[diesel(sql_type = diesel::sql_types::Text)]
        t: String,
        #[diesel(sql_type = diesel::sql_types::Text)]
        c: String,
    }
    use diesel::RunQueryDsl;
    let mut conn = app.ctx.db.get().unwrap();
    let sql = if app.database().postgres().is_some() {
        "SELECT table_name::text AS t, column_name::text AS c FROM information_schema.columns \
         WHERE table_schema = 'public'"
    } else {
        "SELECT m.name AS t, p.name AS c FROM sqlite_master m, pragma_table_info(m.name) p \
         WHERE m.type = 'table'"
    };
    diesel::sql_query(sql)
        .load::<Col>(&mut *conn)
        .unwrap()
        .into_iter()
        .map(|c| (c.t, c.c))
        .collect()
}

/// The (table, column) pairs where `needle` occurs anywhere in the database.
pub fn traces_of(app: &TestApp, needle: &str) -> Vec<(String, String)> {
    let needle = needle.replace('\'', "''");
    all_columns(app)
        .into_iter()
        .filter(|(t, c)| {
            let n = scalar(
                app,
                &format!(
                    "SELECT CAST(COUNT(*) AS TEXT) AS v FROM \"{t}\" \
                     WHERE CAST(\"{c}\" AS TEXT) LIKE '%{needle}%'"
                ),
            );
            n.as_deref() != Some("0")
        })
        .collect()
}
