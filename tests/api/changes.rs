//! The change feed: what a write appends, in its transaction and in `seq` order, and what
//! retention keeps.

use serde_json::json;
use wijkmatch::db::changes::ChangeRow;
use wijkmatch::domain::changes::{ChangeKind, Entity};
use wijkmatch::service::changes::{self, Position};

use crate::fixtures::*;
use crate::helpers::{TestApp, assert_problem, spawn_app};

fn feed(app: &TestApp) -> Vec<ChangeRow> {
    let mut conn = app.ctx.db.get().unwrap();
    changes::after(&mut conn, 0, 1000).unwrap()
}

fn summary(rows: &[ChangeRow]) -> Vec<(ChangeKind, Entity, String, Vec<String>)> {
    rows.iter()
        .map(|r| {
            (
                r.kind,
                r.entity,
                r.entity_id.clone(),
                r.fields.as_slice().to_vec(),
            )
        })
        .collect()
}

#[actix_web::test]
async fn each_request_write_appends_what_changed_in_seq_order() {
    let app = spawn_app().await;
    let w = world(&app, 2).await;
    let id = w.request_id.clone();
    let path = format!("/api/v1/requests/{id}");
    let changed = app
        .patch(
            &path,
            Some(&w.worker),
            &json!({"title": "Boodschappen op dinsdag", "helpers_needed": 3}),
        )
        .await;
    assert_eq!(changed.status().as_u16(), 200);
    let closed = app
        .post(&format!("{path}/close"), Some(&w.worker), &json!({}))
        .await;
    assert_eq!(closed.status().as_u16(), 200);
    assert_eq!(
        app.delete(&path, Some(&w.worker)).await.status().as_u16(),
        204
    );

    let rows = feed(&app);
    let strings = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        summary(&rows),
        [
            (ChangeKind::Created, Entity::Request, id.clone(), vec![]),
            (
                ChangeKind::Updated,
                Entity::Request,
                id.clone(),
                strings(&["helpers_needed", "title"])
            ),
            (
                ChangeKind::Updated,
                Entity::Request,
                id.clone(),
                strings(&["status"])
            ),
            (ChangeKind::Deleted, Entity::Request, id.clone(), vec![]),
        ]
    );
    assert!(rows.windows(2).all(|p| p[0].seq < p[1].seq));
    // Names of fields, never their values: nothing typed by a person is in the feed.
    let text = format!("{rows:?}");
    assert!(!text.contains("Boodschappen"), "{text}");
}

#[actix_web::test]
async fn a_refused_write_appends_nothing() {
    let app = spawn_app().await;
    let w = world(&app, 1).await;
    let before = feed(&app).len();
    let path = format!("/api/v1/requests/{}", w.request_id);
    assert_problem(
        app.patch(&path, Some(&w.worker), &json!({"title": ""}))
            .await,
        400,
    )
    .await;
    let (_, volunteer) = app.volunteer("Vera").await;
    assert_problem(
        app.patch(&path, Some(&volunteer), &json!({"title": "x"}))
            .await,
        403,
    )
    .await;
    assert_eq!(feed(&app).len(), before);
}

#[actix_web::test]
async fn a_change_rolled_back_with_its_write_leaves_no_row() {
    let app = spawn_app().await;
    let mut conn = app.ctx.db.get().unwrap();
    let before = changes::after(&mut conn, 0, 1000).unwrap().len();
    let failed: Result<(), wijkmatch::error::AppError> = conn.write_tx(|conn| {
        changes::record(conn, ChangeKind::Created, Entity::Offer, "o1", &[])?;
        Err(wijkmatch::error::AppError::internal(
            "the write fails after its append",
        ))
    });
    assert!(failed.is_err());
    assert_eq!(changes::after(&mut conn, 0, 1000).unwrap().len(), before);
}

