//! The volunteer's calendar: confirmed matches as iCalendar, read back by Python's
//! independent `icalendar` + `recurring_ical_events`, across a change of daylight saving
//! time; the secret feed, its replacement, revocation and erasure; nothing private in it.

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::Europe::Amsterdam;
use serde_json::{Value, json};

use crate::fixtures::*;
use crate::helpers::{TestApp, assert_problem, spawn_app};
use crate::open_data::python;

/// A confirmed match between the helper's offer and a new request with this schedule (filed
/// by the worker, with the fixtures' private part); the match id.
async fn confirmed(app: &TestApp, w: &World, helper: &str, offer: &str, body: Value) -> String {
    let request = created(app.post("/api/v1/requests", Some(&w.worker), &body).await).await;
    let request_id = request["id"].as_str().unwrap();
    let m = matched(app, &w.worker, request_id, offer).await;
    let id = m["id"].as_str().unwrap().to_owned();
    ok(act(app, helper, &id, "accept").await).await;
    id
}

async fn ics(r: reqwest::Response) -> String {
    let status = r.status();
    let content_type = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned());
    let text = r.text().await.unwrap();
    assert_eq!(status, 200, "{text}");
    assert_eq!(
        content_type.as_deref(),
        Some("text/calendar; charset=utf-8")
    );
    text
}

/// Tuesdays from `from` up to and including `to`.
fn tuesdays(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    from.iter_days()
        .take_while(|d| *d <= to)
        .filter(|d| d.weekday() == Weekday::Tue)
        .collect()
}

/// The last Sunday of a month (where daylight saving time begins or ends).
fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let mut d = NaiveDate::from_ymd_opt(year, month + 1, 1)
        .unwrap()
        .pred_opt()
        .unwrap();
    while d.weekday() != Weekday::Sun {
        d = d.pred_opt().unwrap();
    }
    d
}

