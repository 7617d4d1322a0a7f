//! The live index: suggestions answered from memory equal those ranked from the tables
//! after any sequence of writes; another instance sees a write within a second; an instance
//! that fell behind the pruned feed rebuilds.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};
use wijkmatch::domain::account::Caller;
use wijkmatch::service::sessions::{self, SessionLimits};
use wijkmatch::service::suggestions::{self, Source};

use crate::fixtures::*;
use crate::helpers::TestApp;
use crate::helpers::spawn_app;

/// Wijken around [`WIJK`], near and far.
const WIJKEN: [&str; 5] = ["WK001404", "WK001417", "WK001400", "WK001419", "WK001405"];

/// One write, on indexes into what exists so far (taken modulo its length).
#[derive(Debug, Clone)]
enum Op {
    File {
        wijk: usize,
        helpers: i64,
    },
    Close(usize),
    Offer {
        volunteer: usize,
        wijk: usize,
        km: u8,
        max: i64,
        days: i64,
    },
    ChangeOffer {
        offer: usize,
        km: u8,
    },
    Withdraw(usize),
    /// A day passes and the expiry job runs.
    Expire,
    Propose {
        request: usize,
        offer: usize,
    },
    Apply {
        request: usize,
        offer: usize,
    },
    Answer {
        m: usize,
        accept: bool,
    },
    Finish {
        m: usize,
        complete: bool,
    },
    Move {
        volunteer: usize,
        wijk: usize,
        km: u8,
        propose: bool,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let ix = || 0..8usize;
    prop_oneof![
        3 => (ix(), 1..3i64).prop_map(|(wijk, helpers)| Op::File { wijk, helpers }),
        1 => ix().prop_map(Op::Close),
        3 => (ix(), ix(), 0..6u8, 1..3i64, 1..4i64).prop_map(|(volunteer, wijk, km, max, days)| {
            Op::Offer { volunteer, wijk, km, max, days }
        }),
        1 => (ix(), 0..6u8).prop_map(|(offer, km)| Op::ChangeOffer { offer, km }),
        1 => ix().prop_map(Op::Withdraw),
        1 => Just(Op::Expire),
        3 => (ix(), ix()).prop_map(|(request, offer)| Op::Propose { request, offer }),
        2 => (ix(), ix()).prop_map(|(request, offer)| Op::Apply { request, offer }),
        3 => (ix(), any::<bool>()).prop_map(|(m, accept)| Op::Answer { m, accept }),
        1 => (ix(), any::<bool>()).prop_map(|(m, complete)| Op::Finish { m, complete }),
        1 => (ix(), ix(), 0..6u8, any::<bool>()).prop_map(|(volunteer, wijk, km, propose)| {
            Op::Move { volunteer, wijk, km, propose }
        }),
    ]
}

/// Who acts, and what exists.
struct World {
    admin: String,
    volunteers: Vec<String>,
    requests: Vec<String>,
    /// (offer id, index of its volunteer)
    offers: Vec<(String, usize)>,
    /// (match id, index of the offer's volunteer, proposed by the admin)
    matches: Vec<(String, usize, bool)>,
}

fn pick<T>(v: &[T], i: usize) -> Option<&T> {
    (!v.is_empty()).then(|| &v[i % v.len()])
}

fn profile_in(name: &str, wijk: &str, km: u8, propose: bool) -> Value {
    let mut p = profile(
        name,
        if propose {
            "propose"
        } else {
            "only_when_i_ask"
        },
    );
    p["wijk_code"] = json!(wijk);
    p["max_distance_km"] = json!(km);
    p
}

async fn apply(app: &TestApp, w: &mut World, op: &Op) {
    match *op {
        Op::File { wijk, helpers } => {
            let mut body = request_body(helpers);
            body["wijk_code"] = json!(WIJKEN[wijk % WIJKEN.len()]);
            let r = created(app.post("/api/v1/requests", Some(&w.admin), &body).await).await;
            w.requests.push(r["id"].as_str().unwrap().to_owned());
        }
        Op::Close(i) => {
            if let Some(r) = pick(&w.requests, i) {
                app.post(
                    &format!("/api/v1/requests/{r}/close"),
                    Some(&w.admin),
                    &json!({}),
                )
                .await;
            }
        }
        Op::Offer {
            volunteer,
            wijk,
            km,
            max,
            days,
        } => {
            let v = volunteer % w.volunteers.len();
            let mut body = offer_body(max);
            body["wijk_codes"] = json!([WIJKEN[wijk % WIJKEN.len()]]);
            body["max_distance_km"] = json!(km);
            body["valid_until"] = json!((app.now() + chrono::Duration::days(days)).to_rfc3339());
            let o = created(
                app.post("/api/v1/offers", Some(&w.volunteers[v]), &body)
                    .await,
            )
            .await;
            w.offers.push((o["id"].as_str().unwrap().to_owned(), v));
        }
        Op::ChangeOffer { offer, km } => {
            if let Some((o, v)) = pick(&w.offers, offer) {
                let body = json!({"max_distance_km": km});
                app.patch(
                    &format!("/api/v1/offers/{o}"),
                    Some(&w.volunteers[*v]),
                    &body,
                )
                .await;
            }
        }
        Op::Withdraw(i) => {
            if let Some((o, v)) = pick(&w.offers, i) {
                app.delete(&format!("/api/v1/offers/{o}"), Some(&w.volunteers[*v]))
                    .await;
            }
        }
        Op::Expire => {
            app.advance(chrono::Duration::hours(25));
            w.admin = app.login_again(&w.admin).await;
            for t in &mut w.volunteers {
                *t = app.login_again(t).await;
            }
            app.run_offer_expiry().await;
        }
        Op::Propose { request, offer } | Op::Apply { request, offer } => {
            let (Some(r), Some((o, v))) = (pick(&w.requests, request), pick(&w.offers, offer))
            else {
                return;
            };
            let by_admin = matches!(op, Op::Propose { .. });
            let token = if by_admin {
                &w.admin
            } else {
                &w.volunteers[*v]
            };
            let body = json!({"request_id": r, "offer_id": o});
            let answer = app.post("/api/v1/matches", Some(token), &body).await;
            if answer.status().as_u16() == 201 {
                let m: Value = answer.json().await.unwrap();
                w.matches
                    .push((m["id"].as_str().unwrap().to_owned(), *v, by_admin));
            }
        }
        Op::Answer { m, accept } => {
            if let Some((id, v, by_admin)) = pick(&w.matches, m) {
                // The other side answers.
                let token = if *by_admin {
                    &w.volunteers[*v]
                } else {
                    &w.admin
                };
                act(app, token, id, if accept { "accept" } else { "decline" }).await;
            }
        }
        Op::Finish { m, complete } => {
            if let Some((id, _, _)) = pick(&w.matches, m) {
                act(
                    app,
                    &w.admin,
                    id,
                    if complete { "complete" } else { "cancel" },
                )
                .await;
            }
        }
        Op::Move {
            volunteer,
            wijk,
            km,
            propose,
        } => {
            let v = volunteer % w.volunteers.len();
            let body = profile_in(&format!("V{v}"), WIJKEN[wijk % WIJKEN.len()], km, propose);
            ok(app
                .put("/api/v1/volunteers/me", Some(&w.volunteers[v]), &body)
                .await)
            .await;
        }
    }
}

fn caller(app: &TestApp, conn: &mut wijkmatch::db::DbConnection, token: &str) -> Caller {
    let claims = app.ctx.tokens.verify(token, app.now().timestamp()).unwrap();
    let limits = SessionLimits::from_settings(&app.settings.auth);
    sessions::authenticate(conn, &claims, &limits, wijkmatch::db::now()).unwrap()
}

/// Every request's and every offer's suggestions, from memory and from the tables: they
/// must be the same. Returns how many of them were not empty.
fn compare(app: &TestApp, w: &World, ops: &[Op]) -> usize {
    let _now = app.ctx.clock.install();
    let mut conn = app.ctx.db.get().unwrap();
    let live = Source::Live(&app.ctx.live);
    let weights = &app.settings.matching.weights;
    let key = &app.ctx.aliases;
    let mut shown = 0;
    let admin = caller(app, &mut conn, &w.admin);
    for r in &w.requests {
        let from = |source| {
            suggestions::for_request_from(
                &mut app.ctx.db.get().unwrap(),
                source,
                &admin,
                r,
                10,
                weights,
                key,
            )
            .map(|v| serde_json::to_value(v).unwrap())
            .unwrap()
        };
        let (held, oracle) = (from(live), from(Source::Tables));
        assert_eq!(held, oracle, "request {r} after {ops:#?}");
        shown += usize::from(oracle.as_array().is_some_and(|a| !a.is_empty()));
    }
    for (o, v) in &w.offers {
        let owner = caller(app, &mut conn, &w.volunteers[*v]);
        let from = |source| {
            suggestions::for_offer_from(
                &mut app.ctx.db.get().unwrap(),
                source,
                &owner,
                o,
                10,
                weights,
            )
            .map(|v| serde_json::to_value(v).unwrap())
            .unwrap()
        };
        let (held, oracle) = (from(live), from(Source::Tables));
        assert_eq!(held, oracle, "offer {o} after {ops:#?}");
        shown += usize::from(oracle.as_array().is_some_and(|a| !a.is_empty()));
    }
    shown
}

/// Random sequences of writes through the API (offers made, changed, withdrawn and expired;
/// requests filed and closed; matches proposed, applied, accepted, declined, completed and
/// cancelled; profiles moved): after each, every suggestion this instance answers from
/// memory equals the one ranked from the tables. Each case runs on a fresh app; a failing
/// case prints its writes (the runner draws them; cases are not shrunk, as each step is a
/// round trip to a running server).
#[actix_web::test]
async fn live_suggestions_equal_the_tables_after_any_writes() {
    let cases = 4;
    let mut runner = TestRunner::new(Config::with_cases(cases));
    let strategy = prop::collection::vec(op(), 12..28);
    let mut shown = 0;
    for _ in 0..cases {
        let ops = strategy.new_tree(&mut runner).unwrap().current();
        let app = spawn_app().await;
        let (_, admin) = app.admin().await;
        let mut volunteers = Vec::new();
        for (i, wijk) in WIJKEN.iter().take(3).enumerate() {
            let (_, token) = app.volunteer(&format!("V{i}")).await;
            let body = profile_in(&format!("V{i}"), wijk, 3, i != 2);
            ok(app.put("/api/v1/volunteers/me", Some(&token), &body).await).await;
            volunteers.push(token);
        }
        let mut w = World {
            admin,
            volunteers,
            requests: Vec::new(),
            offers: Vec::new(),
            matches: Vec::new(),
        };
        for (n, op) in ops.iter().enumerate() {
            apply(&app, &mut w, op).await;
            shown += compare(&app, &w, &ops[..=n]);
        }
    }
    assert!(
        shown > 0,
        "the writes never made a suggestion: the test shows nothing"
    );
}

/// Poll `path` on `base` until `done` holds of its items, for at most `within`.
async fn eventually(
    app: &TestApp,
    base: &str,
    path: &str,
    token: &str,
    within: Duration,
    done: impl Fn(&[Value]) -> bool,
) -> Duration {
    let started = Instant::now();
    loop {
        let page: Value = app
            .client
            .get(format!("{base}{path}"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if done(page["items"].as_array().unwrap()) {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < within,
            "not seen within {within:?}: {page}"
        );
        actix_web::rt::time::sleep(Duration::from_millis(20)).await;
    }
}

fn offers_in(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["offer_id"].as_str().unwrap().to_owned())
        .collect()
}

/// Two instances on one PostgreSQL database: what one writes, the other's suggestions show
/// within a second; an instance started later builds from the tables and follows too.
#[actix_web::test]
async fn another_instance_shows_a_write_in_its_suggestions_within_a_second() {
    let app = spawn_app().await;
    if app.database().postgres().is_none() {
        return;
    }
    let w = world(&app, 1).await;
    let (_, anna, anna_offer) = helper(&app, "Anna", "propose", 1).await;
    let other = app.second_instance();
    let path = format!("/api/v1/requests/{}/suggestions?limit=10", w.request_id);
    let second = Duration::from_secs(1);
    let has = |o: &str| {
        let o = o.to_owned();
        move |items: &[Value]| offers_in(items).contains(&o)
    };
    eventually(
        &app,
        &other.base,
        &path,
        &w.worker,
        second,
        has(&anna_offer),
    )
    .await;

    // A new offer on the first instance reaches the second's suggestions.
    let (_, _, bert_offer) = helper(&app, "Bert", "propose", 1).await;
    let took = eventually(
        &app,
        &other.base,
        &path,
        &w.worker,
        second,
        has(&bert_offer),
    )
    .await;
    assert!(took < second, "{took:?}");
    // A withdrawal there takes the offer out here.
    let gone = app
        .delete(&format!("/api/v1/offers/{anna_offer}"), Some(&anna))
        .await;
    assert_eq!(gone.status().as_u16(), 204);
    let lacks = move |items: &[Value]| !offers_in(items).contains(&anna_offer);
    eventually(&app, &other.base, &path, &w.worker, second, lacks).await;
    // A proposal on the second instance takes the pair out of the first's suggestions.
    let m = {
        let r = app
            .client
            .post(format!("{}/api/v1/matches", other.base))
            .bearer_auth(&w.worker)
            .json(&json!({"request_id": w.request_id, "offer_id": bert_offer}))
            .send()
            .await
            .unwrap();
        created(r).await["id"].as_str().unwrap().to_owned()
    };
    let lacks_bert = {
        let b = bert_offer.clone();
        move |items: &[Value]| !offers_in(items).contains(&b)
    };
    eventually(&app, &app.base, &path, &w.worker, second, lacks_bert).await;
    assert!(!m.is_empty());

    // An instance started now (a restart) builds from the tables and follows the feed.
    let (_, _, cor_offer) = helper(&app, "Cor", "propose", 1).await;
    let restarted = app.second_instance();
    eventually(
        &app,
        &restarted.base,
        &path,
        &w.worker,
        second,
        has(&cor_offer),
    )
    .await;
    let (_, _, dirk_offer) = helper(&app, "Dirk", "propose", 1).await;
    eventually(
        &app,
        &restarted.base,
        &path,
        &w.worker,
        second,
        has(&dirk_offer),
    )
    .await;
}

/// An instance whose next feed rows were pruned cannot catch up from the feed: it rebuilds
/// from the tables, and then answers what they hold.
#[actix_web::test]
async fn an_index_behind_the_pruned_feed_rebuilds() {
    let app = spawn_app().await;
    let live = wijkmatch::service::live::Live::new();
    {
        let _now = app.ctx.clock.install();
        let mut conn = app.ctx.db.get().unwrap();
        live.catch_up(&mut conn).unwrap();
    }
    assert_eq!(live.status().unwrap().rebuilds, 1);
    // Written, never applied to this index, and then pruned.
    let w = world(&app, 1).await;
    let days = app.settings.privacy.changes_retention_days;
    app.advance(chrono::Duration::days(days + 1));
    let worker = app.login_again(&w.worker).await;
    new_request(&app, &worker, 1).await;
    let (_, _, offer) = helper(&app, "Anna", "propose", 1).await;
    app.run_housekeeping().await;
    let _now = app.ctx.clock.install();
    let mut conn = app.ctx.db.get().unwrap();
    live.catch_up(&mut conn).unwrap();
    let status = live.status().unwrap();
    assert_eq!(status.rebuilds, 2, "{status:?}");
    assert_eq!((status.offers, status.requests), (1, 2), "{status:?}");
    let top = live
        .top_offers(
            &mut conn,
            &w.request_id,
            10,
            app.now(),
            &app.settings.matching.weights,
        )
        .unwrap()
        .unwrap();
    assert_eq!(top.len(), 1);
    assert_eq!(top[0].offer_id.to_string(), offer);
    // Caught up, it stays put: nothing new, nothing applied, no rebuild.
    assert_eq!(live.catch_up(&mut conn).unwrap(), 0);
    assert_eq!(live.status().unwrap().rebuilds, 2);
}
