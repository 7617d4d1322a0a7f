//! Authorisation comes first: a caller who may not do an operation at all hears 401 or 403
//! (404 where the record is theirs alone to know) before any word about the body or the
//! query. Unknown query parameters are refused with 400 naming them.
//!
//! The tables cover every operation of the service's own OpenAPI document: a new operation
//! without a row fails the test, so the tables cannot go stale.

use std::collections::{BTreeMap, BTreeSet};

use reqwest::Method;
use serde_json::{Value, json};

use crate::fixtures::*;
use crate::helpers::{TestApp, assert_problem, error_fields, spawn_app};
use crate::initiatives::{create as create_initiative, initiative};
use crate::key_figures::key_figure;

/// Operations open to anyone: there is no caller without the right.
const OPEN_TO_ANYONE: &[(&str, &str, &str)] = &[
    (
        "POST",
        "/api/v1/auth/register",
        "anyone may register; the body is all there is to check",
    ),
    (
        "POST",
        "/api/v1/auth/login",
        "anyone may log in; the body is the credential",
    ),
    (
        "GET",
        "/calendar/{token}.ics",
        "the secret token in the path is the credential",
    ),
    (
        "POST",
        "/api/v1/auth/password-reset",
        "anyone may ask for a reset link; the answer is the same for every address",
    ),
    (
        "POST",
        "/api/v1/auth/password-reset/confirm",
        "the token in the body is the credential",
    ),
];

/// Who calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Who {
    Admin,
    /// A worker of the team covering the request's wijk; filed the request.
    Worker,
    /// A volunteer with a profile and an offer, in a confirmed match with the request.
    Helper,
    /// Coordinates the initiative.
    Coordinator,
    /// A volunteer with no relation to any record: sees what is public, may change none.
    Plain,
}

/// The records the rows act on, all existing and visible to [`Who::Plain`] where public.
struct Scene {
    tokens: BTreeMap<Who, String>,
    ids: BTreeMap<&'static str, String>,
}

impl Scene {
    fn token(&self, who: Who) -> &str {
        &self.tokens[&who]
    }

    /// The template with its `{…}` parameters filled from the scene.
    fn path(&self, template: &str) -> String {
        let mut path = template.to_owned();
        for (name, value) in &self.ids {
            path = path.replace(&format!("{{{name}}}"), value);
        }
        assert!(
            !path.contains('{'),
            "no value for a parameter of {template}"
        );
        path
    }
}

async fn scene(app: &TestApp) -> Scene {
    let w = world(app, 2).await;
    let (helper_id, helper_token, offer) = helper(app, "Pia", "propose", 1).await;
    let m = matched(app, &w.worker, &w.request_id, &offer).await;
    let match_id = m["id"].as_str().unwrap().to_owned();
    ok(act(app, &helper_token, &match_id, "accept").await).await;
    let hours = created(
        app.post(
            &format!("/api/v1/matches/{match_id}/hours"),
            Some(&helper_token),
            &json!({"date": crate::hours::today().to_string(), "hours": 1.5, "note": "boodschappen"}),
        )
        .await,
    )
    .await;
    let (coordinator_id, coordinator) = app.volunteer("Carla").await;
    let init = create_initiative(app, &coordinator, &initiative("Buurttuin", WIJK)).await;
    let init_id = init["id"].as_str().unwrap().to_owned();
    let team = app.team_id("WIJ Oosterparkwijk").await;
    let contact = created(
        app.post(
            &format!("/api/v1/wij-teams/{team}/contacts"),
            Some(&w.worker),
            &json!({"name": "Sanne Bakker", "role": "wijkwerker", "email": "s@example.org", "phone": "050-1234567", "expertise": "jeugd"}),
        )
        .await,
    )
    .await;
    let kf = created(
        app.post(
            "/api/v1/key-figures",
            Some(&w.worker),
            &key_figure("Henk", WIJK, "public"),
        )
        .await,
    )
    .await;
    let kf_id = kf["id"].as_str().unwrap().to_owned();
    let link = created(
        app.post(
            &format!("/api/v1/initiatives/{init_id}/partners"),
            Some(&coordinator),
            &json!({"kind": "key_figure", "id": kf_id, "role": "verbinder"}),
        )
        .await,
    )
    .await;
    let invitation = created(
        app.post(
            &format!("/api/v1/initiatives/{init_id}/partners"),
            Some(&coordinator),
            &json!({"kind": "volunteer", "id": helper_id, "role": "helper"}),
        )
        .await,
    )
    .await;
    let feed = created(
        app.post("/api/v1/me/calendar-feed", Some(&helper_token), &json!({}))
            .await,
    )
    .await;
    let feed_token = feed["url"].as_str().unwrap().rsplit('/').next().unwrap();
    let feed_token = feed_token.strip_suffix(".ics").unwrap().to_owned();
    let (plain_id, plain) = app.volunteer("Paul").await;
    let ids = BTreeMap::from([
        ("token", feed_token),
        ("request_id", w.request_id.clone()),
        ("offer_id", offer),
        ("match_id", match_id),
        ("hours_id", hours["id"].as_str().unwrap().to_owned()),
        ("team_id", team),
        ("contact_id", contact["id"].as_str().unwrap().to_owned()),
        ("initiative_id", init_id),
        ("coordinator_id", coordinator_id),
        ("key_figure_id", kf_id),
        ("link_id", link["link_id"].as_str().unwrap().to_owned()),
        (
            "invitation_id",
            invitation["link_id"].as_str().unwrap().to_owned(),
        ),
        ("user_id", plain_id),
        ("wijk_code", WIJK.to_owned()),
    ]);
    let tokens = BTreeMap::from([
        (Who::Admin, w.admin.clone()),
        (Who::Worker, w.worker.clone()),
        (Who::Helper, helper_token),
        (Who::Coordinator, coordinator),
        (Who::Plain, plain),
    ]);
    Scene { tokens, ids }
}