#[actix_web::test]
async fn confirmed_matches_become_events_that_keep_their_local_time_across_summer_time() {
    let app = spawn_app().await;
    let w = world(&app, 1).await;
    let (_, helper, offer) = helper(&app, "Pia", "propose", 5).await;
    // The world's request: Tuesdays 10:00–12:00.
    let m = matched(&app, &w.worker, &w.request_id, &offer).await;
    let weekly = m["id"].as_str().unwrap().to_owned();
    ok(act(&app, &helper, &weekly, "accept").await).await;

    // A once-window on a Tuesday two weeks on, 10:00–11:00 Amsterdam time.
    let day = app.now().with_timezone(&Amsterdam).date_naive() + Duration::days(14);
    let day = day + Duration::days(i64::from((9 - day.weekday().number_from_monday()) % 7));
    let at = |h| {
        Amsterdam
            .from_local_datetime(&day.and_hms_opt(h, 0, 0).unwrap())
            .unwrap()
            .with_timezone(&Utc)
    };
    let mut body = request_body(1);
    body["title"] = json!("Mee naar de huisarts, met rolstoel; graag");
    body["mode"] = json!("one_off");
    body["hours_estimate"] = json!(1);
    body["schedule"] =
        json!({"kind": "once", "starts_at": at(10).to_rfc3339(), "ends_at": at(11).to_rfc3339()});
    let once = confirmed(&app, &w, &helper, &offer, body).await;
    // Any time: no event.
    let mut body = request_body(1);
    body["title"] = json!("Hulp wanneer het uitkomt");
    body["schedule"] = Value::Null;
    let anytime = confirmed(&app, &w, &helper, &offer, body).await;
    // Proposed, not confirmed: no event.
    let mut body = request_body(1);
    body["title"] = json!("Nog niet bevestigd");
    let pending_request = created(app.post("/api/v1/requests", Some(&w.worker), &body).await).await;
    matched(
        &app,
        &w.worker,
        pending_request["id"].as_str().unwrap(),
        &offer,
    )
    .await;

    let doc = ics(app.get("/api/v1/me/calendar.ics", Some(&helper)).await).await;
    assert!(doc.ends_with("\r\n") && !doc.replace("\r\n", "").contains('\n'));
    assert!(doc.split("\r\n").all(|l| l.len() <= 75), "{doc}");
    assert!(doc.contains("RRULE:FREQ=WEEKLY;BYDAY=TU\r\n"), "{doc}");
    assert!(doc.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Amsterdam\r\n"));
    assert!(
        doc.contains("\r\nSUMMARY:Mee naar de huisarts\\, met rolstoel\\; graag\r\n"),
        "{doc}"
    );
    assert!(!doc.contains(&anytime) && !doc.contains("Nog niet bevestigd"));

    // Nothing private: not the requester, their contact, the notes, the address or the
    // location, nor the description.
    for secret in [
        REQUESTER,
        NOTES,
        ADDRESS,
        "06-99999999",
        "53.2123",
        "Wekelijks boodschappen",
    ] {
        assert!(!doc.contains(secret), "{secret} in the calendar");
    }

    // Read back and expanded by an independent parser, from the next March to November.
    let year = app.now().with_timezone(&Amsterdam).year() + 1;
    let (from, to) = (
        NaiveDate::from_ymd_opt(year, 3, 1).unwrap(),
        NaiveDate::from_ymd_opt(year, 11, 30).unwrap(),
    );
    let Some(out) = python(
        "expand_calendar.py",
        &["icalendar", "recurring_ical_events"],
        &[&from.to_string(), &(to + Duration::days(1)).to_string()],
        doc.as_bytes(),
    ) else {
        return;
    };
    let occurrences: Vec<Value> = serde_json::from_str(&out).unwrap();
    let series: Vec<&Value> = occurrences
        .iter()
        .filter(|o| o["uid"].as_str().unwrap().starts_with(&weekly))
        .collect();
    assert_eq!(series.len(), tuesdays(from, to).len(), "{out}");
    assert_eq!(
        series.len(),
        occurrences.len(),
        "only the weekly series falls in this range"
    );
    let (summer_begins, summer_ends) = (last_sunday(year, 3), last_sunday(year, 10));
    for (o, tuesday) in series.iter().zip(tuesdays(from, to)) {
        assert_eq!(o["summary"], "Boodschappen op dinsdag");
        assert_eq!(o["location"], "Oud-Oost");
        assert_eq!(o["start_local"], format!("{tuesday}T10:00"), "{o}");
        assert_eq!(o["end_local"], format!("{tuesday}T12:00"), "{o}");
        // Ten o'clock stays ten o'clock: 09:00 UTC in winter, 08:00 UTC in summer.
        let utc_hour = if tuesday > summer_begins && tuesday < summer_ends {
            8
        } else {
            9
        };
        assert_eq!(
            o["start_utc"],
            format!("{tuesday}T{utc_hour:02}:00:00Z"),
            "{o}"
        );
    }
    assert!(
        series
            .iter()
            .any(|o| o["start_utc"].as_str().unwrap().ends_with("T09:00:00Z"))
    );
    assert!(
        series
            .iter()
            .any(|o| o["start_utc"].as_str().unwrap().ends_with("T08:00:00Z"))
    );

    // The once-window is one event, at its own time; the series began at the confirmation.
    let (soon, later) = (day - Duration::days(30), day + Duration::days(1));
    let out = python(
        "expand_calendar.py",
        &["icalendar", "recurring_ical_events"],
        &[&soon.to_string(), &later.to_string()],
        doc.as_bytes(),
    )
    .unwrap();
    let occurrences: Vec<Value> = serde_json::from_str(&out).unwrap();
    let single: Vec<&Value> = occurrences
        .iter()
        .filter(|o| o["uid"].as_str().unwrap().starts_with(&once))
        .collect();
    assert_eq!(single.len(), 1, "{out}");
    assert_eq!(
        single[0]["start_utc"],
        at(10).format("%Y-%m-%dT%H:%M:%SZ").to_string()
    );
    assert_eq!(
        single[0]["end_utc"],
        at(11).format("%Y-%m-%dT%H:%M:%SZ").to_string()
    );
    assert_eq!(
        single[0]["summary"],
        "Mee naar de huisarts, met rolstoel; graag"
    );
    let first = occurrences
        .iter()
        .filter(|o| o["uid"].as_str().unwrap().starts_with(&weekly))
        .map(|o| o["start_utc"].as_str().unwrap().to_owned())
        .min()
        .unwrap();
    let first = chrono::DateTime::parse_from_rfc3339(&first).unwrap();
    assert!(first >= app.now() - Duration::minutes(1) && first < app.now() + Duration::days(7));
}

#[actix_web::test]
async fn a_secret_feed_serves_the_calendar_until_it_is_replaced_or_revoked() {
    let app = spawn_app().await;
    let w = world(&app, 1).await;
    let (_, helper, offer) = helper(&app, "Pia", "propose", 1).await;
    let m = matched(&app, &w.worker, &w.request_id, &offer).await;
    ok(act(&app, &helper, m["id"].as_str().unwrap(), "accept").await).await;

    let path_of = |feed: &Value| -> String {
        let url = feed["url"].as_str().unwrap();
        let path = url
            .strip_prefix(&app.base)
            .expect("an absolute URL of this server");
        path.to_owned()
    };
    let feed = created(
        app.post("/api/v1/me/calendar-feed", Some(&helper), &json!({}))
            .await,
    )
    .await;
    let path = path_of(&feed);
    let token = path
        .strip_prefix("/calendar/")
        .and_then(|p| p.strip_suffix(".ics"))
        .unwrap();
    assert_eq!(token.len(), 43, "256 bits, base64url");
    // Only its hash is kept: the token itself is nowhere in the database.
    assert_eq!(crate::fixtures::traces_of(&app, token), Vec::new());
    assert_eq!(app.count("calendar_feeds"), 1);

    // Without a login, the same document as the logged-in read.
    let mine = ics(app.get("/api/v1/me/calendar.ics", Some(&helper)).await).await;
    let fed = ics(app.get(&path, None).await).await;
    assert_eq!(fed, mine);
    assert!(fed.contains("SUMMARY:Boodschappen op dinsdag"));
    let dutch = app
        .client
        .get(app.url(&path))
        .header("accept-language", "nl")
        .send()
        .await
        .unwrap();
    assert!(
        ics(dutch)
            .await
            .contains("X-WR-CALNAME:wijkmatch: mijn koppelingen\r\n")
    );

    // A new feed replaces the old one, even with an Idempotency-Key (never replayed).
    let again = |key: &'static str| {
        app.client
            .post(app.url("/api/v1/me/calendar-feed"))
            .bearer_auth(&helper)
            .header("idempotency-key", key)
            .send()
    };
    let second = created(again("k1").await.unwrap()).await;
    let third = created(again("k1").await.unwrap()).await;
    assert_ne!(second["url"], third["url"]);
    assert_ne!(second["url"], feed["url"]);
    assert_eq!(app.count("calendar_feeds"), 1);
    assert_problem(app.get(&path, None).await, 404).await;
    assert_problem(app.get(&path_of(&second), None).await, 404).await;
    let current = path_of(&third);
    ics(app.get(&current, None).await).await;

    // Revoked: 404, and nothing left.
    let r = app.delete("/api/v1/me/calendar-feed", Some(&helper)).await;
    assert_eq!(r.status(), 204);
    assert_problem(app.get(&current, None).await, 404).await;
    assert_eq!(app.count("calendar_feeds"), 0);
    // Revoking again changes nothing.
    assert_eq!(
        app.delete("/api/v1/me/calendar-feed", Some(&helper))
            .await
            .status(),
        204
    );
    assert_problem(app.get("/calendar/not-a-feed.ics", None).await, 404).await;
}