#[actix_web::test]
async fn retention_prunes_old_changes_and_a_reader_behind_them_must_rebuild() {
    let app = spawn_app().await;
    let w = world(&app, 1).await;
    let first = feed(&app)[0].seq;
    let mut conn = app.ctx.db.get().unwrap();
    assert_eq!(
        changes::position(&mut conn, 0).unwrap(),
        Position::CanCatchUp
    );
    drop(conn);
    let days = app.settings.privacy.changes_retention_days;
    app.advance(chrono::Duration::days(days + 1));
    let token = app.login_again(&w.worker).await;
    new_request(&app, &token, 1).await;
    let housekept = app.run_housekeeping().await;
    assert!(housekept.changes >= 1, "{housekept:?}");
    let rows = feed(&app);
    assert_eq!(rows.len(), 1, "only the new request's row is kept");
    assert!(rows[0].seq > first);
    let mut conn = app.ctx.db.get().unwrap();
    // A reader that saw nothing missed the pruned row; one that saw it missed nothing.
    assert_eq!(
        changes::position(&mut conn, 0).unwrap(),
        Position::MustRebuild
    );
    assert_eq!(
        changes::position(&mut conn, first).unwrap(),
        Position::CanCatchUp
    );
}

/// Concurrent writers: every append gets its own `seq`, and a reader that walks the feed
/// by `seq` sees each exactly once.
#[actix_web::test]
async fn concurrent_writes_each_append_once() {
    let app = spawn_app().await;
    let w = world(&app, 1).await;
    let filings = (0..12).map(|_| new_request(&app, &w.worker, 1));
    let ids: Vec<String> = futures_util::future::join_all(filings).await;
    let rows = feed(&app);
    let created: Vec<&str> = rows
        .iter()
        .filter(|r| r.kind == ChangeKind::Created)
        .map(|r| r.entity_id.as_str())
        .collect();
    assert_eq!(created.len(), 13);
    for id in &ids {
        assert_eq!(created.iter().filter(|c| **c == id).count(), 1);
    }
    assert!(rows.windows(2).all(|p| p[0].seq < p[1].seq));
}

/// The registry reports to the feed too: an initiative's creation, its changes (by the
/// fields named) and its deletion, and a WIJ-team's change.
#[actix_web::test]
async fn registry_writes_append_their_changes() {
    let app = spawn_app().await;
    let (_, token) = app.volunteer("Cor").await;
    let created = crate::initiatives::create(
        &app,
        &token,
        &crate::initiatives::initiative("Buurtsoep", "WK001404"),
    )
    .await;
    let id = created["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/initiatives/{id}");
    let patched = app
        .patch(
            &path,
            Some(&token),
            &json!({"name": "Buurtsoep Oost", "themes": ["mantelzorg"]}),
        )
        .await;
    assert_eq!(patched.status().as_u16(), 200);
    assert_eq!(app.delete(&path, Some(&token)).await.status().as_u16(), 204);
    let team = app.team_id("WIJ Oosterparkwijk").await;
    let (_, admin) = app.admin().await;
    let renamed = app
        .patch(
            &format!("/api/v1/wij-teams/{team}"),
            Some(&admin),
            &json!({"walk_in_hours": "dinsdag 9-12"}),
        )
        .await;
    assert_eq!(renamed.status().as_u16(), 200);

    let strings = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let rows: Vec<_> = summary(&feed(&app))
        .into_iter()
        .filter(|(_, entity, _, _)| matches!(entity, Entity::Initiative | Entity::Team))
        .collect();
    assert_eq!(
        rows,
        [
            (ChangeKind::Created, Entity::Initiative, id.clone(), vec![]),
            (
                ChangeKind::Updated,
                Entity::Initiative,
                id.clone(),
                strings(&["name", "themes"])
            ),
            (ChangeKind::Deleted, Entity::Initiative, id.clone(), vec![]),
            (
                ChangeKind::Updated,
                Entity::Team,
                team,
                strings(&["walk_in_hours"])
            ),
        ]
    );
}