/// One operation: the path the scene fills in, who may not do it (and what they hear), and
/// one caller who may.
struct Row {
    method: &'static str,
    template: &'static str,
    path: &'static str,
    /// `None`: every logged-in caller may (or, for `POST /matches`, whether they may
    /// depends on the pair the body names), so there is only the anonymous 401.
    denied: Option<(Who, u16)>,
    allowed: Who,
}

const fn row(
    method: &'static str,
    template: &'static str,
    path: &'static str,
    denied: Option<(Who, u16)>,
    allowed: Who,
) -> Row {
    Row {
        method,
        template,
        path,
        denied,
        allowed,
    }
}

use Who::*;

/// Every write operation. 403: the caller sees the record but may not do this; 404: the
/// record is theirs alone to know (other users' offers, matches, hours and invitations).
const WRITES: &[Row] = &[
    row(
        "POST",
        "/api/v1/auth/logout",
        "/api/v1/auth/logout",
        None,
        Plain,
    ),
    row("PATCH", "/api/v1/me", "/api/v1/me", None, Plain),
    row(
        "POST",
        "/api/v1/me/calendar-feed",
        "/api/v1/me/calendar-feed",
        None,
        Plain,
    ),
    row(
        "DELETE",
        "/api/v1/me/calendar-feed",
        "/api/v1/me/calendar-feed",
        None,
        Plain,
    ),
    row("DELETE", "/api/v1/me", "/api/v1/me", None, Plain),
    row(
        "PUT",
        "/api/v1/me/notifications",
        "/api/v1/me/notifications",
        None,
        Plain,
    ),
    row(
        "POST",
        "/api/v1/users/{id}/password-reset",
        "/api/v1/users/{user_id}/password-reset",
        Some((Plain, 403)),
        Admin,
    ),
    row(
        "PUT",
        "/api/v1/me/password",
        "/api/v1/me/password",
        None,
        Plain,
    ),
    row(
        "PUT",
        "/api/v1/users/{id}/roles",
        "/api/v1/users/{user_id}/roles",
        Some((Plain, 403)),
        Admin,
    ),
    row(
        "POST",
        "/api/v1/wij-teams",
        "/api/v1/wij-teams",
        Some((Plain, 403)),
        Admin,
    ),
    row(
        "PATCH",
        "/api/v1/wij-teams/{id}",
        "/api/v1/wij-teams/{team_id}",
        Some((Plain, 403)),
        Worker,
    ),
    row(
        "POST",
        "/api/v1/wij-teams/{id}/contacts",
        "/api/v1/wij-teams/{team_id}/contacts",
        Some((Plain, 403)),
        Worker,
    ),
    row(
        "PATCH",
        "/api/v1/wij-teams/{id}/contacts/{contact_id}",
        "/api/v1/wij-teams/{team_id}/contacts/{contact_id}",
        Some((Plain, 403)),
        Worker,
    ),
    row(
        "DELETE",
        "/api/v1/wij-teams/{id}/contacts/{contact_id}",
        "/api/v1/wij-teams/{team_id}/contacts/{contact_id}",
        Some((Plain, 403)),
        Worker,
    ),
    row(
        "POST",
        "/api/v1/initiatives",
        "/api/v1/initiatives",
        None,
        Plain,
    ),
    row(
        "PATCH",
        "/api/v1/initiatives/{id}",
        "/api/v1/initiatives/{initiative_id}",
        Some((Plain, 403)),
        Coordinator,
    ),
    row(
        "DELETE",
        "/api/v1/initiatives/{id}",
        "/api/v1/initiatives/{initiative_id}",
        Some((Plain, 403)),
        Coordinator,
    ),
    row(
        "POST",
        "/api/v1/initiatives/{id}/coordinators",
        "/api/v1/initiatives/{initiative_id}/coordinators",
        Some((Plain, 403)),
        Coordinator,
    ),
    row(
        "DELETE",
        "/api/v1/initiatives/{id}/coordinators/{user_id}",
        "/api/v1/initiatives/{initiative_id}/coordinators/{coordinator_id}",
        Some((Plain, 403)),
        Coordinator,
    ),
    row(
        "POST",
        "/api/v1/initiatives/{id}/partners",
        "/api/v1/initiatives/{initiative_id}/partners",
        Some((Plain, 403)),
        Coordinator,
    ),
    row(
        "DELETE",
        "/api/v1/initiatives/{id}/partners/{link_id}",
        "/api/v1/initiatives/{initiative_id}/partners/{link_id}",
        Some((Plain, 403)),
        Coordinator,
    ),
    row(
        "POST",
        "/api/v1/volunteers/me/partner-links/{link_id}/confirm",
        "/api/v1/volunteers/me/partner-links/{invitation_id}/confirm",
        Some((Plain, 404)),
        Helper,
    ),
    row(
        "PUT",
        "/api/v1/volunteers/me",
        "/api/v1/volunteers/me",
        None,
        Plain,
    ),
    row(
        "POST",
        "/api/v1/key-figures",
        "/api/v1/key-figures",
        Some((Plain, 403)),
        Worker,
    ),
    row(
        "PATCH",
        "/api/v1/key-figures/{id}",
        "/api/v1/key-figures/{key_figure_id}",
        Some((Plain, 403)),
        Worker,
    ),
    row(
        "DELETE",
        "/api/v1/key-figures/{id}",
        "/api/v1/key-figures/{key_figure_id}",
        Some((Plain, 403)),
        Worker,
    ),
    row(
        "POST",
        "/api/v1/requests",
        "/api/v1/requests",
        Some((Plain, 403)),
        Worker,
    ),
    row(
        "PATCH",
        "/api/v1/requests/{id}",
        "/api/v1/requests/{request_id}",
        Some((Plain, 403)),
        Worker,
    ),
    row(
        "DELETE",
        "/api/v1/requests/{id}",
        "/api/v1/requests/{request_id}",
        Some((Plain, 403)),
        Worker,
    ),
    row(
        "POST",
        "/api/v1/requests/{id}/close",
        "/api/v1/requests/{request_id}/close",
        Some((Plain, 403)),
        Worker,
    ),
    row("POST", "/api/v1/offers", "/api/v1/offers", None, Plain),
    row(
        "PATCH",
        "/api/v1/offers/{id}",
        "/api/v1/offers/{offer_id}",
        Some((Plain, 404)),
        Helper,
    ),
    row(
        "DELETE",
        "/api/v1/offers/{id}",
        "/api/v1/offers/{offer_id}",
        Some((Plain, 404)),
        Helper,
    ),
    row("POST", "/api/v1/matches", "/api/v1/matches", None, Plain),
    row(
        "POST",
        "/api/v1/matches/{id}/accept",
        "/api/v1/matches/{match_id}/accept",
        Some((Plain, 404)),
        Worker,
    ),
    row(
        "POST",
        "/api/v1/matches/{id}/decline",
        "/api/v1/matches/{match_id}/decline",
        Some((Plain, 404)),
        Worker,
    ),
    row(
        "POST",
        "/api/v1/matches/{id}/complete",
        "/api/v1/matches/{match_id}/complete",
        Some((Plain, 404)),
        Worker,
    ),
    row(
        "POST",
        "/api/v1/matches/{id}/cancel",
        "/api/v1/matches/{match_id}/cancel",
        Some((Plain, 404)),
        Worker,
    ),
    row(
        "POST",
        "/api/v1/matches/{id}/hours",
        "/api/v1/matches/{match_id}/hours",
        Some((Plain, 404)),
        Helper,
    ),
    row(
        "POST",
        "/api/v1/hours/{id}/confirm",
        "/api/v1/hours/{hours_id}/confirm",
        Some((Plain, 404)),
        Worker,
    ),
    row(
        "POST",
        "/api/v1/hours/{id}/reject",
        "/api/v1/hours/{hours_id}/reject",
        Some((Plain, 404)),
        Worker,
    ),
    row(
        "POST",
        "/api/v1/matching/runs",
        "/api/v1/matching/runs",
        Some((Plain, 403)),
        Worker,
    ),
];