#[actix_web::test]
async fn the_calendar_needs_a_login_and_erasure_removes_the_feed() {
    let app = spawn_app().await;
    assert_problem(app.get("/api/v1/me/calendar.ics", None).await, 401).await;
    assert_problem(
        app.post("/api/v1/me/calendar-feed", None, &json!({})).await,
        401,
    )
    .await;
    assert_problem(app.delete("/api/v1/me/calendar-feed", None).await, 401).await;
    assert_eq!(app.count("calendar_feeds"), 0);

    let (_, token) = app.volunteer("Vera").await;
    // Without matches: a valid calendar with its zone and no events.
    let empty = ics(app.get("/api/v1/me/calendar.ics", Some(&token)).await).await;
    assert!(empty.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(!empty.contains("BEGIN:VEVENT"));
    let p = assert_problem(
        app.get("/api/v1/me/calendar.ics?from=2027-01-01", Some(&token))
            .await,
        400,
    )
    .await;
    assert_eq!(crate::helpers::error_fields(&p), ["from"]);

    let feed = created(
        app.post("/api/v1/me/calendar-feed", Some(&token), &json!({}))
            .await,
    )
    .await;
    let path = feed["url"]
        .as_str()
        .unwrap()
        .strip_prefix(&app.base)
        .unwrap()
        .to_owned();
    ics(app.get(&path, None).await).await;
    assert_eq!(app.delete("/api/v1/me", Some(&token)).await.status(), 204);
    assert_problem(app.get(&path, None).await, 404).await;
    assert_eq!(app.count("calendar_feeds"), 0);
}