/// Offers, matches and profiles report what matching reads: an offer's creation and the
/// fields a change sets; a match's steps with the places they take or free on both sides
/// (and a request that fills); a profile's changed fields; a withdrawal and an expiry.
#[actix_web::test]
async fn offer_match_and_profile_writes_append_their_changes() {
    let app = spawn_app().await;
    let w = world(&app, 1).await;
    let (vid, token, offer) = helper(&app, "Anna", "propose", 2).await;
    let start = feed(&app).len() - 2;
    let patched = app
        .patch(
            &format!("/api/v1/offers/{offer}"),
            Some(&token),
            &json!({"max_distance_km": 5, "title": "Boodschappen met de fiets"}),
        )
        .await;
    assert_eq!(patched.status().as_u16(), 200);
    let m = matched(&app, &w.worker, &w.request_id, &offer).await;
    let mid = m["id"].as_str().unwrap().to_owned();
    assert_eq!(
        act(&app, &token, &mid, "accept").await.status().as_u16(),
        200
    );
    assert_eq!(
        act(&app, &token, &mid, "complete").await.status().as_u16(),
        200
    );
    let mut moved = profile("Anna", "propose");
    moved["languages"] = json!(["nl"]);
    ok(app.put("/api/v1/volunteers/me", Some(&token), &moved).await).await;
    // The same profile again changes nothing, and says nothing.
    ok(app.put("/api/v1/volunteers/me", Some(&token), &moved).await).await;
    let mut brief = offer_body(1);
    brief["valid_until"] = json!(valid_until(1));
    let short = created(app.post("/api/v1/offers", Some(&token), &brief).await).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        app.delete(&format!("/api/v1/offers/{offer}"), Some(&token))
            .await
            .status()
            .as_u16(),
        204
    );
    app.advance(chrono::Duration::days(2));
    assert_eq!(app.run_offer_expiry().await, 1);

    let strings = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let r = w.request_id.clone();
    let u = |e, id: &String, f: &[&str]| (ChangeKind::Updated, e, id.clone(), strings(f));
    assert_eq!(
        summary(&feed(&app)[start..]),
        [
            (ChangeKind::Created, Entity::Volunteer, vid.clone(), vec![]),
            (ChangeKind::Created, Entity::Offer, offer.clone(), vec![]),
            u(Entity::Offer, &offer, &["max_distance_km", "title"]),
            (ChangeKind::Created, Entity::Match, mid.clone(), vec![]),
            // accept: the request filled, both places taken, the match confirmed
            u(Entity::Request, &r, &["status"]),
            u(Entity::Request, &r, &["places_held"]),
            u(Entity::Offer, &offer, &["confirmed_matches"]),
            u(Entity::Match, &mid, &["status"]),
            // complete: the offer's match is free again
            u(Entity::Offer, &offer, &["confirmed_matches"]),
            u(Entity::Match, &mid, &["status"]),
            u(Entity::Volunteer, &vid, &["languages"]),
            (ChangeKind::Created, Entity::Offer, short.clone(), vec![]),
            u(Entity::Offer, &offer, &["status"]),
            u(Entity::Offer, &short, &["status"]),
        ]
    );
}

/// Cancelling a confirmed match frees both places; closing a request cancels its pending
/// matches: each match that changed is reported.
#[actix_web::test]
async fn cancelled_matches_are_reported_one_by_one() {
    let app = spawn_app().await;
    let w = world(&app, 2).await;
    let (_, anna, a_offer) = helper(&app, "Anna", "propose", 1).await;
    let (_, _, b_offer) = helper(&app, "Bert", "propose", 1).await;
    let confirmed = matched(&app, &w.worker, &w.request_id, &a_offer).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        act(&app, &anna, &confirmed, "accept")
            .await
            .status()
            .as_u16(),
        200
    );
    let pending = matched(&app, &w.worker, &w.request_id, &b_offer).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let start = feed(&app).len();
    assert_eq!(
        act(&app, &anna, &confirmed, "cancel")
            .await
            .status()
            .as_u16(),
        200
    );
    let closed = app
        .post(
            &format!("/api/v1/requests/{}/close", w.request_id),
            Some(&w.worker),
            &json!({}),
        )
        .await;
    assert_eq!(closed.status().as_u16(), 200);
    let strings = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let r = w.request_id.clone();
    let u = |e, id: &String, f: &[&str]| (ChangeKind::Updated, e, id.clone(), strings(f));
    assert_eq!(
        summary(&feed(&app)[start..]),
        [
            u(Entity::Request, &r, &["places_held"]),
            u(Entity::Offer, &a_offer, &["confirmed_matches"]),
            u(Entity::Match, &confirmed, &["status"]),
            u(Entity::Match, &pending, &["status"]),
            u(Entity::Request, &r, &["status"]),
        ]
    );
}