/// Every read. Reads decide role rights (403) before the query; a record the caller may not
/// know is answered by the read itself, after the query (a read that is audited is never
/// done for a request refused for its query).
const READS: &[Row] = &[
    row("GET", "/health", "/health", None, Plain),
    row("GET", "/ready", "/ready", None, Plain),
    // From loopback (as the tests are) no token is needed; tests/api/metrics.rs covers the rest.
    row("GET", "/metrics", "/metrics", None, Plain),
    row("GET", "/api/v1/me", "/api/v1/me", None, Plain),
    row("GET", "/api/v1/me/export", "/api/v1/me/export", None, Plain),
    row(
        "GET",
        "/api/v1/me/calendar.ics",
        "/api/v1/me/calendar.ics",
        None,
        Helper,
    ),
    row(
        "GET",
        "/api/v1/me/notifications",
        "/api/v1/me/notifications",
        None,
        Plain,
    ),
    row(
        "GET",
        "/api/v1/users",
        "/api/v1/users",
        Some((Plain, 403)),
        Admin,
    ),
    row(
        "GET",
        "/api/v1/vocabulary",
        "/api/v1/vocabulary",
        None,
        Plain,
    ),
    row("GET", "/api/v1/wijken", "/api/v1/wijken", None, Plain),
    row(
        "GET",
        "/api/v1/wijken.geojson",
        "/api/v1/wijken.geojson",
        None,
        Plain,
    ),
    row("GET", "/api/v1/buurten", "/api/v1/buurten", None, Plain),
    row(
        "GET",
        "/api/v1/wijken/{code}",
        "/api/v1/wijken/{wijk_code}",
        None,
        Plain,
    ),
    row(
        "GET",
        "/api/v1/wijken/{code}/partners",
        "/api/v1/wijken/{wijk_code}/partners",
        Some((Plain, 403)),
        Worker,
    ),
    row("GET", "/api/v1/wij-teams", "/api/v1/wij-teams", None, Plain),
    row(
        "GET",
        "/api/v1/wij-teams/{id}",
        "/api/v1/wij-teams/{team_id}",
        None,
        Plain,
    ),
    row(
        "GET",
        "/api/v1/wij-teams/{id}/contacts",
        "/api/v1/wij-teams/{team_id}/contacts",
        None,
        Plain,
    ),
    row(
        "GET",
        "/api/v1/initiatives",
        "/api/v1/initiatives",
        None,
        Plain,
    ),
    row(
        "GET",
        "/api/v1/initiatives.geojson",
        "/api/v1/initiatives.geojson",
        None,
        Plain,
    ),
    row(
        "GET",
        "/api/v1/initiatives/{id}",
        "/api/v1/initiatives/{initiative_id}",
        None,
        Plain,
    ),
    row(
        "GET",
        "/api/v1/initiatives/{id}/coordinators",
        "/api/v1/initiatives/{initiative_id}/coordinators",
        None,
        Plain,
    ),
    row(
        "GET",
        "/api/v1/initiatives/{id}/partners",
        "/api/v1/initiatives/{initiative_id}/partners",
        None,
        Plain,
    ),
    row(
        "GET",
        "/api/v1/volunteers/me",
        "/api/v1/volunteers/me",
        None,
        Helper,
    ),
    row(
        "GET",
        "/api/v1/volunteers",
        "/api/v1/volunteers",
        Some((Plain, 403)),
        Worker,
    ),
    row(
        "GET",
        "/api/v1/volunteers/{id}",
        "/api/v1/volunteers/{user_id}",
        None,
        Worker,
    ),
    row(
        "GET",
        "/api/v1/key-figures",
        "/api/v1/key-figures",
        None,
        Plain,
    ),
    row(
        "GET",
        "/api/v1/key-figures/{id}",
        "/api/v1/key-figures/{key_figure_id}",
        None,
        Plain,
    ),
    row("GET", "/api/v1/requests", "/api/v1/requests", None, Plain),
    row(
        "GET",
        "/api/v1/requests/{id}",
        "/api/v1/requests/{request_id}",
        None,
        Plain,
    ),
    row(
        "GET",
        "/api/v1/requests/{id}/suggestions",
        "/api/v1/requests/{request_id}/suggestions",
        Some((Plain, 403)),
        Worker,
    ),
    row(
        "GET",
        "/api/v1/audit",
        "/api/v1/audit",
        Some((Plain, 403)),
        Admin,
    ),
    row(
        "GET",
        "/api/v1/offers/mine",
        "/api/v1/offers/mine",
        None,
        Helper,
    ),
    row(
        "GET",
        "/api/v1/offers/{id}",
        "/api/v1/offers/{offer_id}",
        None,
        Helper,
    ),
    row(
        "GET",
        "/api/v1/offers/{id}/suggestions",
        "/api/v1/offers/{offer_id}/suggestions",
        Some((Plain, 404)),
        Helper,
    ),
    row("GET", "/api/v1/matches", "/api/v1/matches", None, Plain),
    row(
        "GET",
        "/api/v1/matches/{id}",
        "/api/v1/matches/{match_id}",
        None,
        Helper,
    ),
    row(
        "GET",
        "/api/v1/matches/{id}/hours",
        "/api/v1/matches/{match_id}/hours",
        None,
        Helper,
    ),
    row("GET", "/api/v1/me/hours", "/api/v1/me/hours", None, Helper),
    row(
        "GET",
        "/api/v1/me/hours/statement",
        "/api/v1/me/hours/statement",
        None,
        Helper,
    ),
    row(
        "GET",
        "/api/v1/stats/wijken",
        "/api/v1/stats/wijken",
        None,
        Plain,
    ),
];

/// Every (method, path) of the service's own OpenAPI document.
async fn documented_operations(app: &TestApp) -> BTreeSet<(String, String)> {
    let doc: Value = ok(app.get("/api-docs/openapi.json", None).await).await;
    let mut ops = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            ops.insert((method.to_uppercase(), path.clone()));
        }
    }
    ops
}

/// How a body is sent: not at all, as an empty JSON object (every required field missing),
/// or as broken JSON.
#[derive(Clone, Copy, Debug)]
enum Sent {
    Empty,
    Incomplete,
    Malformed,
}

async fn send(
    app: &TestApp,
    method: &str,
    path: &str,
    token: Option<&str>,
    sent: Sent,
) -> reqwest::Response {
    let method = Method::from_bytes(method.as_bytes()).unwrap();
    let mut req = app.client.request(method, app.url(path));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req = match sent {
        Sent::Empty => req,
        Sent::Incomplete => req.header("content-type", "application/json").body("{}"),
        Sent::Malformed => req
            .header("content-type", "application/json")
            .body("{\"name\": "),
    };
    req.send().await.expect("request sent")
}

#[actix_web::test]
async fn the_tables_cover_every_documented_operation() {
    let app = spawn_app().await;
    let documented = documented_operations(&app).await;
    let listed: BTreeSet<(String, String)> = WRITES
        .iter()
        .chain(READS)
        .map(|r| (r.method.to_owned(), r.template.to_owned()))
        .chain(
            OPEN_TO_ANYONE
                .iter()
                .map(|(m, p, _)| ((*m).to_owned(), (*p).to_owned())),
        )
        .collect();
    let missing: Vec<_> = documented.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&documented).collect();
    assert!(
        missing.is_empty(),
        "operations without a row in the authorisation tables: {missing:?}"
    );
    assert!(
        stale.is_empty(),
        "rows for undocumented operations: {stale:?}"
    );
}

#[actix_web::test]
async fn every_write_decides_who_may_before_a_word_about_the_body() {
    let app = spawn_app().await;
    let scene = scene(&app).await;
    let mut wrong = Vec::new();
    for r in WRITES {
        let path = scene.path(r.path);
        for sent in [Sent::Empty, Sent::Incomplete, Sent::Malformed] {
            let anonymous = send(&app, r.method, &path, None, sent).await.status();
            if anonymous != 401 {
                wrong.push(format!(
                    "{} {} {sent:?} anonymous: {anonymous}",
                    r.method, r.template
                ));
            }
            if let Some((who, expected)) = r.denied {
                let status = send(&app, r.method, &path, Some(scene.token(who)), sent)
                    .await
                    .status();
                if status != expected {
                    wrong.push(format!(
                        "{} {} {sent:?} as {who:?}: {status}, expected {expected}",
                        r.method, r.template
                    ));
                }
                // An unknown query parameter is a word about the query: it waits too.
                let status = send(
                    &app,
                    r.method,
                    &format!("{path}?bogus=1"),
                    Some(scene.token(who)),
                    sent,
                )
                .await
                .status();
                if status != expected {
                    wrong.push(format!(
                        "{} {}?bogus=1 {sent:?} as {who:?}: {status}, expected {expected}",
                        r.method, r.template
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "refused too late:\n{}", wrong.join("\n"));
}

#[actix_web::test]
async fn reads_decide_role_rights_before_the_query() {
    let app = spawn_app().await;
    let scene = scene(&app).await;
    let mut wrong = Vec::new();
    for r in READS {
        let Some((who, expected)) = r.denied else {
            continue;
        };
        let path = format!("{}?bogus=1&limit=nope", scene.path(r.path));
        let status = send(&app, "GET", &path, Some(scene.token(who)), Sent::Empty)
            .await
            .status();
        if status != expected {
            wrong.push(format!(
                "GET {} as {who:?}: {status}, expected {expected}",
                r.template
            ));
        }
        let status = send(&app, "GET", &path, None, Sent::Empty).await.status();
        if status != 401 {
            wrong.push(format!(
                "GET {} anonymous: {status}, expected 401",
                r.template
            ));
        }
    }
    assert!(wrong.is_empty(), "refused too late:\n{}", wrong.join("\n"));
}

/// Every operation, asked by a caller who may do it, with a parameter nobody documents:
/// 400 naming it, and nothing done.
#[actix_web::test]
async fn every_operation_refuses_unknown_query_parameters_by_name() {
    let app = spawn_app().await;
    let scene = scene(&app).await;
    let mut wrong = Vec::new();
    let rows = READS
        .iter()
        .chain(WRITES)
        .map(|r| (r.method, r.path, Some(scene.token(r.allowed))))
        .chain(OPEN_TO_ANYONE.iter().map(|(m, p, _)| (*m, *p, None)));
    for (method, template, token) in rows {
        let path = format!("{}?zz_unknown=1", scene.path(template));
        let r = send(&app, method, &path, token, Sent::Incomplete).await;
        let status = r.status();
        let body: Value = r.json().await.unwrap_or(Value::Null);
        if status != 400 || !error_fields(&body).contains(&"zz_unknown".to_owned()) {
            wrong.push(format!("{method} {template}: {status} {body}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "unknown query parameters not refused by name:\n{}",
        wrong.join("\n")
    );
    // Nothing was done: the caller still has their session, the request is still open.
    let me = ok(app.get("/api/v1/me", Some(scene.token(Plain))).await).await;
    assert_eq!(me["display_name"], "Paul");
    let request = ok(app
        .get(
            &scene.path("/api/v1/requests/{request_id}"),
            Some(scene.token(Worker)),
        )
        .await)
    .await;
    assert_eq!(request["status"], "open");
}

#[actix_web::test]
async fn a_typo_in_a_filter_is_a_400_naming_it_not_no_filter() {
    let app = spawn_app().await;
    let team = app.team_id("WIJ Oosterparkwijk").await;
    let (_, worker) = app.team_worker(&team).await;
    let (_, volunteer) = app.volunteer("Vera").await;

    // The social map filters by `kind`, not `type`: the typo is refused, not ignored.
    let map = format!("/api/v1/wijken/{WIJK}/partners");
    let p = assert_problem(
        app.get(&format!("{map}?type=initiative"), Some(&worker))
            .await,
        400,
    )
    .await;
    assert_eq!(error_fields(&p), ["type"]);
    ok(app
        .get(
            &format!("{map}?kind=initiative&theme=mantelzorg"),
            Some(&worker),
        )
        .await)
    .await;
    // Who may not read the map hears so first, whatever the query.
    assert_problem(
        app.get(&format!("{map}?type=initiative"), Some(&volunteer))
            .await,
        403,
    )
    .await;
    assert_problem(app.get(&format!("{map}?type=initiative"), None).await, 401).await;

    // Statistics are per wijk already: `?wijk=` filters nothing.
    let p = assert_problem(
        app.get(&format!("/api/v1/stats/wijken?wijk={WIJK}"), None)
            .await,
        400,
    )
    .await;
    assert_eq!(error_fields(&p), ["wijk"]);
    ok(app.get("/api/v1/stats/wijken?limit=5", None).await).await;
    // A bad token is refused before the query is looked at.
    let r = app
        .get("/api/v1/stats/wijken?wijk=x", Some("not-a-token"))
        .await;
    assert_problem(r, 401).await;

    // Several unknown ones are all named, each once; known ones stay accepted.
    let p = assert_problem(
        app.get(
            "/api/v1/initiatives?wijk=WK001404&thema=x&q=tuin&thema=y&sort=name",
            None,
        )
        .await,
        400,
    )
    .await;
    assert_eq!(error_fields(&p), ["thema", "sort"]);
    ok(app
        .get(
            "/api/v1/initiatives?wijk=WK001404&theme=mantelzorg&q=tuin",
            None,
        )
        .await)
    .await;
    let p = assert_problem(
        app.get("/api/v1/requests?categorie=groceries", Some(&volunteer))
            .await,
        400,
    )
    .await;
    assert_eq!(error_fields(&p), ["categorie"]);
    ok(app
        .get(
            "/api/v1/requests?category=groceries&status=open",
            Some(&volunteer),
        )
        .await)
    .await;

    // An operation that takes no parameters refuses any.
    let p = assert_problem(app.get("/api/v1/me?foo=1", Some(&volunteer)).await, 400).await;
    assert_eq!(error_fields(&p), ["foo"]);
    let p = assert_problem(app.get("/health?foo=1", None).await, 400).await;
    assert_eq!(error_fields(&p), ["foo"]);
    ok(app.get("/api/v1/me", Some(&volunteer)).await).await;
}

/// The OpenAPI document lists each accepted parameter, so a client generated from it never
/// sends one the server refuses; and every operation documents the 400 it may now answer.
#[actix_web::test]
async fn the_document_lists_every_accepted_parameter_and_the_400() {
    let app = spawn_app().await;
    let doc: Value = ok(app.get("/api-docs/openapi.json", None).await).await;
    let params = |path: &str| -> Vec<String> {
        doc["paths"][path]["get"]["parameters"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter(|p| p["in"] == "query")
                    .map(|p| p["name"].as_str().unwrap().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(
        params("/api/v1/wijken/{code}/partners"),
        ["kind", "theme", "limit", "cursor"]
    );
    assert_eq!(params("/api/v1/stats/wijken"), ["limit", "cursor"]);
    assert_eq!(
        params("/api/v1/initiatives"),
        ["wijk", "theme", "q", "limit", "cursor"]
    );
    assert_eq!(
        params("/api/v1/requests"),
        ["wijk", "category", "status", "limit", "cursor"]
    );
    assert!(params("/api/v1/me").is_empty());
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            assert!(
                op["responses"]["400"].is_object(),
                "{method} {path} does not document 400"
            );
        }
    }
}
